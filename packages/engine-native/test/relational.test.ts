import type { Table } from "@ibex/dsl";
import { desc } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues, rowMultiset } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;

const sales = () =>
  new arrow.Table({
    region: arrow.vectorFromArray(["east", "east", "west", "west", "west", null], new arrow.Utf8()),
    item: arrow.vectorFromArray(["a", "b", "a", "a", "c", "b"], new arrow.Utf8()),
    qty: arrow.vectorFromArray([1n, 2n, 3n, null, 5n, 6n], new arrow.Int64()),
    price: arrow.vectorFromArray([10, 20, 30, 40, null, 60], new arrow.Float64()),
    promo: arrow.vectorFromArray([true, false, true, false, null, true], new arrow.Bool()),
  });

const rows = (t: arrow.Table) => t.toArray().map((r) => r.toJSON());

describe.each(LANES)("relational operations (%s lane)", (lane) => {
  let con: Connection;
  let t: Table<{ region: "utf8"; item: "utf8"; qty: "int64"; price: "float64"; promo: "bool" }>;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 2 });
    t = con.memtable(sales()) as never;
  });
  const run = (q: { execute(o: object): Promise<arrow.Table> }) => q.execute({ lane });

  it("groups by several keys with several aggregates, where-filters and having", async () => {
    const q = t
      .groupBy("region")
      .having((t) => t.count().ge(2))
      .aggregate((t) => ({
        n: t.count(),
        qty: t.qty.sum(),
        avgPrice: t.price.mean(),
        promoQty: t.qty.sum({ where: t.promo }),
        items: t.item.nunique(),
        revenuePerRow: t.price.mul(t.qty).sum().div(t.count()),
      }))
      .orderBy("region");
    expect(rows(await run(q))).toEqual([
      { region: "east", n: 2n, qty: 3n, avgPrice: 15, promoQty: 1n, items: 2n, revenuePerRow: 25 },
      { region: "west", n: 3n, qty: 8n, avgPrice: 35, promoQty: 3n, items: 2n, revenuePerRow: 30 },
    ]);
  });

  it("groups by an expression key and aggregates without keys", async () => {
    const byBig = t.groupBy(t.qty.gt(2).name("big")).aggregate((t) => ({ n: t.count() }));
    expect(rowMultiset(await run(byBig))).toEqual(
      rowMultiset(arrow.tableFromArrays({ big: [false, true, null] as never, n: BigInt64Array.from([2n, 3n, 1n]) })),
    );
    const whole = t.aggregate((t) => ({ n: t.count(), max: t.price.max(), any: t.promo.any(), all: t.promo.all() }));
    expect(rows(await run(whole))).toEqual([{ n: 6n, max: 60, any: true, all: false }]);
    const none = t.filter(t.qty.gt(100)).aggregate((t) => ({ n: t.count(), s: t.qty.sum() }));
    expect(rows(await run(none))).toEqual([{ n: 0n, s: null }]);
  });

  it("computes statistics: std/var (sample and population), median, quantile", async () => {
    const q = t.aggregate((t) => ({
      sd: t.price.std(),
      sdPop: t.price.std({ how: "pop" }),
      v: t.price.var(),
      vPop: t.price.var({ how: "pop" }),
      med: t.price.median(),
      q25: t.price.quantile(0.25),
    }));
    const [r] = rows(await run(q)) as [Record<string, number>];
    // prices 10, 20, 30, 40, 60: mean 32, squared deviations sum 1480
    expect(r.v).toBeCloseTo(1480 / 4, 9);
    expect(r.vPop).toBeCloseTo(1480 / 5, 9);
    expect(r.sd).toBeCloseTo(Math.sqrt(1480 / 4), 9);
    expect(r.sdPop).toBeCloseTo(Math.sqrt(1480 / 5), 9);
    expect(r.med).toBe(30);
    expect(r.q25).toBe(20);
  });

  it("orders first/last and groupConcat by orderBy", async () => {
    const q = t
      .filter(t.region.isNull().not())
      .groupBy("region")
      .aggregate((t) => ({
        first: t.item.first({ orderBy: t.price.desc() }),
        last: t.item.last({ orderBy: t.qty }),
        all: t.item.groupConcat("-", { orderBy: [t.item.asc(), t.qty.desc()] }),
      }))
      .orderBy("region");
    expect(rows(await run(q))).toEqual([
      { region: "east", first: "b", last: "b", all: "a-b" },
      { region: "west", first: "a", last: "a", all: "a-a-c" },
    ]);
  });

  it("rejects differently ordered groupConcats at build time (DataFusion 55 cannot run them)", async () => {
    const both = () =>
      t.aggregate({
        byItem: t.item.groupConcat("-", { orderBy: t.item }),
        byRegion: t.region.groupConcat("-", { orderBy: t.region }),
      });
    expect(both).toThrow(/groupConcat: orderBy measures "byItem" and "byRegion" are ordered differently/);
    expect(() =>
      t.groupBy("region").aggregate({
        a: t.item.groupConcat("-", { orderBy: t.item }),
        b: t.region.groupConcat("+", { orderBy: t.qty }),
      }),
    ).toThrow(/groupConcat: orderBy measures "a" and "b" are ordered differently/);
    // one ordering runs
    const same = t.aggregate({
      a: t.item.groupConcat("-", { orderBy: t.item }),
      b: t.region.groupConcat("+", { orderBy: t.item }),
    });
    expect(rows(await run(same))).toHaveLength(1);
  });

  it("collects values into lists, ordered, filtered and over windows", async () => {
    const lists = columnValues;
    const byRegion = t
      .groupBy("region")
      .aggregate((t) => ({
        items: t.item.collect({ orderBy: [t.item.desc(), t.qty] }),
        qty: t.qty.collect({ where: t.promo }),
      }))
      .orderBy("region");
    const out = await run(byRegion);
    expect(String(out.schema.fields[1]?.type)).toBe("List<Utf8>");
    expect(lists(out, "items")).toEqual([["b", "a"], ["c", "a", "a"], ["b"]]);
    expect(lists(out, "qty")).toEqual([[1n], [3n], [6n]]);
    expect(lists(await run(t.filter(t.qty.gt(100)).aggregate((t) => ({ xs: t.qty.collect() }))), "xs")).toEqual([null]);
    const running = t
      .mutate({ seen: t.item.collect().over({ orderBy: [t.qty, t.item], rows: [-1, 0] }) })
      .orderBy("qty");
    expect(lists(await run(running), "seen")).toEqual([
      ["a"],
      ["a", "b"],
      ["b", "a"],
      ["a", "c"],
      ["c", "b"],
      ["b", "a"],
    ]);
  });

  it("sorts by expressions, directions and null placement, with limit and offset", async () => {
    const names = async (q: Table) => (await run(q)).getChild("item")?.toArray() as unknown as string[];
    const byPrice = t.orderBy(desc("price"), "item").select("item");
    expect([...(await names(byPrice))]).toEqual(["b", "a", "a", "b", "a", "c"]);
    const nullsFirst = t
      .orderBy(t.price.desc({ nullsFirst: true }))
      .limit(2)
      .select("item");
    expect([...(await names(nullsFirst))]).toEqual(["c", "b"]);
    const paged = t.orderBy(t.qty.mul(-1)).limit(2, { offset: 1 }).select("item");
    expect([...(await names(paged))]).toEqual(["c", "a"]);
    expect((await run(t.head(3))).numRows).toBe(3);
    expect((await run(t.limit(null, { offset: 4 }))).numRows).toBe(2);
  });

  it("removes duplicates, also on a subset of columns", async () => {
    expect((await run(t.select("item").distinct())).numRows).toBe(3);
    const on = t.distinct({ on: ["item"], orderBy: [t.price.desc()] }).orderBy("item");
    expect(rows(await run(on)).map((r) => [r.item, r.price])).toEqual([
      ["a", 40],
      ["b", 60],
      ["c", null],
    ]);
    expect((await run(on)).schema.names).toEqual(["region", "item", "qty", "price", "promo"]);
  });

  it("runs union, intersect and difference, distinct and all", async () => {
    const items = t.select("item");
    const some = t.filter(t.item.ne("c")).select("item");
    const count = async (q: Table) => (await run(q)).numRows;
    expect(await count(items.union(some))).toBe(11);
    expect(await count(items.union(some, { distinct: true }))).toBe(3);
    expect(await count(items.intersect(some))).toBe(2);
    expect(rows(await run(items.difference(some)))).toEqual([{ item: "c" }]);
    expect(await count(items.union(items).difference(some))).toBe(1);
    // multiset forms: a×3 b×2 c×1 against a×3 b×2
    const all = { distinct: false };
    const doubled = items.union(items);
    expect(rowMultiset(await run(doubled.difference(some, all)))).toEqual(
      rowMultiset(arrow.tableFromArrays({ item: ["a", "a", "a", "b", "b", "c", "c"] })),
    );
    expect(rowMultiset(await run(doubled.intersect(some, all)))).toEqual(
      rowMultiset(arrow.tableFromArrays({ item: ["a", "a", "a", "b", "b"] })),
    );
    expect(await count(some.difference(items, all))).toBe(0);
    expect(rows(await run(items.difference(some, all)))).toEqual([{ item: "c" }]);
  });

  it("drops, renames and relocates columns", async () => {
    const q = t.drop("promo", "price").rename({ amount: "qty" }).relocate("amount", { before: "region" });
    const out = await run(q);
    expect(out.schema.names).toEqual(["amount", "region", "item"]);
    expect(out.getChild("amount")?.get(0)).toBe(1n);
  });
});

describe("relational build-time errors", () => {
  it("names the op, the argument and the types", async () => {
    const con = await connect();
    const t = con.memtable(sales());
    expect(() => t.groupBy("region").aggregate({ bad: t.qty })).toThrow(/aggregate: measure "bad" is not an aggregate/);
    expect(() => t.groupBy("region").aggregate({ bad: t.qty.sum().add(t.price) })).toThrow(
      /reads column "price" outside an aggregate; it is not a group key/,
    );
    expect(() => t.orderBy(t.qty.sum())).toThrow(/orderBy: key 1 contains an aggregate/);
    // @ts-expect-error: sum needs a numeric column
    expect(() => t.region.sum()).toThrow(/sum: argument 1 has type utf8, expected a numeric type/);
    expect(() => t.select("item").union(t.select("qty"))).toThrow(
      /union: other has columns \(qty\), expected the same columns/,
    );
    expect(() => t.select({ item: t.qty }).union(t.select("item"))).toThrow(
      /union: column "item" has type utf8 in the other table, int64/,
    );
    expect(() => t.limit(-1)).toThrow(/limit: n must be a whole number >= 0/);
    expect(() => t.orderBy("prise" as never)).toThrow(/did you mean "price"/);
    expect(() => t.price.quantile(2)).toThrow(/quantile: q must be in \[0, 1\]/);
  });
});

const customers = () =>
  new arrow.Table({
    id: arrow.vectorFromArray([1n, 2n, 3n], new arrow.Int64()),
    name: arrow.vectorFromArray(["ann", "bob", "cy"], new arrow.Utf8()),
    region: arrow.vectorFromArray(["east", "west", "west"], new arrow.Utf8()),
  });
const orders = () =>
  new arrow.Table({
    id: arrow.vectorFromArray([10n, 11n, 12n, 13n], new arrow.Int64()),
    customer: arrow.vectorFromArray([1n, 1n, 2n, 9n], new arrow.Int64()),
    amount: arrow.vectorFromArray([5, 7, 11, 13], new arrow.Float64()),
  });

describe.each(LANES)("joins (%s lane)", (lane) => {
  let con: Connection;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 2 });
  });
  const run = async (q: Table) => rows(await q.orderBy(...q.columns).execute({ lane }));

  it("plans an equi-join as a hash join on its keys, not a nested loop over a filter", async () => {
    const c = con.memtable(customers());
    const o = con.memtable(orders());
    for (const how of ["inner", "left", "semi", "anti"] as const) {
      const plan = await con.explain(c.join(o, [["id", "customer"]], { how }), { lane });
      // DataFusion shows a join with equi-keys as `Join: a = b`, a keyless one as `Join:  Filter: ...`.
      const join = plan.split("\n").find((l) => /Join:/.test(l)) ?? "";
      expect(join, plan).toMatch(/Join: \S+ = \S+/);
      expect(join).not.toMatch(/Filter:|CAST/);
    }
  });

  it("joins on name pairs with every join kind, suffixing colliding names", async () => {
    const c = con.memtable(customers());
    const o = con.memtable(orders());
    const inner = c.join(o, [["id", "customer"]]);
    expect(inner.columns).toEqual(["id", "name", "region", "id_right", "customer", "amount"]);
    expect((await run(inner)).map((r) => [r.name, r.id_right])).toEqual([
      ["ann", 10n],
      ["ann", 11n],
      ["bob", 12n],
    ]);
    const left = await run(c.join(o, [["id", "customer"]], { how: "left" }));
    expect(left.map((r) => [r.name, r.amount])).toEqual([
      ["ann", 5],
      ["ann", 7],
      ["bob", 11],
      ["cy", null],
    ]);
    const right = await run(c.join(o, [["id", "customer"]], { how: "right" }));
    expect(right.map((r) => [r.name, r.id_right])).toEqual([
      ["ann", 10n],
      ["ann", 11n],
      ["bob", 12n],
      [null, 13n],
    ]);
    expect((await run(c.join(o, [["id", "customer"]], { how: "outer" }))).length).toBe(5);
    const semi = c.join(o, [["id", "customer"]], { how: "semi" });
    expect(semi.columns).toEqual(["id", "name", "region"]);
    expect((await run(semi)).map((r) => r.name)).toEqual(["ann", "bob"]);
    expect((await run(c.join(o, [["id", "customer"]], { how: "anti" }))).map((r) => r.name)).toEqual(["cy"]);
    const cross = c.crossJoin(o.select("amount"));
    expect((await run(cross)).length).toBe(12);
  });

  it("joins on expressions, non-equi conditions, custom names and self-joins", async () => {
    const c = con.memtable(customers());
    const o = con.memtable(orders());
    const big = c.join(o, (c, o) => c.id.eq(o.customer).and(o.amount.gt(6)), { rname: "{name}_o" });
    expect(big.columns).toContain("id_o");
    expect((await run(big)).map((r) => r.amount)).toEqual([7, 11]);
    const same = c.join(c.view(), (a, b) => a.region.eq(b.region).and(a.id.lt(b.id)));
    expect((await run(same)).map((r) => [r.name, r.name_right])).toEqual([["bob", "cy"]]);
    // a shared key name equal on both sides appears once in an inner join
    const sameKey = c.join(c.view().select("id", "region"), "id");
    expect(sameKey.columns).toEqual(["id", "name", "region", "region_right"]);
    expect((await run(sameKey)).length).toBe(3);
  });

  it("rejects ambiguous and invalid predicates at build time", () => {
    const c = con.memtable(customers());
    const o = con.memtable(orders());
    expect(() => c.join(c, c.id.eq(c.id))).toThrow(/column "id" is on both sides .*t.view\(\)/);
    expect(() => c.join(o, [["id", "custmer"]])).toThrow(
      /join: predicate 1 refers to unknown column "custmer".*did you mean "customer"/,
    );
    expect(() => c.join(o, [])).toThrow(/join: predicates are required for a inner join/);
    expect(() => c.join(o, [["name", "id"]])).toThrow(
      /eq: argument 2 has type int64, which cannot be compared with argument 1 of type utf8/,
    );
  });
});

describe("engine regressions", () => {
  it("runs a filtered global count over an aggregate (DataFusion's aggregate_statistics crash)", async () => {
    const con = await connect();
    const t = con.memtable(sales());
    const q = t
      .aggregate((t) => ({ m: t.price.max() }), { having: [(t) => t.count().ge(1)] })
      .aggregate((t) => ({ n: t.count({ where: t.m.gt(1000) }) }));
    for (const lane of LANES) expect(rows(await q.execute({ lane }))).toEqual([{ n: 0n }]);
  });
});

describe("lane regressions", () => {
  it("returns exactly keys and measures when grouping by unique keys", async () => {
    const con = await connect();
    const t = con.memtable(sales());
    const once = t.groupBy("region", "item").aggregate((t) => ({ n: t.count() }));
    const twice = once.groupBy("region", "item").aggregate((t) => ({ m: t.count() }));
    for (const lane of LANES) expect((await twice.execute({ lane })).schema.names).toEqual(["region", "item", "m"]);
  });

  it("sorts by a redefined column, not by the old one passed on under another name", async () => {
    const con = await connect();
    const t = con.memtable(
      arrow.tableFromArrays({ c0: ["b", "a", "c"], c1: BigInt64Array.from([1n, 2n, 3n]) }),
    ) as Table<{ c0: "utf8"; c1: "int64" }>;
    const q = t
      .groupBy("c0", "c1")
      .aggregate((u) => ({ n: u.count() }))
      .mutate((u) => ({ c0: u.c1.mul(-1), m1: u.c0 }))
      .orderBy("c0")
      .limit(2);
    for (const lane of LANES) expect(rows(await q.execute({ lane })).map((r) => r.m1)).toEqual(["c", "a"]);
  });

  it("joins and unions tables with parametric columns (lists, decimals, zoned timestamps)", async () => {
    const con = await connect();
    const a = con.memtable(
      new arrow.Table({
        k: arrow.vectorFromArray([1, 2], new arrow.Int32()),
        tags: arrow.vectorFromArray(
          [["x"], ["y", "z"]],
          new arrow.List(new arrow.Field("item", new arrow.Utf8(), true)),
        ),
      }),
    ) as Table<{ k: "int32"; tags: "list" }>;
    const b = con.memtable(
      new arrow.Table({
        k2: arrow.vectorFromArray([1, 3], new arrow.Int32()),
        at: arrow.vectorFromArray([new Date(0), new Date(1000)], new arrow.TimestampMillisecond()),
      }),
    ) as Table<{ k2: "int32"; at: "timestamp" }>;
    const j = a.join(b, [["k", "k2"]], { how: "left" }).orderBy("k");
    const u = b.union(b);
    for (const lane of LANES) {
      const out = await j.execute({ lane });
      expect(columnValues(out, "tags")).toEqual([["x"], ["y", "z"]]);
      expect(columnValues(out, "at")).toEqual([0n, null]);
      expect((await u.execute({ lane })).numRows).toBe(4);
    }
  });
});
