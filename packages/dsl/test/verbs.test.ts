import { dt, schema } from "@ibex/ir";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Expr, Table } from "../src/index.js";
import { _, desc, s, table } from "../src/index.js";

type Sales = { region: "utf8"; qty: "int64"; price: "float64"; promo: "bool" };
const sales = () =>
  table<Sales>(
    "sales",
    schema([
      { name: "region", type: dt.utf8() },
      { name: "qty", type: dt.int64() },
      { name: "price", type: dt.float64() },
      { name: "promo", type: dt.bool() },
    ]),
  );

describe("aggregation", () => {
  it("types the output of groupBy().aggregate()", () => {
    const q = sales()
      .groupBy("region")
      .aggregate((t) => ({ n: t.count(), qty: t.qty.sum(), avg: t.price.mean(), ratio: t.qty.sum().div(t.count()) }));
    expectTypeOf(q).toEqualTypeOf<
      Table<{
        readonly region: "utf8";
        readonly n: "int64";
        readonly qty: "int64";
        readonly avg: "float64";
        readonly ratio: "float64";
      }>
    >();
    expect(q.columns).toEqual(["region", "n", "qty", "avg", "ratio"]);
  });

  it("keeps plain measures in one aggregation and splits expressions over aggregates", () => {
    const plain = sales()
      .groupBy("region")
      .aggregate((t) => ({ n: t.count(), s: t.qty.sum() }));
    expect(plain.node.kind).toBe("aggregate");
    const split = sales()
      .groupBy("region")
      .having((t) => t.qty.sum().gt(10))
      .aggregate((t) => ({ n: t.count(), avg: t.price.sum().div(t.count()) }));
    expect(split.node.kind).toBe("project");
    const filter = split.node.kind === "project" ? split.node.input : undefined;
    expect(filter?.kind).toBe("filter");
    const agg = filter?.kind === "filter" ? filter.input : undefined;
    // count() is shared by `n` and `avg`: one measure, not two
    expect(agg?.kind === "aggregate" && agg.measures.map((m) => m.expr.op)).toEqual(["count", "sum", "sum"]);
  });

  it("records where-filters, distinct and order on aggregate calls", () => {
    const t = sales();
    const call = t.qty.nunique({ where: t.promo }).node;
    expect(call).toMatchObject({
      kind: "aggregateCall",
      op: "count",
      distinct: true,
      where: { kind: "column", name: "promo" },
    });
    const first = t.region.first({ orderBy: t.price.desc({ nullsFirst: true }) }).node;
    expect(first).toMatchObject({ op: "first", orderBy: [{ ascending: false, nullsFirst: true }] });
  });
});

describe("ordering, limits, sets and housekeeping", () => {
  it("builds sort keys from names, asc/desc and expressions (nulls last by default)", () => {
    const q = sales().orderBy(desc("price"), "region", sales().qty.mul(2));
    expect(q.node.kind === "sort" && q.node.keys.map((k) => [k.ascending, k.nullsFirst])).toEqual([
      [false, false],
      [true, false],
      [true, false],
    ]);
  });

  it("types drop, rename and relocate", () => {
    const r = sales().drop("promo").rename({ amount: "qty" });
    expectTypeOf(r.amount).toEqualTypeOf<Expr<"int64">>();
    expect(r.columns).toEqual(["region", "amount", "price"]);
    expect(sales().relocate(["price", "promo"], { after: "region" }).columns).toEqual([
      "region",
      "price",
      "promo",
      "qty",
    ]);
    expect(() => sales().drop("region", "qty", "price", "promo")).toThrow(/drop: columns would drop every column/);
    expect(() => sales().rename({ x: "nope" as "qty" })).toThrow(/unknown column "nope"/);
  });

  it("checks set operation schemas", () => {
    const a = sales().select("region", "qty");
    expect(a.union(a).node).toMatchObject({ kind: "setOp", op: "union", distinct: false });
    expect(a.intersect(a).node).toMatchObject({ op: "intersect", distinct: true });
    expect(() => a.difference(sales().select("qty", "region"))).toThrow(
      /difference: other has columns \(qty, region\)/,
    );
  });
});

describe("selectors", () => {
  const names = (t: Table) => t.columns;
  it("select and drop columns by type, name and pattern, combined", () => {
    expect(names(sales().select(s.numeric()))).toEqual(["qty", "price"]);
    expect(names(sales().select(s.ofType("utf8", "bool")))).toEqual(["region", "promo"]);
    expect(names(sales().select(s.startsWith("pr")))).toEqual(["price", "promo"]);
    expect(names(sales().select(s.endsWith("o")))).toEqual(["promo"]);
    expect(names(sales().select(s.matches(/^(q|r)/)))).toEqual(["region", "qty"]);
    expect(names(sales().select(s.all().and(s.numeric().not())))).toEqual(["region", "promo"]);
    expect(names(sales().select(s.cols("promo").or(s.numeric())))).toEqual(["qty", "price", "promo"]);
    expect(names(sales().select("region", s.numeric()))).toEqual(["region", "qty", "price"]);
    expect(names(sales().drop(s.numeric()))).toEqual(["region", "promo"]);
  });
  it("fails clearly when a selector selects nothing or names an unknown column", () => {
    expect(() => sales().select(s.startsWith("zz"))).toThrow(/select: selector startsWith\(zz\) selects no column/);
    expect(() => sales().select(s.cols("prise"))).toThrow(/did you mean "price"/);
  });
});

describe("dereferencing (Ibis's rule)", () => {
  it("resolves a parent table's column after filter and mutate, and checks its type", () => {
    const t = sales();
    const q = t
      .filter(t.qty.gt(1))
      .mutate({ double: t.qty.mul(2) })
      .filter(t.price.lt(10))
      .select(t.region, "double");
    expect(q.columns).toEqual(["region", "double"]);
    expect(() => t.mutate({ qty: t.qty.gt(1) }).filter(t.qty.gt(2))).toThrow(
      /filter: predicate 1 reads column "qty" as int64, but the input has it as !bool|reads column "qty" as int64/,
    );
  });
});

describe("deferred expressions", () => {
  it("resolve `_` against the table each verb is used on", () => {
    const q = sales()
      .filter(_.qty.gt(1))
      .mutate({ total: _.price.mul(_.qty) })
      .groupBy(_.region.name("area"))
      .aggregate({ revenue: _.total.sum(), n: _.qty.count() })
      .orderBy(_.revenue.desc())
      .select("area", _.revenue.div(_.n).name("avg"));
    expect(q.columns).toEqual(["area", "avg"]);
  });
  it("reports an unknown column when resolved", () => {
    expect(() => sales().filter(_.qyt.gt(1))).toThrow(/unknown column "qyt"/);
    expect(() => sales().mutate({ x: _.qty.nope() })).toThrow(/_: nope is not an expression method/);
  });
});

describe("s.across", () => {
  it("applies a function to every selected column in mutate, select and aggregate", () => {
    const centered = sales().mutate(s.across(s.numeric(), (c) => (c as Expr<"float64">).sub(1), { names: "{col}_m1" }));
    expect(centered.columns).toEqual(["region", "qty", "price", "promo", "qty_m1", "price_m1"]);
    const picked = sales().select(
      "region",
      s.across(s.ofType("float64"), (c) => (c as Expr<"float64">).mul(2)),
    );
    expect(picked.columns).toEqual(["region", "price"]);
    const means = sales()
      .groupBy("region")
      .aggregate(s.across(s.numeric(), (c) => (c as Expr<"float64">).mean(), { names: "avg_{col}" }) as never);
    expect(means.columns).toEqual(["region", "avg_qty", "avg_price"]);
  });
});
