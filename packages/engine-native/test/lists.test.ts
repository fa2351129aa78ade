import type { Table } from "@ibex/dsl";
import { lit } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;

describe.each(LANES)("list functions (%s lane)", (lane) => {
  let con: Connection;
  let t: Table<{ s: "utf8" }>;
  beforeAll(async () => {
    con = await connect();
    t = con.memtable(
      new arrow.Table({ s: arrow.vectorFromArray(["a,b,c", "x", "", null], new arrow.Utf8()) }),
    ) as never;
  });
  const col = async (e: object) => columnValues(await t.select(e as never).execute({ lane }), "v");

  it("measures, indexes, slices, searches and joins lists", async () => {
    const parts = t.s.split(",");
    // DataFusion splits "" into no parts at all
    expect(await col({ v: parts })).toEqual([["a", "b", "c"], ["x"], [], null]);
    expect(await col({ v: parts.length() })).toEqual([3n, 1n, 0n, null]);
    expect(await col({ v: parts.index(0) })).toEqual(["a", "x", null, null]);
    expect(await col({ v: parts.index(-1) })).toEqual(["c", "x", null, null]);
    expect(await col({ v: parts.index(5) })).toEqual([null, null, null, null]);
    expect(await col({ v: parts.slice(1) })).toEqual([["b", "c"], [], [], null]);
    expect(await col({ v: parts.slice(0, 2) })).toEqual([["a", "b"], ["x"], [], null]);
    expect(await col({ v: parts.contains("b") })).toEqual([true, false, false, null]);
    expect(await col({ v: parts.concat(lit("y,z").split(",")).length() })).toEqual([5n, 3n, 2n, 2n]);
  });
});

describe("list build-time errors", () => {
  it("name the function and the types", async () => {
    const con = await connect();
    const t = con.memtable(new arrow.Table({ s: arrow.vectorFromArray(["a"]) })) as Table<{ s: "utf8" }>;
    expect(() => t.s.split(",").contains(1 as never)).toThrow(/arrayContains: argument 2 has type !int64/);
    expect(() => t.s.split(",").slice(-1)).toThrow(/slice: start must be a non-negative integer/);
  });
});
