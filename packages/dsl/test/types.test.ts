import { dt, schema, typeToString } from "@ibex/ir";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Expr, Table } from "../src/index.js";
import { interval, lit, now, struct, table } from "../src/index.js";

type Wide = {
  i8: "int8";
  i32: "int32";
  u8: "uint8";
  u64: "uint64";
  f32: "float32";
  dec: "decimal";
  ts: "timestamp";
  d: "date32";
  tm: "time64";
  s: "utf8";
  tags: "list";
  m: "map";
};
const wide = () =>
  table<Wide>(
    "wide",
    schema([
      { name: "i8", type: dt.int8() },
      { name: "i32", type: dt.int32() },
      { name: "u8", type: dt.uint8() },
      { name: "u64", type: dt.uint64() },
      { name: "f32", type: dt.float32() },
      { name: "dec", type: dt.decimal(12, 2) },
      { name: "ts", type: dt.timestamp("us", "UTC") },
      { name: "d", type: dt.date32() },
      { name: "tm", type: dt.time64() },
      { name: "s", type: dt.utf8() },
      { name: "tags", type: dt.list(dt.utf8()) },
      { name: "m", type: dt.map(dt.utf8(), dt.int64()) },
    ]),
  );

describe("typed expressions over every kind", () => {
  it("promote at the type level as the IR promotes at run time", () => {
    const t = wide();
    const cases = {
      a: t.i8.add(t.i32),
      b: t.u8.mul(t.i32),
      c: t.f32.add(t.u8),
      d: t.f32.add(t.i32),
      e: t.dec.add(t.i32),
      f: t.i8.add(1),
      g: t.f32.mul(0.5),
      h: t.i32.add(0.5),
      i: t.u64.add(t.i32),
    };
    expectTypeOf(cases.a).toEqualTypeOf<Expr<"int32">>();
    expectTypeOf(cases.b).toEqualTypeOf<Expr<"int32">>();
    expectTypeOf(cases.c).toEqualTypeOf<Expr<"float32">>();
    expectTypeOf(cases.d).toEqualTypeOf<Expr<"float64">>();
    expectTypeOf(cases.e).toEqualTypeOf<Expr<"decimal">>();
    expectTypeOf(cases.f).toEqualTypeOf<Expr<"int8">>();
    expectTypeOf(cases.g).toEqualTypeOf<Expr<"float32">>();
    expectTypeOf(cases.h).toEqualTypeOf<Expr<"float64">>();
    expectTypeOf(cases.i).toEqualTypeOf<Expr<"int64">>();
    // the run-time kinds agree with the static ones
    expect(Object.fromEntries(Object.entries(cases).map(([k, e]) => [k, e.kind]))).toEqual({
      a: "int32",
      b: "int32",
      c: "float32",
      d: "float64",
      e: "decimal",
      f: "int8",
      g: "float32",
      h: "float64",
      i: "int64",
    });
  });

  it("types temporal and nested functions", () => {
    const t = wide();
    expectTypeOf(t.ts.hour()).toEqualTypeOf<Expr<"int64">>();
    expectTypeOf(t.ts.truncate("day")).toEqualTypeOf<Expr<"timestamp">>();
    expectTypeOf(t.d.add(interval({ months: 1 }))).toEqualTypeOf<Expr<"date32">>();
    expectTypeOf(t.ts.delta(now(), "second")).toEqualTypeOf<Expr<"int64">>();
    expectTypeOf(t.s.toDate()).toEqualTypeOf<Expr<"date32">>();
    expectTypeOf(t.tm.strftime("%H")).toEqualTypeOf<Expr<"utf8">>();
    expectTypeOf(t.s.reSplit(",")).toEqualTypeOf<Expr<"list">>();
    expectTypeOf(struct({ a: t.i8 })).toEqualTypeOf<Expr<"struct">>();
    expectTypeOf(t.m.keys()).toEqualTypeOf<Expr<"list">>();
    expectTypeOf(t.unnest("tags")).toEqualTypeOf<
      Table<{
        readonly i8: "int8";
        readonly i32: "int32";
        readonly u8: "uint8";
        readonly u64: "uint64";
        readonly f32: "float32";
        readonly dec: "decimal";
        readonly ts: "timestamp";
        readonly d: "date32";
        readonly tm: "time64";
        readonly s: "utf8";
        readonly m: "map";
        readonly tags:
          | "null"
          | "bool"
          | "int8"
          | "int16"
          | "int32"
          | "int64"
          | "uint8"
          | "uint16"
          | "uint32"
          | "uint64"
          | "float32"
          | "float64"
          | "decimal"
          | "utf8"
          | "binary"
          | "date32"
          | "time64"
          | "timestamp"
          | "interval"
          | "list"
          | "struct"
          | "map"
          | "union";
      }>
    >();
    // @ts-expect-error a date has no hour
    expect(() => t.d.hour()).toThrow(/hour: argument 1 has type date32, expected timestamp or time64/);
    // @ts-expect-error intervals do not add to strings
    expect(() => t.s.add(interval({ days: 1 }))).toThrow(/add/);
    // @ts-expect-error unnest takes a list column
    expect(() => t.unnest("s")).toThrow(/unnest: column "s" has type utf8, expected a list/);
  });

  it("keeps parameters in the IR types", () => {
    const t = wide();
    const q = t.select({ total: t.dec.mul(t.dec), at: t.ts.truncate("hour"), lit: lit("1.5", dt.decimal(4, 1)) });
    expect(q.schema.fields.map((f) => typeToString(f.type))).toEqual([
      "decimal(25, 4)",
      'timestamp(us, "UTC")',
      "!decimal(4, 1)",
    ]);
  });
});

describe("literal errors", () => {
  it("name a deferred expression used where it cannot resolve", async () => {
    const { _ } = await import("../src/index.js");
    expect(() => struct({ a: _.i8 as never })).toThrow(/struct: value is a deferred expression/);
  });
});
