import type { Connection } from "@ibex/engine-native";
import type { Tpch } from "@ibex/examples/tpch";
import { QUERIES } from "@ibex/examples/tpch";
import type { DuckDbPeer } from "../peers/duckdb.js";
import type { POLARS_QUERIES, PolarsTables } from "../peers/polars-tpch.js";
import type { Stats } from "../stats.js";
import { shuffled, stats, timed } from "../stats.js";

/** The contenders of the end-to-end run. */
export const ENGINES = ["ibex-substrait", "ibex-dataframe", "engine-floor", "duckdb", "polars"] as const;
export type Engine = (typeof ENGINES)[number];

/** End-to-end times of one TPC-H query, in ms, by engine (absent where it cannot run). */
export interface TpchRow {
  readonly query: number;
  readonly rows: number;
  readonly times: Partial<Record<Engine, Stats>>;
}

export interface TpchPeers {
  readonly con: Connection;
  readonly tpch: Tpch;
  readonly duckdb?: DuckDbPeer;
  /** Passed in, not imported: nodejs-polars reads POLARS_MAX_THREADS when it loads. */
  readonly polars?: { readonly tables: PolarsTables; readonly queries: typeof POLARS_QUERIES };
}

type Build = (t: Tpch) => Parameters<Connection["execute"]>[0];

/**
 * Runs each TPC-H query on every engine, `reps` times after `warmup` rounds,
 * interleaved: each round visits the queries, and each query the engines,
 * in a fresh seeded order, so drift and noise fall on all of them.
 * Ibex times run from the DSL calls to an apache-arrow Table in JS; the
 * engine floor is the same Substrait plan run inside Rust with its rows
 * discarded, timed by the engine itself.
 */
export async function tpchSuite(
  peers: TpchPeers,
  opts: { readonly reps: number; readonly warmup: number; readonly seed: number; readonly queries?: readonly number[] },
  log: (line: string) => void = () => undefined,
): Promise<readonly TpchRow[]> {
  const queries = opts.queries ?? Object.keys(QUERIES).map(Number);
  const { con, tpch, duckdb, polars } = peers;
  const runs: Record<Engine, ((q: number) => Promise<{ ms: number; rows: number }>) | undefined> = {
    "ibex-substrait": async (q) => {
      const [t, ms] = await timed(() => con.execute((QUERIES[q] as Build)(tpch), { lane: "substrait" }));
      return { ms, rows: t.numRows };
    },
    "ibex-dataframe": async (q) => {
      const [t, ms] = await timed(() => con.execute((QUERIES[q] as Build)(tpch), { lane: "dataframe" }));
      return { ms, rows: t.numRows };
    },
    "engine-floor": async (q) => {
      const a = await con.analyze((QUERIES[q] as Build)(tpch), { lane: "substrait" });
      return { ms: a.engineMs, rows: a.rows };
    },
    duckdb:
      duckdb === undefined
        ? undefined
        : async (q) => {
            const [rows, ms] = await timed(() => duckdb.run(q));
            return { ms, rows };
          },
    polars:
      polars === undefined
        ? undefined
        : async (q) => {
            const build = polars.queries[q];
            if (build === undefined) return { ms: Number.NaN, rows: -1 };
            const [df, ms] = await timed(() => build(polars.tables).collect());
            return { ms, rows: df.height };
          },
  };
  const engines = ENGINES.filter((e) => runs[e] !== undefined);
  const samples = new Map<string, number[]>();
  const rowCounts = new Map<string, number>();
  for (let round = 0; round < opts.warmup + opts.reps; round++) {
    const started = performance.now();
    for (const q of shuffled(queries, opts.seed + round)) {
      for (const e of shuffled(engines, opts.seed * 31 + round * 22 + q)) {
        // A pause first: peers' worker threads spin a moment after their work
        // (rayon, DuckDB's scheduler), and on few cores that would bill the next engine.
        await new Promise((r) => setTimeout(r, 20));
        const { ms, rows } = await (runs[e] as (q: number) => Promise<{ ms: number; rows: number }>)(q);
        if (Number.isNaN(ms)) continue;
        if (round >= opts.warmup) samples.set(`${e}/${q}`, [...(samples.get(`${e}/${q}`) ?? []), ms]);
        rowCounts.set(`${e}/${q}`, rows);
      }
    }
    log(
      `tpch round ${round + 1}/${opts.warmup + opts.reps}${round < opts.warmup ? " (warm-up)" : ""}: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return queries.map((q) => {
    const times: Partial<Record<Engine, Stats>> = {};
    for (const e of engines) {
      const s = samples.get(`${e}/${q}`);
      if (s !== undefined && s.length > 0) times[e] = stats(s);
      // Every engine must agree on the answer's size, or the comparison is void.
      const n = rowCounts.get(`${e}/${q}`);
      const ref = rowCounts.get(`ibex-substrait/${q}`);
      if (n !== undefined && n >= 0 && ref !== undefined && n !== ref)
        throw new Error(`TPC-H Q${q}: ${e} returned ${n} rows, Ibex ${ref}`);
    }
    return { query: q, rows: rowCounts.get(`ibex-substrait/${q}`) ?? 0, times };
  });
}
