import { dt, IbexTypeError, nodeEquals, schema, UnknownColumnError } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Expr, Table } from "../src/index.js";
import { date, lit, memtable, table } from "../src/index.js";

type Orders = { price: "float64"; qty: "int64"; name: "utf8"; filter: "bool" };
const orders = () =>
  table<Orders>(
    "orders",
    schema([
      { name: "price", type: dt.float64() },
      { name: "qty", type: dt.int64() },
      { name: "name", type: dt.utf8() },
      { name: "filter", type: dt.bool() },
    ]),
  );

describe("Table", () => {
  it("exposes typed columns as properties and through col()", () => {
    const t = orders();
    expectTypeOf(t.price).toEqualTypeOf<Expr<"float64">>();
    expectTypeOf(t.col("filter")).toEqualTypeOf<Expr<"bool">>();
    expect(t.price.node).toMatchObject({ kind: "column", name: "price" });
    expect(t.col("filter").kind).toBe("bool");
    // a method name stays a method
    expect(typeof t.filter).toBe("function");
    expect("price" in t).toBe(true);
  });

  it("builds the same IR from a lambda or an expression", () => {
    const t = orders();
    const a = t.filter((t) => t.price.gt(10), t.qty.le(5));
    const b = t.filter(t.price.gt(10), (t) => t.qty.le(5));
    expect(nodeEquals(a.node, b.node)).toBe(true);
    expect(a.node.kind).toBe("filter");
  });

  it("mutates in place and appends new columns, with typed output", () => {
    const m = orders().mutate((t) => ({ qty: t.qty.add(1), total: t.price.mul(t.qty) }));
    expect(m.columns).toEqual(["price", "qty", "name", "filter", "total"]);
    expect(m.schema.field("total").type).toEqual(dt.float64());
    expectTypeOf(m.total).toEqualTypeOf<Expr<"float64">>();
    expectTypeOf(m.qty).toEqualTypeOf<Expr<"int64">>();
  });

  it("selects names, named expressions and records", () => {
    const t = orders();
    const s = t.select("name", t.price.mul(2).name("double"), { flag: t.qty.gt(0), one: lit(1) });
    expect(s.columns).toEqual(["name", "double", "flag", "one"]);
    expect(s.schema.field("one").type).toEqual(dt.int64(false));
    expectTypeOf(s).toEqualTypeOf<
      Table<{ readonly name: "utf8"; readonly double: "float64"; readonly flag: "bool"; readonly one: "int64" }>
    >();
    const picked = t.select("qty", "name");
    expectTypeOf(picked).toEqualTypeOf<Table<{ readonly qty: "int64"; readonly name: "utf8" }>>();
    // an unnamed column reference is known only at run time: the schema is untyped there
    expectTypeOf(t.select("name", t.price)).toEqualTypeOf<Table>();
  });

  it("makes a misspelled column a compile error", () => {
    const t = orders();
    // @ts-expect-error: no column "prcie"
    expect(() => t.prcie.add(1)).toThrow(TypeError);
    // @ts-expect-error: col() takes only the schema's names
    expect(() => t.col("prcie")).toThrow(UnknownColumnError);
    // @ts-expect-error: nor does select
    expect(() => t.select("prcie")).toThrow(UnknownColumnError);
    // @ts-expect-error: a selected-away column is gone from the output type
    expect(() => t.select("qty").price.add(1)).toThrow(TypeError);
  });

  it("fails at build time with clear errors", () => {
    const t = orders();
    expect(() => t.col("prcie" as "price")).toThrow(UnknownColumnError);
    expect(() => t.col("prcie" as "price")).toThrow(/col: name refers to unknown column "prcie".*did you mean "price"/);
    // @ts-expect-error: arithmetic on a string column is a compile error too
    expect(() => t.name.add(1)).toThrow(/add: argument 1 has type utf8/);
    // @ts-expect-error: a number is not a predicate
    expect(() => t.filter(() => 3)).toThrow(IbexTypeError);
    expect(() => t.select(t.price.add(1))).toThrow(/select: item 1 is an unnamed expression/);
    expect(() => t.filter(t.price.gt(1)).mutate({ x: null })).toThrow(/untyped null/);
  });

  it("types literals, promotes numbers and parses dates", () => {
    const t = orders();
    // a literal takes the other operand's numeric kind; a column is promoted by a cast
    expect(t.price.gt(1).node).toMatchObject({
      args: [{ kind: "column" }, { kind: "literal", type: { kind: "float64" } }],
    });
    expect(t.qty.gt(t.price).node).toMatchObject({ args: [{ kind: "cast" }, { kind: "column" }] });
    expectTypeOf(t.qty.add(1)).toEqualTypeOf<Expr<"int64">>();
    expectTypeOf(t.qty.add(1.5)).toEqualTypeOf<Expr<"float64">>();
    expect(t.qty.add(1.5).kind).toBe("float64");
    expect(t.qty.eq(null).node).toMatchObject({
      args: [{}, { kind: "literal", value: null, type: { kind: "int64" } }],
    });
    expect(date("1998-09-02").node).toMatchObject({ value: 10471, type: { kind: "date32" } });
    expect(() => date("1998-02-30")).toThrow(/not a valid date/);
    expect(lit(null, "utf8").node).toMatchObject({ value: null, type: { kind: "utf8", nullable: true } });
  });

  it("refuses to execute without a backend", async () => {
    await expect(orders().execute()).rejects.toThrow(/not bound to a backend/);
  });
});

describe("memtable", () => {
  it("reads the schema of Arrow data, at compile time and run time", () => {
    const data = arrow.tableFromArrays({
      id: BigInt64Array.from([1n, 2n]),
      x: Float64Array.from([0.5, 2]),
      s: ["a", "b"],
    });
    const t = memtable(data);
    expectTypeOf(t.x).toEqualTypeOf<Expr<"float64">>();
    expectTypeOf(t.id).toEqualTypeOf<Expr<"int64">>();
    expect(t.schema.names).toEqual(["id", "x", "s"]);
    expect(t.schema.field("s").type.kind).toBe("utf8");
    expect(t.node.kind === "memtable" && t.node.data).toBe(data);
    expect(memtable(data).node.hash).not.toBe(t.node.hash); // each memtable is its own source
  });

  it("rejects unsupported Arrow types naming the column", () => {
    const half = arrow.makeVector(arrow.makeData({ type: new arrow.Float16(), length: 1, data: new Uint16Array([0]) }));
    const data = new arrow.Table({ half });
    expect(() => memtable(data)).toThrow(/memtable: column "half" has Arrow type Float16, which Ibex does not support/);
  });
});

describe("typing", () => {
  it("lets library code accept any typed table as Table", () => {
    const countColumns = (t: Table) => t.columns.length;
    const t = orders().mutate({ total: 1 });
    expect(countColumns(t)).toBe(5);
    const untyped: Table = t;
    expectTypeOf(untyped.col("total")).toEqualTypeOf<Expr>();
  });
});
