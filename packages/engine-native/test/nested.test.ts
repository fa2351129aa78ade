import { compileSubstrait, SubstraitUnsupportedError } from "@ibex/compiler-substrait";
import type { Table } from "@ibex/dsl";
import { lit, map, struct } from "@ibex/dsl";
import { typeToString } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";
import { utf8ToInt32Map } from "./support/vectors.js";

const LANES = ["substrait", "dataframe"] as const;

type T = Table<{ id: "int64"; name: "utf8"; x: "float64"; st: "struct"; tags: "list"; m: "map" }>;

function data(): arrow.Table {
  return new arrow.Table({
    id: arrow.vectorFromArray([1n, 2n, 3n], new arrow.Int64()),
    name: arrow.vectorFromArray(["a", "b", null], new arrow.Utf8()),
    x: arrow.vectorFromArray([1.5, null, -2], new arrow.Float64()),
    st: arrow.vectorFromArray(
      [{ city: "Oslo", zip: 150 }, { city: null, zip: 7 }, null],
      new arrow.Struct<{ city: arrow.Utf8; zip: arrow.Int32 }>([
        new arrow.Field("city", new arrow.Utf8(), true),
        new arrow.Field("zip", new arrow.Int32(), true),
      ]),
    ),
    tags: arrow.vectorFromArray(
      [["k", "j"], [], null],
      new arrow.List(new arrow.Field("item", new arrow.Utf8(), true)),
    ),
    m: arrow.vectorFromArray(
      [
        new Map([["k", 1]]),
        new Map([
          ["j", 2],
          ["k", 3],
        ]),
        null,
      ],
      utf8ToInt32Map(),
    ),
  });
}

describe.each(LANES)("structs and maps (%s lane)", (lane) => {
  let con: Connection;
  let t: T;
  beforeAll(async () => {
    con = await connect();
    t = con.memtable(data()) as never;
  });
  const col = async (e: object) => columnValues(await t.select(e as never).execute({ lane }), "v");

  it("builds structs and reads their fields", async () => {
    const q = t.select({ v: struct({ id: t.id, label: t.name.upper(), half: t.x.div(2) }) });
    expect(typeToString(q.schema.fields[0]?.type as never)).toBe(
      '!struct<"id": int64, "label": utf8, "half": float64>',
    );
    expect(columnValues(await q.execute({ lane }), "v")).toEqual([
      { id: 1n, label: "A", half: 0.75 },
      { id: 2n, label: "B", half: null },
      { id: 3n, label: null, half: -1 },
    ]);
    expect(await col({ v: t.st.field("city") })).toEqual(["Oslo", null, null]);
    expect(await col({ v: t.st.field<"int32">("zip").add(1) })).toEqual([151, 8, null]);
    expect(await col({ v: struct({ a: t.id }).field("a") })).toEqual([1n, 2n, 3n]);
    expect(() => t.st.field("country")).toThrow(
      /field: argument 2 names no field of struct<"city": utf8, "zip": int32> \(fields: city, zip\)/,
    );
  });

  it("reads maps by key, and their keys and values", async () => {
    expect(await col({ v: t.m.get("k") })).toEqual([1, 3, null]);
    expect(await col({ v: t.m.get("j", -1) })).toEqual([-1, 2, null]);
    expect(await col({ v: t.m.keys() })).toEqual([["k"], ["j", "k"], null]);
    expect(await col({ v: t.m.values() })).toEqual([[1], [2, 3], null]);
    expect(() => t.m.get(1)).toThrow(/get: argument 2 has type !int64, expected the key type !utf8 \(in mapExtract/);
  });

  it("builds maps from lists of keys and values", async () => {
    const q = t.filter(t.tags.notNull()).select({ v: map(t.tags, t.tags.concat(t.tags).slice(1, 3)) });
    expect(columnValues(await q.execute({ lane }), "v")).toEqual([
      [
        ["k", "j"],
        ["j", "k"],
      ],
      [],
    ]);
    expect(await col({ v: map(lit("x").split(","), lit("1").split(",")).get("x") })).toEqual(["1", "1", "1"]);
  });
});

describe.each(LANES)("unnest and reSplit (%s lane)", (lane) => {
  let t: T;
  beforeAll(async () => {
    const con = await connect();
    t = con.memtable(data()) as never;
  });

  it("splits on a regex", async () => {
    const out = await t.select({ v: lit("a1b22c").reSplit("[0-9]+"), w: t.name.reSplit("") }).execute({ lane });
    expect(columnValues(out, "v")).toEqual(Array(3).fill(["a", "b", "c"]));
    expect(columnValues(out, "w")).toEqual([["", "a", ""], ["", "b", ""], null]);
    await expect(t.select({ v: t.name.reSplit("(") }).execute({ lane })).rejects.toThrow(
      /regexp_split: invalid regex "\("/,
    );
  });

  it("expands a list column into rows (null and empty lists give none)", async () => {
    // Substrait has no unnest relation: "auto" runs these on the DataFrame lane.
    const run = lane === "substrait" ? ("auto" as const) : lane;
    const q = t.unnest("tags").select("id", "tags");
    expect(() => compileSubstrait(q.node)).toThrow(SubstraitUnsupportedError);
    expect(q.schema.fields.map((f) => typeToString(f.type))).toEqual(["int64", "utf8"]);
    const out = await q.orderBy("id", "tags").execute({ lane: run });
    expect(columnValues(out, "id")).toEqual([1n, 1n]);
    expect(columnValues(out, "tags")).toEqual(["j", "k"]);
    const counted = await t
      .mutate({ parts: lit("x,y,z").split(",") })
      .unnest("parts")
      .aggregate({ n: t.id.count() })
      .execute({ lane: run });
    expect(columnValues(counted, "n")).toEqual([9n]);
    expect(() => t.unnest("id" as never)).toThrow(/unnest: column "id" has type int64, expected a list/);
  });
});
