import { DuckDBInstance } from "@duckdb/node-api";
import { TPCH_SQL } from "@ibex/examples/tpch";
import { parquetPath, TPCH_TABLES } from "../data.js";

/** DuckDB on the same Parquet files, with as many threads as Ibex's engine gets. */
export interface DuckDbPeer {
  /** Runs TPC-H query `q` and reads every row into JS; resolves to the row count. */
  run(q: number): Promise<number>;
  close(): void;
}

export async function duckdbPeer(dir: string, threads: number): Promise<DuckDbPeer> {
  const instance = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const c = await instance.connect();
  for (const t of TPCH_TABLES) {
    // A view reads the file on every query, as Ibex's registered Parquet table does.
    await c.run(`create view ${t} as select * from read_parquet('${parquetPath(dir, t)}')`);
  }
  return {
    async run(q) {
      const sql = TPCH_SQL[q];
      if (sql === undefined) throw new Error(`no SQL for TPC-H Q${q}`);
      const reader = await c.runAndReadAll(sql);
      return reader.getRows().length;
    },
    close() {
      c.closeSync();
      instance.closeSync();
    },
  };
}
