/**
 * The 22 TPC-H queries in the Ibex DSL, with the standard validation
 * parameters. Correlated subqueries are written the way Ibis users write
 * them: as windows (`.over`), joins, `exists`/`notExists` and `isin`.
 *
 * Run them with `pnpm --filter @ibex/examples tpch` (see run.ts); the test
 * suite checks every answer against DuckDB on both lanes.
 */
import type { Expr, Table } from "@ibex/dsl";
import { date, desc, exists, lit, notExists } from "@ibex/dsl";
import type { Customer, Lineitem, Nation, Orders, Part, PartSupp, Region, Supplier, Tpch } from "./schema.js";
import { typed } from "./schema.js";

type F = Expr<"float64">;
/** l_extendedprice * (1 - l_discount) */
const revenue = (t: { readonly l_extendedprice: F; readonly l_discount: F }) =>
  t.l_extendedprice.mul(lit(1).sub(t.l_discount));

/** Pricing summary report. */
export function q1({ lineitem }: Tpch): Table {
  return lineitem
    .filter(lineitem.l_shipdate.le(date("1998-09-02")))
    .groupBy("l_returnflag", "l_linestatus")
    .aggregate((t) => ({
      sum_qty: t.l_quantity.sum(),
      sum_base_price: t.l_extendedprice.sum(),
      sum_disc_price: revenue(t).sum(),
      sum_charge: revenue(t).mul(lit(1).add(t.l_tax)).sum(),
      avg_qty: t.l_quantity.mean(),
      avg_price: t.l_extendedprice.mean(),
      avg_disc: t.l_discount.mean(),
      count_order: t.count(),
    }))
    .orderBy("l_returnflag", "l_linestatus");
}

/**
 * Minimum cost supplier: the correlated MIN becomes a window over the part.
 * The selective part filter joins first: DataFusion keeps the join order it
 * is given, and starting from partsupp would carry 800 000 rows of supplier
 * text through three joins before the filter cuts them to 642.
 */
export function q2({ part, supplier, partsupp, nation, region }: Tpch): Table {
  const j = typed<PartSupp & Supplier & Nation & Region & Part>(
    part
      .filter(part.p_size.eq(15), part.p_type.like("%BRASS"))
      .join(partsupp, [["p_partkey", "ps_partkey"]])
      .join(supplier, [["ps_suppkey", "s_suppkey"]])
      .join(nation, [["s_nationkey", "n_nationkey"]])
      .join(region.filter(region.r_name.eq("EUROPE")), [["n_regionkey", "r_regionkey"]]),
  );
  return j
    .filter(j.ps_supplycost.eq(j.ps_supplycost.min().over({ groupBy: j.p_partkey })))
    .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
    .orderBy(desc("s_acctbal"), "n_name", "s_name", "p_partkey")
    .limit(100);
}

/** Shipping priority. */
export function q3({ customer, orders, lineitem }: Tpch): Table {
  const j = typed<Customer & Orders & Lineitem>(
    customer
      .filter(customer.c_mktsegment.eq("BUILDING"))
      .join(orders.filter(orders.o_orderdate.lt(date("1995-03-15"))), [["c_custkey", "o_custkey"]])
      .join(lineitem.filter(lineitem.l_shipdate.gt(date("1995-03-15"))), [["o_orderkey", "l_orderkey"]]),
  );
  return j
    .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
    .aggregate((t) => ({ revenue: revenue(t).sum() }))
    .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
    .orderBy(desc("revenue"), "o_orderdate")
    .limit(10);
}

/** Order priority checking: EXISTS as a semi join. */
export function q4({ orders, lineitem }: Tpch): Table {
  const late = lineitem.filter(lineitem.l_commitdate.lt(lineitem.l_receiptdate));
  return orders
    .filter(
      orders.o_orderdate.ge(date("1993-07-01")),
      orders.o_orderdate.lt(date("1993-10-01")),
      exists(late, late.l_orderkey.eq(orders.o_orderkey)),
    )
    .groupBy("o_orderpriority")
    .aggregate((t) => ({ order_count: t.count() }))
    .orderBy("o_orderpriority");
}

/** Local supplier volume. */
export function q5({ customer, orders, lineitem, supplier, nation, region }: Tpch): Table {
  const j = typed<Customer & Orders & Lineitem & Supplier & Nation & Region>(
    customer
      .join(orders.filter(orders.o_orderdate.ge(date("1994-01-01")), orders.o_orderdate.lt(date("1995-01-01"))), [
        ["c_custkey", "o_custkey"],
      ])
      .join(lineitem, [["o_orderkey", "l_orderkey"]])
      .join(supplier, [
        ["l_suppkey", "s_suppkey"],
        ["c_nationkey", "s_nationkey"],
      ])
      .join(nation, [["s_nationkey", "n_nationkey"]])
      .join(region.filter(region.r_name.eq("ASIA")), [["n_regionkey", "r_regionkey"]]),
  );
  return j
    .groupBy("n_name")
    .aggregate((t) => ({ revenue: revenue(t).sum() }))
    .orderBy(desc("revenue"));
}

/** Forecasting revenue change. */
export function q6({ lineitem: l }: Tpch): Table {
  return l
    .filter(
      l.l_shipdate.ge(date("1994-01-01")),
      l.l_shipdate.lt(date("1995-01-01")),
      l.l_discount.between(0.05, 0.07),
      l.l_quantity.lt(24),
    )
    .aggregate((t) => ({ revenue: t.l_extendedprice.mul(t.l_discount).sum() }));
}

/** Volume shipping between two nations. */
export function q7({ supplier, lineitem, orders, customer, nation }: Tpch): Table {
  const n1 = nation.select(nation.n_nationkey.name("n1_key"), nation.n_name.name("supp_nation"));
  const n2 = nation.select(nation.n_nationkey.name("n2_key"), nation.n_name.name("cust_nation"));
  const j = typed<Supplier & Lineitem & Orders & Customer & { supp_nation: "utf8"; cust_nation: "utf8" }>(
    supplier
      .join(lineitem.filter(lineitem.l_shipdate.between(date("1995-01-01"), date("1996-12-31"))), [
        ["s_suppkey", "l_suppkey"],
      ])
      .join(orders, [["l_orderkey", "o_orderkey"]])
      .join(customer, [["o_custkey", "c_custkey"]])
      .join(n1, [["s_nationkey", "n1_key"]])
      .join(n2, [["c_nationkey", "n2_key"]]),
  );
  return j
    .filter(
      j.supp_nation
        .eq("FRANCE")
        .and(j.cust_nation.eq("GERMANY"))
        .or(j.supp_nation.eq("GERMANY").and(j.cust_nation.eq("FRANCE"))),
    )
    .mutate((t) => ({ l_year: t.l_shipdate.year(), volume: revenue(t) }))
    .groupBy("supp_nation", "cust_nation", "l_year")
    .aggregate((t) => ({ revenue: t.volume.sum() }))
    .orderBy("supp_nation", "cust_nation", "l_year");
}

/** National market share. */
export function q8({ part, supplier, lineitem, orders, customer, nation, region }: Tpch): Table {
  const n1 = nation.select(nation.n_nationkey.name("n1_key"), nation.n_regionkey.name("n1_region"));
  const n2 = nation.select(nation.n_nationkey.name("n2_key"), nation.n_name.name("nation"));
  const j = typed<Lineitem & Orders & { nation: "utf8" }>(
    part
      .filter(part.p_type.eq("ECONOMY ANODIZED STEEL"))
      .join(lineitem, [["p_partkey", "l_partkey"]])
      .join(supplier, [["l_suppkey", "s_suppkey"]])
      .join(orders.filter(orders.o_orderdate.between(date("1995-01-01"), date("1996-12-31"))), [
        ["l_orderkey", "o_orderkey"],
      ])
      .join(customer, [["o_custkey", "c_custkey"]])
      .join(n1, [["c_nationkey", "n1_key"]])
      .join(region.filter(region.r_name.eq("AMERICA")), [["n1_region", "r_regionkey"]])
      .join(n2, [["s_nationkey", "n2_key"]]),
  );
  return j
    .mutate((t) => ({ o_year: t.o_orderdate.year(), volume: revenue(t) }))
    .groupBy("o_year")
    .aggregate((t) => ({
      mkt_share: t.nation.eq("BRAZIL").ifElse(t.volume, lit(0)).sum().div(t.volume.sum()),
    }))
    .orderBy("o_year");
}

/** Product type profit measure. */
export function q9({ part, supplier, lineitem, partsupp, orders, nation }: Tpch): Table {
  const j = typed<Lineitem & PartSupp & Orders & Nation>(
    lineitem
      .join(part.filter(part.p_name.like("%green%")), [["l_partkey", "p_partkey"]])
      .join(supplier, [["l_suppkey", "s_suppkey"]])
      .join(partsupp, [
        ["l_suppkey", "ps_suppkey"],
        ["l_partkey", "ps_partkey"],
      ])
      .join(orders, [["l_orderkey", "o_orderkey"]])
      .join(nation, [["s_nationkey", "n_nationkey"]]),
  );
  return j
    .mutate((t) => ({
      nation: t.n_name,
      o_year: t.o_orderdate.year(),
      amount: revenue(t).sub(t.ps_supplycost.mul(t.l_quantity)),
    }))
    .groupBy("nation", "o_year")
    .aggregate((t) => ({ sum_profit: t.amount.sum() }))
    .orderBy("nation", desc("o_year"));
}

/**
 * Returned item reporting. Revenue is summed per customer key before the
 * customer's text columns join in, so the aggregation hashes one integer
 * rather than seven columns, five of them strings (the answer is the same:
 * the other six depend on the key).
 */
export function q10({ customer, orders, lineitem, nation }: Tpch): Table {
  const lost = typed<Orders & Lineitem>(
    orders
      .filter(orders.o_orderdate.ge(date("1993-10-01")), orders.o_orderdate.lt(date("1994-01-01")))
      .join(lineitem.filter(lineitem.l_returnflag.eq("R")), [["o_orderkey", "l_orderkey"]]),
  )
    .groupBy("o_custkey")
    .aggregate((t) => ({ revenue: revenue(t).sum() }));
  return customer
    .join(lost, [["c_custkey", "o_custkey"]])
    .join(nation, [["c_nationkey", "n_nationkey"]])
    .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
    .orderBy(desc("revenue"))
    .limit(20);
}

/** Important stock identification: HAVING against a scalar subquery. */
export function q11({ partsupp, supplier, nation }: Tpch): Table {
  // From the one nation out, as in Q2: DataFusion keeps the join order given.
  const german = typed<PartSupp & Supplier & Nation>(
    nation
      .filter(nation.n_name.eq("GERMANY"))
      .join(supplier, [["n_nationkey", "s_nationkey"]])
      .join(partsupp, [["s_suppkey", "ps_suppkey"]]),
  );
  const value = (t: typeof german) => t.ps_supplycost.mul(t.ps_availqty);
  const threshold = value(german).sum().mul(0.0001).asScalar();
  return german
    .groupBy("ps_partkey")
    .having((t) => value(t).sum().gt(threshold))
    .aggregate((t) => ({ value: value(t).sum() }))
    .orderBy(desc("value"));
}

/**
 * Shipping modes and order priority. The date range comes first: DataFusion
 * evaluates conjuncts in order, each later one only on the rows the earlier
 * ones kept, and the range keeps 15% of lineitem (engine floor at SF 1:
 * about 240 -> 215 ms).
 */
export function q12({ orders, lineitem: l }: Tpch): Table {
  const j = typed<Orders & Lineitem>(
    orders.join(
      l.filter(
        l.l_receiptdate.ge(date("1994-01-01")),
        l.l_receiptdate.lt(date("1995-01-01")),
        l.l_shipmode.isin(["MAIL", "SHIP"]),
        l.l_commitdate.lt(l.l_receiptdate),
        l.l_shipdate.lt(l.l_commitdate),
      ),
      [["o_orderkey", "l_orderkey"]],
    ),
  );
  const high = (t: typeof j) => t.o_orderpriority.eq("1-URGENT").or(t.o_orderpriority.eq("2-HIGH"));
  return j
    .groupBy("l_shipmode")
    .aggregate((t) => ({
      high_line_count: high(t).ifElse(1, 0).sum(),
      low_line_count: high(t).not().ifElse(1, 0).sum(),
    }))
    .orderBy("l_shipmode");
}

/** Customer distribution: a left join, counted twice. */
export function q13({ customer, orders }: Tpch): Table {
  const j = typed<Customer & Orders>(
    customer.join(orders.filter(orders.o_comment.like("%special%requests%").not()), [["c_custkey", "o_custkey"]], {
      how: "left",
    }),
  );
  return j
    .groupBy("c_custkey")
    .aggregate((t) => ({ c_count: t.o_orderkey.count() }))
    .groupBy("c_count")
    .aggregate((t) => ({ custdist: t.count() }))
    .orderBy(desc("custdist"), desc("c_count"));
}

/** Promotion effect. */
export function q14({ lineitem, part }: Tpch): Table {
  const j = typed<Lineitem & Part>(
    lineitem
      .filter(lineitem.l_shipdate.ge(date("1995-09-01")), lineitem.l_shipdate.lt(date("1995-10-01")))
      .join(part, [["l_partkey", "p_partkey"]]),
  );
  return j.aggregate((t) => ({
    promo_revenue: lit(100)
      .mul(t.p_type.like("PROMO%").ifElse(revenue(t), lit(0)).sum())
      .div(revenue(t).sum()),
  }));
}

/** Top supplier: the MAX over the view is a window, so it is computed once. */
export function q15({ lineitem, supplier }: Tpch): Table {
  const revenue0 = lineitem
    .filter(lineitem.l_shipdate.ge(date("1996-01-01")), lineitem.l_shipdate.lt(date("1996-04-01")))
    .groupBy(lineitem.l_suppkey.name("supplier_no"))
    .aggregate((t) => ({ total_revenue: revenue(t).sum() }));
  const top = revenue0.filter((t) => t.col("total_revenue").eq(t.col("total_revenue").max().over()));
  return supplier
    .join(top, [["s_suppkey", "supplier_no"]])
    .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
    .orderBy("s_suppkey");
}

/** Parts/supplier relationship: NOT IN a subquery, COUNT DISTINCT. */
export function q16({ partsupp, part, supplier }: Tpch): Table {
  const complaints = supplier.filter(supplier.s_comment.like("%Customer%Complaints%"));
  const j = typed<PartSupp & Part>(
    partsupp
      .filter(partsupp.ps_suppkey.notin(complaints.s_suppkey))
      .join(
        part.filter(
          part.p_brand.ne("Brand#45"),
          part.p_type.like("MEDIUM POLISHED%").not(),
          part.p_size.isin([49, 14, 23, 45, 19, 3, 36, 9]),
        ),
        [["ps_partkey", "p_partkey"]],
      ),
  );
  return j
    .groupBy("p_brand", "p_type", "p_size")
    .aggregate((t) => ({ supplier_cnt: t.ps_suppkey.nunique() }))
    .orderBy(desc("supplier_cnt"), "p_brand", "p_type", "p_size");
}

/** Small-quantity-order revenue: the correlated AVG is a window over the part. */
export function q17({ lineitem, part }: Tpch): Table {
  const j = typed<Lineitem & Part>(
    lineitem.join(part.filter(part.p_brand.eq("Brand#23"), part.p_container.eq("MED BOX")), [
      ["l_partkey", "p_partkey"],
    ]),
  );
  return j
    .filter(j.l_quantity.lt(lit(0.2).mul(j.l_quantity.mean().over({ groupBy: j.l_partkey }))))
    .aggregate((t) => ({ avg_yearly: t.l_extendedprice.sum().div(7.0) }));
}

/** Large volume customer: IN a grouped subquery. */
export function q18({ customer, orders, lineitem }: Tpch): Table {
  const big = lineitem
    .groupBy("l_orderkey")
    .having((t) => t.l_quantity.sum().gt(300))
    .aggregate((t) => ({ qty: t.l_quantity.sum() }));
  const j = typed<Customer & Orders & Lineitem>(
    customer
      .join(orders.filter(orders.o_orderkey.isin(big.l_orderkey)), [["c_custkey", "o_custkey"]])
      .join(lineitem, [["o_orderkey", "l_orderkey"]]),
  );
  return j
    .groupBy("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
    .aggregate((t) => ({ sum_qty: t.l_quantity.sum() }))
    .orderBy(desc("o_totalprice"), "o_orderdate")
    .limit(100);
}

/** Discounted revenue: a disjunction of three conjunctions. */
export function q19({ lineitem, part }: Tpch): Table {
  const j = typed<Lineitem & Part>(lineitem.join(part, [["l_partkey", "p_partkey"]]));
  const bracket = (brand: string, containers: string[], lo: number, size: number) =>
    j.p_brand
      .eq(brand)
      .and(j.p_container.isin(containers))
      .and(j.l_quantity.between(lo, lo + 10))
      .and(j.p_size.between(1, size))
      .and(j.l_shipmode.isin(["AIR", "AIR REG"]))
      .and(j.l_shipinstruct.eq("DELIVER IN PERSON"));
  return j
    .filter(
      bracket("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
        .or(bracket("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10))
        .or(bracket("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15)),
    )
    .aggregate((t) => ({ revenue: revenue(t).sum() }));
}

/** Potential part promotion: nested IN, the correlated SUM as a join. */
export function q20({ supplier, nation, partsupp, part, lineitem }: Tpch): Table {
  const forest = part.filter(part.p_name.like("forest%"));
  const shipped = lineitem
    .filter(lineitem.l_shipdate.ge(date("1994-01-01")), lineitem.l_shipdate.lt(date("1995-01-01")))
    .groupBy("l_partkey", "l_suppkey")
    .aggregate((t) => ({ qty: t.l_quantity.sum() }));
  const ps = typed<PartSupp & { qty: "float64" }>(
    partsupp.filter(partsupp.ps_partkey.isin(forest.p_partkey)).join(shipped, [
      ["ps_partkey", "l_partkey"],
      ["ps_suppkey", "l_suppkey"],
    ]),
  );
  const candidates = ps.filter(ps.ps_availqty.gt(lit(0.5).mul(ps.qty)));
  return supplier
    .filter(supplier.s_suppkey.isin(candidates.ps_suppkey))
    .join(nation.filter(nation.n_name.eq("CANADA")), [["s_nationkey", "n_nationkey"]])
    .select("s_name", "s_address")
    .orderBy("s_name");
}

/** Suppliers who kept orders waiting: EXISTS and NOT EXISTS on the same table. */
export function q21({ supplier, lineitem, orders, nation }: Tpch): Table {
  const l1 = lineitem.filter(lineitem.l_receiptdate.gt(lineitem.l_commitdate));
  const j = typed<Supplier & Lineitem & Orders & Nation>(
    supplier
      .join(l1, [["s_suppkey", "l_suppkey"]])
      .join(orders.filter(orders.o_orderstatus.eq("F")), [["l_orderkey", "o_orderkey"]])
      .join(nation.filter(nation.n_name.eq("SAUDI ARABIA")), [["s_nationkey", "n_nationkey"]]),
  );
  const l2 = lineitem.view();
  const l3 = lineitem.filter(lineitem.l_receiptdate.gt(lineitem.l_commitdate)).view();
  return j
    .filter(
      exists(l2, l2.l_orderkey.eq(j.l_orderkey).and(l2.l_suppkey.ne(j.l_suppkey))),
      notExists(l3, l3.l_orderkey.eq(j.l_orderkey).and(l3.l_suppkey.ne(j.l_suppkey))),
    )
    .groupBy("s_name")
    .aggregate((t) => ({ numwait: t.count() }))
    .orderBy(desc("numwait"), "s_name")
    .limit(100);
}

/** Global sales opportunity: a scalar subquery and NOT EXISTS. */
export function q22({ customer, orders }: Tpch): Table {
  const codes = ["13", "31", "23", "29", "30", "18", "17"];
  const inCodes = (t: Table<Customer>) => t.c_phone.substr(0, 2).isin(codes);
  const positive = customer.filter(customer.c_acctbal.gt(0), inCodes(customer));
  const avgBalance = positive.c_acctbal.mean().asScalar();
  return customer
    .filter(inCodes(customer), customer.c_acctbal.gt(avgBalance), notExists(orders, ["c_custkey", "o_custkey"]))
    .mutate((t) => ({ cntrycode: t.c_phone.substr(0, 2) }))
    .groupBy("cntrycode")
    .aggregate((t) => ({ numcust: t.count(), totacctbal: t.c_acctbal.sum() }))
    .orderBy("cntrycode");
}

/** Every query by number. */
export const QUERIES: Readonly<Record<number, (tables: Tpch) => Table>> = Object.freeze({
  1: q1,
  2: q2,
  3: q3,
  4: q4,
  5: q5,
  6: q6,
  7: q7,
  8: q8,
  9: q9,
  10: q10,
  11: q11,
  12: q12,
  13: q13,
  14: q14,
  15: q15,
  16: q16,
  17: q17,
  18: q18,
  19: q19,
  20: q20,
  21: q21,
  22: q22,
});
