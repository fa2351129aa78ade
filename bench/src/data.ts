import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Connection } from "@ibex/engine-native";
import { connect } from "@ibex/engine-native";
import type { Tpch } from "@ibex/examples/tpch";

/** The eight TPC-H tables, in dependency order. */
export const TPCH_TABLES = [
  "region",
  "nation",
  "part",
  "supplier",
  "partsupp",
  "customer",
  "orders",
  "lineitem",
] as const;
export type TpchTable = (typeof TPCH_TABLES)[number];

/** Where the Parquet files of a scale factor live (reused across runs). */
export function tpchDir(scaleFactor: number, root = join(homedir(), ".cache", "ibex", "tpch")): string {
  return join(root, `sf${scaleFactor}`);
}

/**
 * Generates TPC-H at `scaleFactor` with the `tpchgen` crates inside the
 * engine and writes one Parquet file per table, once: every engine in the
 * benchmark then reads the same files. Returns the directory.
 */
export async function ensureTpchParquet(scaleFactor: number, dir = tpchDir(scaleFactor)): Promise<string> {
  if (TPCH_TABLES.every((t) => existsSync(parquetPath(dir, t)))) return dir;
  mkdirSync(dir, { recursive: true });
  const con = await connect();
  await con.registerTpch(scaleFactor);
  for (const name of TPCH_TABLES) {
    // Written aside and renamed, so an interrupted run never leaves half a file.
    const partial = `${parquetPath(dir, name)}.partial`;
    rmSync(partial, { force: true, recursive: true });
    await con.write(await con.table(name), partial, "parquet", { singleFile: true });
    renameSync(partial, parquetPath(dir, name));
  }
  return dir;
}

export function parquetPath(dir: string, table: TpchTable): string {
  return join(dir, `${table}.parquet`);
}

/** Registers the Parquet files of `dir` in an Ibex connection, typed as the examples' TPC-H tables. */
export async function loadTpchParquet(con: Connection, dir: string): Promise<Tpch> {
  const tables = await Promise.all(TPCH_TABLES.map((name) => con.readParquet(parquetPath(dir, name), { name })));
  return Object.fromEntries(TPCH_TABLES.map((name, i) => [name, tables[i]])) as unknown as Tpch;
}
