import type { Table } from "@ibex/dsl";
import { exists, notExists } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";

const LANES = ["substrait", "dataframe"] as const;

type Orders = Table<{ id: "int64"; customer: "utf8"; amount: "float64" }>;
type Customers = Table<{ name: "utf8"; vip: "bool" }>;
const ids = (t: arrow.Table) => t.toArray().map((r) => r.toJSON().id);

describe.each(LANES)("subqueries (%s lane)", (lane) => {
  let con: Connection;
  let orders: Orders;
  let customers: Customers;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 2 });
    orders = con.memtable(
      new arrow.Table({
        id: arrow.vectorFromArray([1n, 2n, 3n, 4n, 5n], new arrow.Int64()),
        customer: arrow.vectorFromArray(["ann", "bob", "ann", "cid", null], new arrow.Utf8()),
        amount: arrow.vectorFromArray([10, 40, 25, 5, 20], new arrow.Float64()),
      }),
    ) as never;
    customers = con.memtable(
      new arrow.Table({
        name: arrow.vectorFromArray(["ann", "bob", "dan"], new arrow.Utf8()),
        vip: arrow.vectorFromArray([true, false, true], new arrow.Bool()),
      }),
    ) as never;
  });
  const run = (q: { execute(o: object): Promise<arrow.Table> }) => q.execute({ lane });

  it("compares against scalar subqueries (asScalar on a reduction or a one-row table)", async () => {
    // mean = 20
    const above = orders.filter(orders.amount.gt(orders.amount.mean().asScalar())).orderBy("id");
    expect(ids(await run(above))).toEqual([2n, 3n]);
    const max = orders.aggregate({ m: orders.amount.max() }).asScalar();
    const withMax = orders.mutate({ share: orders.amount.div(max) }).orderBy("id");
    expect((await run(withMax)).getChild("share")?.toArray()).toEqual(Float64Array.from([0.25, 1, 0.625, 0.125, 0.5]));
    const vips = customers.filter(customers.vip).count().asScalar();
    expect((await run(orders.aggregate({ n: orders.count(), vips: vips.max() }))).toArray()[0]?.toJSON()).toEqual({
      n: 5n,
      vips: 2n,
    });
  });

  it("tests membership with isin/notin against another table's column, with SQL null semantics", async () => {
    const vip = customers.filter(customers.vip);
    expect(ids(await run(orders.filter(orders.customer.isin(vip.name)).orderBy("id")))).toEqual([1n, 3n]);
    // customer null: NOT IN is unknown, so order 5 is dropped too
    expect(ids(await run(orders.filter(orders.customer.notin(vip.name)).orderBy("id")))).toEqual([2n, 4n]);
    expect(ids(await run(orders.filter(orders.customer.isin(customers.select("name"))).orderBy("id")))).toEqual([
      1n,
      2n,
      3n,
    ]);
    // a null in the subquery makes every NOT IN unknown
    const withNull = orders.select("customer");
    expect((await run(customers.filter(customers.name.notin(withNull)))).numRows).toBe(0);
  });

  it("filters with correlated exists / not exists", async () => {
    const big = orders.filter(orders.amount.ge(20));
    const q = customers
      .filter(exists(big, big.customer.eq(customers.name)))
      .orderBy("name")
      .select("name");
    expect((await run(q)).getChild("name")?.toArray()).toEqual(["ann", "bob"]);
    const none = customers.filter(notExists(orders, ["name", "customer"]), customers.vip).select("name");
    expect((await run(none)).getChild("name")?.toArray()).toEqual(["dan"]);
    const any = customers.filter(exists(orders.filter(orders.amount.gt(100)))).select("name");
    expect((await run(any)).numRows).toBe(0);
  });
});

describe("subquery build-time errors", () => {
  it("names the op and the problem", async () => {
    const con = await connect();
    const t = con.memtable(
      new arrow.Table({ a: arrow.vectorFromArray([1n], new arrow.Int64()), s: arrow.vectorFromArray(["x"]) }),
    ) as Table<{ a: "int64"; s: "utf8" }>;
    expect(() => t.a.asScalar()).toThrow(/asScalar: expression is not a reduction/);
    expect(() => t.select("a").asScalar()).toThrow(/asScalar: subquery may return more than one row/);
    expect(() => t.asScalar()).toThrow(/asScalar: subquery must have exactly one column, got 2/);
    expect(() => t.a.isin(t.select("s"))).toThrow(/isin: argument 2 has type utf8/);
    expect(() => t.a.isin(t.a.add(1).max().add(t.view().a.max()))).toThrow(
      /isin: expression reads columns of several tables/,
    );
  });
});
