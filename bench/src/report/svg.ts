/** One bar group of the chart: a query and its ratios by series. */
export interface RatioGroup {
  readonly label: string;
  readonly ratios: Readonly<Record<string, number | undefined>>;
}

const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/**
 * A grouped bar chart of ratios (Ibex ÷ peer) on a log scale, with a line
 * at 1: below it Ibex is faster. Plain SVG text, no dependency.
 */
export function ratioChart(title: string, series: readonly string[], groups: readonly RatioGroup[]): string {
  const width = 60 + groups.length * (series.length * 7 + 10) + 160;
  const height = 320;
  const [top, bottom, left] = [40, 260, 50];
  const values = groups
    .flatMap((g) => series.map((s) => g.ratios[s]))
    .filter((v): v is number => v !== undefined && v > 0);
  const lo = Math.min(0.1, ...values);
  const hi = Math.max(10, ...values);
  const y = (v: number) =>
    bottom - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (bottom - top);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">${esc(title)}</text>`,
  ];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) {
    const v = 10 ** e;
    out.push(
      `<line x1="${left}" x2="${width - 150}" y1="${y(v)}" y2="${y(v)}" stroke="${v === 1 ? "#000" : "#ddd"}"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}×</text>`,
    );
  }
  groups.forEach((g, i) => {
    const x0 = left + 10 + i * (series.length * 7 + 10);
    series.forEach((s, j) => {
      const v = g.ratios[s];
      if (v === undefined || !(v > 0)) return;
      const [a, b] = [y(Math.max(v, lo)), y(1)];
      out.push(
        `<rect x="${x0 + j * 7}" y="${Math.min(a, b)}" width="6" height="${Math.max(1, Math.abs(a - b))}" fill="${COLORS[j % COLORS.length]}"><title>${esc(`${g.label} ${s}: ${v.toFixed(2)}`)}</title></rect>`,
      );
    });
    out.push(
      `<text x="${x0 + (series.length * 7) / 2}" y="${bottom + 14}" text-anchor="middle">${esc(g.label)}</text>`,
    );
  });
  series.forEach((s, j) => {
    out.push(
      `<rect x="${width - 140}" y="${top + j * 16}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/>`,
      `<text x="${width - 125}" y="${top + j * 16 + 9}">${esc(s)}</text>`,
    );
  });
  out.push(
    `<text x="${left}" y="${height - 10}">Ibex (Substrait lane) time ÷ other time, log scale; below 1× Ibex is faster.</text>`,
    "</svg>",
  );
  return out.join("\n");
}
