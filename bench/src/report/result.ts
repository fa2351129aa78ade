import type { Machine } from "../machine.js";
import type { Stats } from "../stats.js";
import { median } from "../stats.js";
import type { ArqueroResult } from "../suites/arquero.js";
import type { CompileResult } from "../suites/compile.js";
import type { StreamingResult } from "../suites/streaming.js";
import type { Engine, TpchRow } from "../suites/tpch.js";
import type { TransferResult } from "../suites/transfer.js";

/** Everything one `pnpm bench` run measured (the JSON file). */
export interface BenchResult {
  readonly machine: Machine;
  readonly options: {
    readonly scaleFactor: number;
    readonly reps: number;
    readonly warmup: number;
    readonly seed: number;
  };
  readonly compile: CompileResult;
  readonly tpch: readonly TpchRow[];
  readonly arquero?: ArqueroResult;
  readonly transfer?: TransferResult;
  readonly streaming?: StreamingResult;
  readonly targets: readonly Target[];
}

/** One of the targets, with where we stand. */
export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Ibex's median ÷ the other's median, per query, where both ran. */
export function ratios(rows: readonly TpchRow[], ibex: Engine, other: Engine): { query: number; ratio: number }[] {
  return rows.flatMap((r) => {
    const [a, b] = [r.times[ibex], r.times[other]];
    return a === undefined || b === undefined ? [] : [{ query: r.query, ratio: a.median / b.median }];
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function targets(
  compile: CompileResult,
  tpch: readonly TpchRow[],
  arquero: ArqueroResult | undefined,
  transfer: TransferResult | undefined,
): Target[] {
  const out: Target[] = [];
  const floor = ratios(tpch, "ibex-substrait", "engine-floor");
  if (floor.length > 0) {
    const over = median(floor.map((r) => r.ratio)) - 1;
    out.push({ name: "overhead over the engine floor", goal: "≤ 5% median", measured: pct(over), met: over <= 0.05 });
  }
  if (compile.rows.length > 0) {
    const mu = median(compile.rows.map((r) => r.ibex.median));
    out.push({
      name: "build + compile per query",
      goal: "≤ 100 µs median",
      measured: `${mu.toFixed(1)} µs`,
      met: mu <= 100,
    });
  }
  const vsIbis = compile.rows.flatMap((r) => (r.ibisSql === undefined ? [] : [r.ibisSql.median / r.ibex.median]));
  if (vsIbis.length > 0) {
    const x = median(vsIbis);
    out.push({ name: "faster than Python Ibis (to SQL)", goal: "≥ 20×", measured: `${x.toFixed(1)}×`, met: x >= 20 });
  }
  const polars = ratios(tpch, "ibex-substrait", "polars");
  if (polars.length > 0) {
    const wins = polars.filter((r) => r.ratio < 1).length;
    out.push({
      name: "faster than nodejs-polars",
      goal: "every query it can express",
      measured: `${wins}/${polars.length} queries (median ratio ${median(polars.map((r) => r.ratio)).toFixed(2)})`,
      met: wins === polars.length,
    });
  }
  if (arquero !== undefined && arquero.rows.length > 0) {
    const rs = arquero.rows.map((r) => r.ibex.median / r.arquero.median);
    const wins = rs.filter((r) => r < 1).length;
    out.push({
      name: `faster than Arquero (SF ${arquero.scaleFactor})`,
      goal: "every query it can express",
      measured: `${wins}/${rs.length} queries (median ratio ${median(rs).toFixed(2)})`,
      met: wins === rs.length,
    });
  }
  const duck = ratios(tpch, "ibex-substrait", "duckdb");
  if (duck.length > 0) {
    const x = median(duck.map((r) => r.ratio));
    out.push({
      name: "against DuckDB",
      goal: "within 1.2× on the median",
      measured: `${x.toFixed(2)}×`,
      met: x <= 1.2,
    });
  }
  if (transfer !== undefined) {
    const x = transfer.executeGBps.median / transfer.memcpyGBps.median;
    const y = transfer.toBatchesGBps.median / transfer.memcpyGBps.median;
    out.push({
      name: "result transfer (execute / toBatches)",
      goal: "≥ 50% of memcpy",
      measured: `${pct(x)} / ${pct(y)} (${transfer.executeGBps.median.toFixed(2)} / ${transfer.toBatchesGBps.median.toFixed(2)} of ${transfer.memcpyGBps.median.toFixed(2)} GB/s)`,
      met: Math.min(x, y) >= 0.5,
    });
  }
  return out;
}

export type { Stats };
