import type { Stats } from "../stats.js";
import type { Engine } from "../suites/tpch.js";
import { ENGINES } from "../suites/tpch.js";
import type { BenchResult } from "./result.js";
import { ratios } from "./result.js";

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const cell = (s: Stats | undefined, digits = 1) =>
  s === undefined ? "–" : `${f(s.median, digits)} (${f(s.min, digits)}–${f(s.max, digits)})`;
const ratio = (a: Stats | undefined, b: Stats | undefined) =>
  a === undefined || b === undefined ? "–" : f(a.median / b.median, 2);

const LABEL: Record<Engine, string> = {
  "ibex-substrait": "Ibex (Substrait)",
  "ibex-dataframe": "Ibex (DataFrame)",
  "engine-floor": "engine floor",
  duckdb: "DuckDB",
  polars: "nodejs-polars",
};

/** The run as Markdown: targets first, then every table of medians (min–max) and ratios. */
export function markdown(r: BenchResult, chart?: string): string {
  const m = r.machine;
  const o = r.options;
  const lines: string[] = [
    `Run ${m.date.slice(0, 10)} on commit \`${m.commit}\`: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}.`,
    `TPC-H scale factor ${o.scaleFactor}, ${o.reps} repetitions after ${o.warmup} warm-up (seed ${o.seed}); medians with (min–max).`,
    "",
    "## Targets",
    "",
    "| target | goal | measured | met |",
    "|---|---|---|---|",
    ...r.targets.map((t) => `| ${t.name} | ${t.goal} | ${t.measured} | ${t.met ? "yes" : "**no**"} |`),
    "",
    "## Build + compile latency (µs per query)",
    "",
    `DSL calls → IR → Substrait bytes, against Python Ibis ${r.compile.ibis.version ?? ""} building the same query and compiling it to SQL${r.compile.ibis.substrait ? " and to Substrait" : ""}.${r.compile.ibis.note ? ` ${r.compile.ibis.note}` : ""}`,
    "",
    "| query | Ibex | Ibis → SQL | Ibis ÷ Ibex |",
    "|---|---|---|---|",
    ...r.compile.rows.map(
      (c) =>
        `| Q${c.query} | ${cell(c.ibex)} | ${cell(c.ibisSql, 0)} | ${c.ibisSql === undefined ? "–" : f(c.ibisSql.median / c.ibex.median, 1)} |`,
    ),
    "",
    "## End-to-end TPC-H (ms per query)",
    "",
    "From the DSL calls to an apache-arrow Table in JS (Ibex), against the same Substrait plan run inside Rust with its rows discarded (engine floor, timed by the engine), DuckDB (`@duckdb/node-api`, rows read into JS) and nodejs-polars (lazy, `collect()`), all on the same Parquet files.",
    "",
  ];
  const engines = ENGINES.filter((e) => r.tpch.some((row) => row.times[e] !== undefined));
  lines.push(
    `| query | rows | ${engines.map((e) => LABEL[e]).join(" | ")} | Ibex ÷ floor | Ibex ÷ DuckDB | Ibex ÷ Polars |`,
    `|---|---|${engines.map(() => "---").join("|")}|---|---|---|`,
    ...r.tpch.map(
      (row) =>
        `| Q${row.query} | ${row.rows} | ${engines.map((e) => cell(row.times[e])).join(" | ")} | ${ratio(row.times["ibex-substrait"], row.times["engine-floor"])} | ${ratio(row.times["ibex-substrait"], row.times.duckdb)} | ${ratio(row.times["ibex-substrait"], row.times.polars)} |`,
    ),
  );
  const med = (other: Engine) => {
    const rs = ratios(r.tpch, "ibex-substrait", other).map((x) => x.ratio);
    return rs.length === 0 ? "–" : f([...rs].sort((a, b) => a - b)[rs.length >> 1] as number, 2);
  };
  lines.push(
    `| **median ratio** | | ${engines.map(() => "").join(" | ")} | ${med("engine-floor")} | ${med("duckdb")} | ${med("polars")} |`,
    "",
  );
  if (chart !== undefined) lines.push(`![Per-query ratios](${chart})`, "");
  if (r.arquero !== undefined) {
    lines.push(
      `## Arquero (SF ${r.arquero.scaleFactor}, ms per query)`,
      "",
      "Arquero computes on tables in JS memory, Ibex on the same rows in the engine's memory (both loaded once, load time excluded).",
      "",
      "| query | Ibex | Arquero | Ibex ÷ Arquero |",
      "|---|---|---|---|",
      ...r.arquero.rows.map(
        (a) => `| Q${a.query} | ${cell(a.ibex)} | ${cell(a.arquero)} | ${ratio(a.ibex, a.arquero)} |`,
      ),
      "",
    );
  }
  if (r.transfer !== undefined) {
    const t = r.transfer;
    lines.push(
      "## Result transfer (GB/s)",
      "",
      `${t.rows.toLocaleString("en")} rows × ${t.columns} int64/float64 columns (${f(t.gigabytes, 2)} GB) held in the engine, moved into JS, in a fresh process (memcpy measured there too).`,
      "",
      "| path | GB/s | ÷ memcpy |",
      "|---|---|---|",
      `| \`execute()\` → one Table | ${cell(t.executeGBps, 2)} | ${ratio(t.executeGBps, t.memcpyGBps)} |`,
      `| \`toBatches()\` → a stream | ${cell(t.toBatchesGBps, 2)} | ${ratio(t.toBatchesGBps, t.memcpyGBps)} |`,
      `| memcpy (Buffer.copy, same size) | ${cell(t.memcpyGBps, 2)} | 1 |`,
      "",
    );
  }
  if (r.streaming !== undefined) {
    const s = r.streaming;
    lines.push(
      "## Streaming memory",
      "",
      `${s.rows.toLocaleString("en")} rows (${f(s.resultMiB, 0)} MiB, ${f(s.resultMiB / s.budgetMiB, 0)}× the ${s.budgetMiB} MiB engine memory budget) streamed through \`toBatches()\` in a fresh process: RSS ${f(s.baselineRssMiB, 0)} MiB before, peak ${f(s.peakRssMiB, 0)} MiB (+${f(s.peakRssMiB - s.baselineRssMiB, 0)} MiB).`,
      "",
    );
  }
  return lines.join("\n");
}
