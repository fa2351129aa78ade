// All 22 TPC-H queries, written in the DSL (src/tpch/queries.ts), run on
// both lanes against in-process TPC-H data and checked against DuckDB
// running the standard SQL on the same rows.
import type { DuckDBConnection } from "@duckdb/node-api";
import { DuckDBInstance, dateValue } from "@duckdb/node-api";
import type { Connection } from "@ibex/engine-native";
import { connect } from "@ibex/engine-native";
import type * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TPCH_SQL } from "../src/tpch/oracle-sql.js";
import { QUERIES } from "../src/tpch/queries.js";
import type { Tpch } from "../src/tpch/schema.js";
import { loadTpch } from "../src/tpch/tables.js";

const SCALE = Number(process.env.TPCH_SF ?? 0.01);
const DAY_MS = 86_400_000;

type Cell = string | number | null;

/** A value both engines agree on: numbers as numbers, dates as ISO days. */
function cell(v: unknown, isDate: boolean): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (isDate && typeof v === "number") return new Date(v).toISOString().slice(0, 10);
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "object" && v !== null && "toString" in v && !Array.isArray(v)) {
    const text = String(v);
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : Number.isNaN(Number(text)) ? text : Number(text);
  }
  return v as Cell;
}

function ibexRows(t: arrow.Table): Cell[][] {
  const dates = t.schema.fields.map((f) => String(f.type).startsWith("Date"));
  return t.toArray().map((r) => t.schema.fields.map((f, i) => cell(r[f.name], dates[i] as boolean)));
}

async function duckRows(duck: DuckDBConnection, sql: string): Promise<{ names: string[]; rows: Cell[][] }> {
  const reader = await duck.runAndReadAll(sql);
  return { names: reader.columnNames(), rows: reader.getRowsJS().map((r) => r.map((v) => cell(v, false))) };
}

function close(a: Cell, b: Cell): boolean {
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** Loads the engine's TPC-H rows into DuckDB, so both engines read the same data. */
async function loadDuckDb(con: Connection, tables: Tpch): Promise<DuckDBConnection> {
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  for (const [name, table] of Object.entries(tables)) {
    const data = await con.execute(table as never);
    const fields = data.schema.fields;
    const sqlType = (t: string) =>
      t.startsWith("Int") ? "BIGINT" : t.startsWith("Float") ? "DOUBLE" : t.startsWith("Date") ? "DATE" : "VARCHAR";
    await duck.run(`create table ${name} (${fields.map((f) => `${f.name} ${sqlType(String(f.type))}`).join(", ")})`);
    const appender = await duck.createAppender(name);
    const columns = fields.map((f) => data.getChild(f.name) as arrow.Vector);
    const kinds = fields.map((f) => sqlType(String(f.type)));
    for (let i = 0; i < data.numRows; i++) {
      for (let j = 0; j < columns.length; j++) {
        const v = (columns[j] as arrow.Vector).get(i);
        if (v === null) appender.appendNull();
        else if (kinds[j] === "BIGINT") appender.appendBigInt(v as bigint);
        else if (kinds[j] === "DOUBLE") appender.appendDouble(v as number);
        else if (kinds[j] === "DATE") appender.appendDate(dateValue(Math.round(Number(v) / DAY_MS)));
        else appender.appendVarchar(v as string);
      }
      appender.endRow();
    }
    appender.closeSync();
  }
  return duck;
}

describe(`TPC-H at scale factor ${SCALE}, checked against DuckDB`, () => {
  let con: Connection;
  let tables: Tpch;
  let duck: DuckDBConnection;
  beforeAll(async () => {
    con = await connect();
    tables = await loadTpch(con, SCALE);
    duck = await loadDuckDb(con, tables);
  }, 120_000);
  afterAll(() => duck?.closeSync());

  describe.each(Object.keys(QUERIES).map(Number))("Q%i", (n) => {
    it.each(["substrait", "dataframe"] as const)("matches DuckDB on the %s lane", async (lane) => {
      const query = (QUERIES[n] as (t: Tpch) => ReturnType<(typeof QUERIES)[1]>)(tables);
      const [got, want] = await Promise.all([con.execute(query, { lane }), duckRows(duck, TPCH_SQL[n] as string)]);
      expect(got.schema.fields.map((f) => f.name)).toEqual(want.names);
      const rows = ibexRows(got);
      expect(rows.length).toBe(want.rows.length);
      const mismatches = rows.flatMap((r, i) =>
        r.some((v, j) => !close(v, want.rows[i]?.[j] ?? null)) ? [{ row: i, ibex: r, duckdb: want.rows[i] }] : [],
      );
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  });
});
