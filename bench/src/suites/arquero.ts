import type { Connection } from "@ibex/engine-native";
import type { Tpch } from "@ibex/examples/tpch";
import { QUERIES } from "@ibex/examples/tpch";
import type * as arrow from "apache-arrow";
import { TPCH_TABLES } from "../data.js";
import { ARQUERO_QUERIES, arqueroTables } from "../peers/arquero-tpch.js";
import type { Stats } from "../stats.js";
import { shuffled, stats, timed } from "../stats.js";

export interface ArqueroRow {
  readonly query: number;
  readonly ibex: Stats;
  readonly arquero: Stats;
}

export interface ArqueroResult {
  readonly scaleFactor: number;
  readonly rows: readonly ArqueroRow[];
}

type Build = (t: Tpch) => Parameters<Connection["execute"]>[0];

/**
 * Arquero works on tables in JS memory, so it runs at a small scale on data
 * loaded once (load time excluded), and Ibex runs the same queries on the
 * same rows held in the engine's memory: both sides compute, neither reads
 * files. Interleaved, as everywhere.
 */
export async function arqueroSuite(
  con: Connection,
  files: Tpch,
  scaleFactor: number,
  opts: { readonly reps: number; readonly warmup: number; readonly seed: number },
): Promise<ArqueroResult> {
  const loaded: Record<string, arrow.Table> = {};
  for (const name of TPCH_TABLES) loaded[name] = await con.execute(files[name]);
  const tables = arqueroTables(loaded);
  const inMemory = await Promise.all(
    TPCH_TABLES.map((name) => con.createTable(`mem_${name}`, loaded[name] as arrow.Table)),
  );
  const tpch = Object.fromEntries(TPCH_TABLES.map((name, i) => [name, inMemory[i]])) as unknown as Tpch;
  const queries = Object.keys(ARQUERO_QUERIES).map(Number);
  const ibex = new Map<number, number[]>();
  const aq = new Map<number, number[]>();
  for (let round = 0; round < opts.warmup + opts.reps; round++) {
    for (const q of shuffled(queries, opts.seed + round)) {
      const sides = shuffled(["ibex", "arquero"] as const, opts.seed + round * 7 + q);
      for (const side of sides) {
        const ms =
          side === "ibex"
            ? (await timed(() => con.execute((QUERIES[q] as Build)(tpch))))[1]
            : (await timed(() => (ARQUERO_QUERIES[q] as (t: typeof tables) => unknown)(tables)))[1];
        if (round < opts.warmup) continue;
        const into = side === "ibex" ? ibex : aq;
        into.set(q, [...(into.get(q) ?? []), ms]);
      }
    }
  }
  return {
    scaleFactor,
    rows: queries.map((q) => ({ query: q, ibex: stats(ibex.get(q) ?? []), arquero: stats(aq.get(q) ?? []) })),
  };
}
