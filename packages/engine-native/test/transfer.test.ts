import type { Table } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { connect } from "../src/index.js";
import { rowMultiset } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;
const SEED = 20261201;

/** A small deterministic PRNG (mulberry32): the same table on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every layout the engine lends, with nulls, and big enough that value
 * buffers are lent (not copied): int64, float64, bool, utf8, date, timestamp,
 * decimal, list and struct columns.
 */
function mixed(rows: number): arrow.Table {
  const r = prng(SEED);
  const maybe = <T>(v: T): T | null => (r() < 0.2 ? null : v);
  const col = <T>(f: (i: number) => T) => Array.from({ length: rows }, (_, i) => f(i));
  const point = new arrow.Struct<{ a: arrow.Int32; b: arrow.Utf8 }>([
    new arrow.Field("a", new arrow.Int32(), true),
    new arrow.Field("b", new arrow.Utf8(), true),
  ]);
  return new arrow.Table({
    i: arrow.vectorFromArray(
      col((i) => maybe(BigInt(i))),
      new arrow.Int64(),
    ),
    x: arrow.vectorFromArray(
      col(() => maybe(r() * 100 - 50)),
      new arrow.Float64(),
    ),
    b: arrow.vectorFromArray(
      col(() => maybe(r() < 0.5)),
      new arrow.Bool(),
    ),
    s: arrow.vectorFromArray(
      col((i) => maybe(`s${i % 97}-${"x".repeat(i % 5)}`)),
      new arrow.Utf8(),
    ),
    d: arrow.vectorFromArray(
      col((i) => maybe(new Date(Date.UTC(2020, 0, 1 + (i % 900))))),
      new arrow.DateDay(),
    ),
    l: arrow.vectorFromArray(
      col((i) => maybe(Array.from({ length: i % 4 }, (_, j) => maybe(i + j)))),
      new arrow.List(new arrow.Field("item", new arrow.Int32(), true)),
    ),
    p: arrow.vectorFromArray(
      col((i) => maybe({ a: maybe(i), b: maybe(`p${i % 13}`) })),
      point,
    ),
  });
}

/** Rows `offset..offset+n` of `t` as a multiset (see rowMultiset). */
function window(t: arrow.Table, offset: number, n: number): string[] {
  return rowMultiset(t.slice(offset, offset + n));
}

describe("result transfer (buffers lent by the engine)", () => {
  const rows = 20_000;
  const input = mixed(rows);

  it.each(LANES)("returns every row of every lent layout intact (%s lane)", async (lane) => {
    const con = await connect();
    const t = await con.createTable("mixed", input);
    const out = await con.execute(t, { lane });
    expect(out.numRows).toBe(rows);
    expect(rowMultiset(out)).toEqual(rowMultiset(input));
  });

  it.each(LANES)("keeps bit offsets and value offsets of sliced batches (%s lane)", async (lane) => {
    const con = await connect();
    const t = await con.createTable("mixed", input);
    // A limit with an offset slices the engine's batches at odd rows: bitmaps
    // start mid-byte, values and offsets part-way into their buffers.
    for (const [offset, n] of [
      [3, 1000],
      [8193, 5000],
      [17, rows - 17],
      [rows - 5, 5],
    ] as const) {
      const out = await con.execute(t.limit(n, { offset }), { lane });
      expect(rowMultiset(out), `offset ${offset}, ${n} rows (seed ${SEED})`).toEqual(window(input, offset, n));
    }
  });

  it("keeps a result readable after its table is dropped, and two live results of one table", async () => {
    const con = await connect();
    const t = (await con.createTable("mixed", input)) as unknown as Table<{ i: "int64" }>;
    const first = await t.execute();
    const second = await t.filter(t.i.notNull()).execute();
    await con.dropTable("mixed");
    // The lent buffers keep the engine's memory alive until JS frees them.
    (globalThis as { gc?: () => void }).gc?.();
    expect(rowMultiset(first)).toEqual(rowMultiset(input));
    expect(second.numRows).toBe(rows - (input.getChild("i")?.nullCount ?? 0));
    expect(second.getChild("i")?.nullCount).toBe(0);
  });

  it("lends the same engine memory to many results at once", async () => {
    const con = await connect();
    const wide = arrow.tableFromArrays({ v: Float64Array.from({ length: 100_000 }, (_, i) => i) });
    const t = await con.createTable("wide", wide);
    const results = await Promise.all(Array.from({ length: 8 }, () => t.execute()));
    for (const out of results) {
      expect(out.numRows).toBe(100_000);
      expect(out.getChild("v")?.get(99_999)).toBe(99_999);
    }
    // Lent, not copied: a batch's values view a run of the column's own
    // memory (consecutive values), not an IPC message holding metadata too.
    const values = results[0]?.getChild("v")?.data[0]?.values as Float64Array;
    const run = new Float64Array(values.buffer, 0, values.buffer.byteLength / 8);
    expect(run.length).toBeGreaterThan(values.length - 1);
    expect(run.every((v, k) => v === (run[0] as number) + k)).toBe(true);
  });
});
