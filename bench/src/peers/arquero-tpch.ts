import type { Table as ArrowTable } from "apache-arrow";
import { tableToIPC } from "apache-arrow";
import type { ColumnTable } from "arquero";
import { desc, fromArrow, op, table } from "arquero";

const TABLES = ["region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"] as const;

export type ArqueroTables = Record<(typeof TABLES)[number], ColumnTable>;

/**
 * Loads Arrow tables into Arquero. They go through Arrow IPC so that Arquero's
 * own decoder (Flechette) reads them: int64 columns come out as JS numbers
 * (not bigint, which would not mix with float arithmetic; TPC-H keys are far
 * below 2^53) and dates as epoch milliseconds, which queries compare with
 * `day(...)`. Every column is then copied into a plain array, since Arquero
 * reads arrays directly but Arrow columns through a per-row `at()` that
 * searches record batches and decodes strings on each access.
 */
export function arqueroTables(tables: Record<string, ArrowTable>): ArqueroTables {
  const load = (name: (typeof TABLES)[number]): ColumnTable => {
    const arrow = tables[name];
    if (arrow === undefined) throw new Error(`arqueroTables: missing table ${name}`);
    const lazy = fromArrow(tableToIPC(arrow), { useDate: false, useBigInt: false });
    const names = lazy.columnNames();
    return table(Object.fromEntries(names.map((n) => [n, lazy.column(n)?.toArray?.() ?? lazy.array(n)])), names);
  };
  return Object.fromEntries(TABLES.map((name) => [name, load(name)])) as ArqueroTables;
}

/** A date as the epoch milliseconds that date columns hold. */
const day = (iso: string): number => Date.parse(iso);

// Arquero compiles table expressions from their source text, so outside values such as dates enter as
// params (`$`). The cast: `params` is typed as returning `this | Params`, since it doubles as a getter.
const withParams = (t: ColumnTable, values: Record<string, unknown>): ColumnTable => t.params(values) as ColumnTable;

/** Q1: pricing summary report. */
function q1(t: ArqueroTables): ColumnTable {
  return withParams(t.lineitem, { hi: day("1998-12-01") - 90 * 86_400_000 })
    .filter((d, $) => d.l_shipdate <= $.hi)
    .groupby("l_returnflag", "l_linestatus")
    .rollup({
      sum_qty: (d) => op.sum(d.l_quantity),
      sum_base_price: (d) => op.sum(d.l_extendedprice),
      sum_disc_price: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)),
      sum_charge: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount) * (1 + d.l_tax)),
      avg_qty: (d) => op.mean(d.l_quantity),
      avg_price: (d) => op.mean(d.l_extendedprice),
      avg_disc: (d) => op.mean(d.l_discount),
      count_order: () => op.count(),
    })
    .orderby("l_returnflag", "l_linestatus")
    .reify();
}

/** Q2: minimum cost supplier. */
function q2(t: ArqueroTables): ColumnTable {
  const nation = t.nation
    .semijoin(
      t.region.filter((d) => d.r_name === "EUROPE"),
      ["n_regionkey", "r_regionkey"],
    )
    .select("n_nationkey", "n_name");
  const supplier = t.supplier.join(nation, ["s_nationkey", "n_nationkey"]);
  const partsupp = t.partsupp
    .select("ps_partkey", "ps_suppkey", "ps_supplycost")
    .join(supplier, ["ps_suppkey", "s_suppkey"]);
  const minCost = partsupp.groupby("ps_partkey").rollup({ min_cost: (d) => op.min(d.ps_supplycost) });
  return t.part
    .filter((d) => d.p_size === 15 && op.endswith(d.p_type, "BRASS"))
    .select("p_partkey", "p_mfgr")
    .join(partsupp, ["p_partkey", "ps_partkey"])
    .join(minCost, [
      ["ps_partkey", "ps_supplycost"],
      ["ps_partkey", "min_cost"],
    ])
    .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
    .orderby(desc("s_acctbal"), "n_name", "s_name", "p_partkey")
    .slice(0, 100);
}

/** Q3: shipping priority. */
function q3(t: ArqueroTables): ColumnTable {
  const date = day("1995-03-15");
  const customer = t.customer.filter((d) => d.c_mktsegment === "BUILDING");
  const orders = withParams(t.orders, { date })
    .filter((d, $) => d.o_orderdate < $.date)
    .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
    .semijoin(customer, ["o_custkey", "c_custkey"]);
  return withParams(t.lineitem, { date })
    .filter((d, $) => d.l_shipdate > $.date)
    .select("l_orderkey", "l_extendedprice", "l_discount")
    .join(orders, ["l_orderkey", "o_orderkey"])
    .groupby("l_orderkey", "o_orderdate", "o_shippriority")
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) })
    .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
    .orderby(desc("revenue"), "o_orderdate")
    .slice(0, 10);
}

/** Q4: order priority checking. */
function q4(t: ArqueroTables): ColumnTable {
  return withParams(t.orders, { lo: day("1993-07-01"), hi: day("1993-10-01") })
    .filter((d, $) => d.o_orderdate >= $.lo && d.o_orderdate < $.hi)
    .semijoin(
      t.lineitem.filter((d) => d.l_commitdate < d.l_receiptdate),
      ["o_orderkey", "l_orderkey"],
    )
    .groupby("o_orderpriority")
    .rollup({ order_count: () => op.count() })
    .orderby("o_orderpriority")
    .reify();
}

/** Q5: local supplier volume. */
function q5(t: ArqueroTables): ColumnTable {
  const nation = t.nation
    .semijoin(
      t.region.filter((d) => d.r_name === "ASIA"),
      ["n_regionkey", "r_regionkey"],
    )
    .select("n_nationkey", "n_name");
  const supplier = t.supplier.select("s_suppkey", "s_nationkey").semijoin(nation, ["s_nationkey", "n_nationkey"]);
  const customer = t.customer.select("c_custkey", "c_nationkey").semijoin(nation, ["c_nationkey", "n_nationkey"]);
  const orders = withParams(t.orders, { lo: day("1994-01-01"), hi: day("1995-01-01") })
    .filter((d, $) => d.o_orderdate >= $.lo && d.o_orderdate < $.hi)
    .select("o_orderkey", "o_custkey")
    .join(customer, ["o_custkey", "c_custkey"]);
  return (
    t.lineitem
      .select("l_orderkey", "l_suppkey", "l_extendedprice", "l_discount")
      .join(orders, ["l_orderkey", "o_orderkey"])
      .join(supplier, ["l_suppkey", "s_suppkey"])
      // Arquero joins on several columns through string keys built per row; one key and a filter is faster.
      .filter((d) => d.s_nationkey === d.c_nationkey)
      .join(nation, ["s_nationkey", "n_nationkey"])
      .groupby("n_name")
      .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) })
      .orderby(desc("revenue"))
      .reify()
  );
}

/** Q6: forecasting revenue change. */
function q6(t: ArqueroTables): ColumnTable {
  return withParams(t.lineitem, { lo: day("1994-01-01"), hi: day("1995-01-01") })
    .filter(
      (d, $) =>
        d.l_shipdate >= $.lo &&
        d.l_shipdate < $.hi &&
        d.l_discount >= 0.05 &&
        d.l_discount <= 0.07 &&
        d.l_quantity < 24,
    )
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * d.l_discount) });
}

/** Q7: volume shipping. */
function q7(t: ArqueroTables): ColumnTable {
  const nation = t.nation.filter((d) => d.n_name === "FRANCE" || d.n_name === "GERMANY");
  const supplier = t.supplier.join(
    nation,
    ["s_nationkey", "n_nationkey"],
    [["s_suppkey"], { supp_nation: (d) => d.n_name }],
  );
  const customer = t.customer.join(
    nation,
    ["c_nationkey", "n_nationkey"],
    [["c_custkey"], { cust_nation: (d) => d.n_name }],
  );
  const orders = t.orders.select("o_orderkey", "o_custkey").join(customer, ["o_custkey", "c_custkey"]);
  return (
    withParams(t.lineitem, { lo: day("1995-01-01"), hi: day("1996-12-31") })
      .filter((d, $) => d.l_shipdate >= $.lo && d.l_shipdate <= $.hi)
      .select("l_orderkey", "l_suppkey", "l_shipdate", "l_extendedprice", "l_discount")
      .join(supplier, ["l_suppkey", "s_suppkey"])
      .join(orders, ["l_orderkey", "o_orderkey"])
      // Both nations are FRANCE or GERMANY, so "one of each" is "not the same".
      .filter((d) => d.supp_nation !== d.cust_nation)
      .derive({ l_year: (d) => op.utcyear(d.l_shipdate), volume: (d) => d.l_extendedprice * (1 - d.l_discount) })
      .groupby("supp_nation", "cust_nation", "l_year")
      .rollup({ revenue: (d) => op.sum(d.volume) })
      .orderby("supp_nation", "cust_nation", "l_year")
      .reify()
  );
}

/** Q8: national market share. */
function q8(t: ArqueroTables): ColumnTable {
  const america = t.nation
    .semijoin(
      t.region.filter((d) => d.r_name === "AMERICA"),
      ["n_regionkey", "r_regionkey"],
    )
    .select("n_nationkey");
  const customer = t.customer.select("c_custkey", "c_nationkey").semijoin(america, ["c_nationkey", "n_nationkey"]);
  const orders = withParams(t.orders, { lo: day("1995-01-01"), hi: day("1996-12-31") })
    .filter((d, $) => d.o_orderdate >= $.lo && d.o_orderdate <= $.hi)
    .select("o_orderkey", "o_custkey", "o_orderdate")
    .semijoin(customer, ["o_custkey", "c_custkey"]);
  const supplier = t.supplier.join(
    t.nation,
    ["s_nationkey", "n_nationkey"],
    [["s_suppkey"], { nation: (d) => d.n_name }],
  );
  return t.lineitem
    .select("l_orderkey", "l_partkey", "l_suppkey", "l_extendedprice", "l_discount")
    .semijoin(
      t.part.filter((d) => d.p_type === "ECONOMY ANODIZED STEEL"),
      ["l_partkey", "p_partkey"],
    )
    .join(orders, ["l_orderkey", "o_orderkey"])
    .join(supplier, ["l_suppkey", "s_suppkey"])
    .derive({ o_year: (d) => op.utcyear(d.o_orderdate), volume: (d) => d.l_extendedprice * (1 - d.l_discount) })
    .groupby("o_year")
    .rollup({ mkt_share: (d) => op.sum(d.nation === "BRAZIL" ? d.volume : 0) / op.sum(d.volume) })
    .orderby("o_year")
    .reify();
}

/** Q9: product type profit measure. */
function q9(t: ArqueroTables): ColumnTable {
  const supplier = t.supplier.join(
    t.nation,
    ["s_nationkey", "n_nationkey"],
    [["s_suppkey"], { nation: (d) => d.n_name }],
  );
  return t.lineitem
    .select("l_orderkey", "l_partkey", "l_suppkey", "l_quantity", "l_extendedprice", "l_discount")
    .semijoin(
      t.part.filter((d) => op.includes(d.p_name, "green")),
      ["l_partkey", "p_partkey"],
    )
    .join(t.partsupp.select("ps_partkey", "ps_suppkey", "ps_supplycost"), [
      ["l_partkey", "l_suppkey"],
      ["ps_partkey", "ps_suppkey"],
    ])
    .join(supplier, ["l_suppkey", "s_suppkey"])
    .join(t.orders.select("o_orderkey", "o_orderdate"), ["l_orderkey", "o_orderkey"])
    .derive({
      o_year: (d) => op.utcyear(d.o_orderdate),
      amount: (d) => d.l_extendedprice * (1 - d.l_discount) - d.ps_supplycost * d.l_quantity,
    })
    .groupby("nation", "o_year")
    .rollup({ sum_profit: (d) => op.sum(d.amount) })
    .orderby("nation", desc("o_year"))
    .reify();
}

/** Q10: returned item reporting. */
function q10(t: ArqueroTables): ColumnTable {
  const orders = withParams(t.orders, { lo: day("1993-10-01"), hi: day("1994-01-01") })
    .filter((d, $) => d.o_orderdate >= $.lo && d.o_orderdate < $.hi)
    .select("o_orderkey", "o_custkey");
  return t.lineitem
    .filter((d) => d.l_returnflag === "R")
    .select("l_orderkey", "l_extendedprice", "l_discount")
    .join(orders, ["l_orderkey", "o_orderkey"])
    .groupby("o_custkey")
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) })
    .join(t.customer, ["o_custkey", "c_custkey"])
    .join(t.nation.select("n_nationkey", "n_name"), ["c_nationkey", "n_nationkey"])
    .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
    .orderby(desc("revenue"))
    .slice(0, 20);
}

/** Q11: important stock identification. */
function q11(t: ArqueroTables): ColumnTable {
  const supplier = t.supplier.semijoin(
    t.nation.filter((d) => d.n_name === "GERMANY"),
    ["s_nationkey", "n_nationkey"],
  );
  const stock = t.partsupp
    .semijoin(supplier, ["ps_suppkey", "s_suppkey"])
    .derive({ value: (d) => d.ps_supplycost * d.ps_availqty });
  const threshold = (stock.rollup({ total: (d) => op.sum(d.value) }).get("total") as number) * 0.0001;
  return withParams(stock.groupby("ps_partkey").rollup({ value: (d) => op.sum(d.value) }), { threshold })
    .filter((d, $) => d.value > $.threshold)
    .orderby(desc("value"))
    .reify();
}

/** Q12: shipping modes and order priority. */
function q12(t: ArqueroTables): ColumnTable {
  return withParams(t.lineitem, { lo: day("1994-01-01"), hi: day("1995-01-01") })
    .filter(
      (d, $) =>
        (d.l_shipmode === "MAIL" || d.l_shipmode === "SHIP") &&
        d.l_commitdate < d.l_receiptdate &&
        d.l_shipdate < d.l_commitdate &&
        d.l_receiptdate >= $.lo &&
        d.l_receiptdate < $.hi,
    )
    .select("l_orderkey", "l_shipmode")
    .join(t.orders.select("o_orderkey", "o_orderpriority"), ["l_orderkey", "o_orderkey"])
    .groupby("l_shipmode")
    .rollup({
      high_line_count: (d) => op.sum(d.o_orderpriority === "1-URGENT" || d.o_orderpriority === "2-HIGH" ? 1 : 0),
      low_line_count: (d) => op.sum(d.o_orderpriority !== "1-URGENT" && d.o_orderpriority !== "2-HIGH" ? 1 : 0),
    })
    .orderby("l_shipmode")
    .reify();
}

/** Q13: customer distribution. */
function q13(t: ArqueroTables): ColumnTable {
  const counts = withParams(t.orders, { re: /special.*requests/ })
    .filter((d, $) => op.match(d.o_comment, $.re, 0) === null)
    .groupby("o_custkey")
    .rollup({ c_count: () => op.count() });
  return (
    t.customer
      .select("c_custkey")
      // The outer join: a customer without (matching) orders gets no lookup value, and a count of 0.
      .lookup(counts, ["c_custkey", "o_custkey"], "c_count")
      .derive({ c_count: (d) => (d.c_count === undefined ? 0 : d.c_count) })
      .groupby("c_count")
      .rollup({ custdist: () => op.count() })
      .orderby(desc("custdist"), desc("c_count"))
      .reify()
  );
}

/** Q14: promotion effect. */
function q14(t: ArqueroTables): ColumnTable {
  return withParams(t.lineitem, { lo: day("1995-09-01"), hi: day("1995-10-01") })
    .filter((d, $) => d.l_shipdate >= $.lo && d.l_shipdate < $.hi)
    .select("l_partkey", "l_extendedprice", "l_discount")
    .join(t.part.select("p_partkey", "p_type"), ["l_partkey", "p_partkey"])
    .rollup({
      promo_revenue: (d) =>
        (100 * op.sum(op.startswith(d.p_type, "PROMO") ? d.l_extendedprice * (1 - d.l_discount) : 0)) /
        op.sum(d.l_extendedprice * (1 - d.l_discount)),
    });
}

/** Q15: top supplier. */
function q15(t: ArqueroTables): ColumnTable {
  const revenue = withParams(t.lineitem, { lo: day("1996-01-01"), hi: day("1996-04-01") })
    .filter((d, $) => d.l_shipdate >= $.lo && d.l_shipdate < $.hi)
    .groupby({ supplier_no: (d) => d.l_suppkey })
    .rollup({ total_revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) });
  const max = revenue.rollup({ max: (d) => op.max(d.total_revenue) }).get("max") as number;
  return t.supplier
    .select("s_suppkey", "s_name", "s_address", "s_phone")
    .join(
      withParams(revenue, { max }).filter((d, $) => d.total_revenue === $.max),
      ["s_suppkey", "supplier_no"],
    )
    .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
    .orderby("s_suppkey")
    .reify();
}

/** Q16: parts/supplier relationship. */
function q16(t: ArqueroTables): ColumnTable {
  const part = withParams(t.part, { sizes: new Set([49, 14, 23, 45, 19, 3, 36, 9]) }).filter(
    (d, $) => d.p_brand !== "Brand#45" && !op.startswith(d.p_type, "MEDIUM POLISHED") && op.has($.sizes, d.p_size),
  );
  const complaints = withParams(t.supplier, { re: /Customer.*Complaints/ }).filter(
    (d, $) => op.match(d.s_comment, $.re, 0) !== null,
  );
  return t.partsupp
    .select("ps_partkey", "ps_suppkey")
    .antijoin(complaints, ["ps_suppkey", "s_suppkey"])
    .join(part.select("p_partkey", "p_brand", "p_type", "p_size"), ["ps_partkey", "p_partkey"])
    .groupby("p_brand", "p_type", "p_size")
    .rollup({ supplier_cnt: (d) => op.distinct(d.ps_suppkey) })
    .orderby(desc("supplier_cnt"), "p_brand", "p_type", "p_size")
    .reify();
}

/** Q17: small-quantity-order revenue. */
function q17(t: ArqueroTables): ColumnTable {
  const lineitem = t.lineitem.select("l_partkey", "l_quantity", "l_extendedprice").semijoin(
    t.part.filter((d) => d.p_brand === "Brand#23" && d.p_container === "MED BOX"),
    ["l_partkey", "p_partkey"],
  );
  const limit = lineitem.groupby("l_partkey").rollup({ max_qty: (d) => 0.2 * op.mean(d.l_quantity) });
  return (
    lineitem
      .join(limit, "l_partkey")
      .filter((d) => d.l_quantity < d.max_qty)
      // Arquero's sum of no rows is undefined (SQL's NULL), and undefined / 7 would be NaN.
      .rollup({ avg_yearly: (d) => (op.valid(d.l_extendedprice) > 0 ? op.sum(d.l_extendedprice) / 7.0 : null) })
  );
}

/** Q18: large volume customer. */
function q18(t: ArqueroTables): ColumnTable {
  const large = t.lineitem
    .groupby("l_orderkey")
    .rollup({ sum_qty: (d) => op.sum(d.l_quantity) })
    .filter((d) => d.sum_qty > 300);
  return t.orders
    .select("o_orderkey", "o_custkey", "o_orderdate", "o_totalprice")
    .join(large, ["o_orderkey", "l_orderkey"])
    .join(t.customer.select("c_custkey", "c_name"), ["o_custkey", "c_custkey"])
    .select("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice", "sum_qty")
    .orderby(desc("o_totalprice"), "o_orderdate")
    .slice(0, 100);
}

/** Q19: discounted revenue. */
function q19(t: ArqueroTables): ColumnTable {
  return t.lineitem
    .filter((d) => (d.l_shipmode === "AIR" || d.l_shipmode === "AIR REG") && d.l_shipinstruct === "DELIVER IN PERSON")
    .select("l_partkey", "l_quantity", "l_extendedprice", "l_discount")
    .join(t.part.select("p_partkey", "p_brand", "p_container", "p_size"), ["l_partkey", "p_partkey"])
    .filter(
      (d) =>
        (d.p_brand === "Brand#12" &&
          (d.p_container === "SM CASE" ||
            d.p_container === "SM BOX" ||
            d.p_container === "SM PACK" ||
            d.p_container === "SM PKG") &&
          d.l_quantity >= 1 &&
          d.l_quantity <= 11 &&
          d.p_size >= 1 &&
          d.p_size <= 5) ||
        (d.p_brand === "Brand#23" &&
          (d.p_container === "MED BAG" ||
            d.p_container === "MED BOX" ||
            d.p_container === "MED PKG" ||
            d.p_container === "MED PACK") &&
          d.l_quantity >= 10 &&
          d.l_quantity <= 20 &&
          d.p_size >= 1 &&
          d.p_size <= 10) ||
        (d.p_brand === "Brand#34" &&
          (d.p_container === "LG CASE" ||
            d.p_container === "LG BOX" ||
            d.p_container === "LG PACK" ||
            d.p_container === "LG PKG") &&
          d.l_quantity >= 20 &&
          d.l_quantity <= 30 &&
          d.p_size >= 1 &&
          d.p_size <= 15),
    )
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) });
}

/** Q20: potential part promotion. */
function q20(t: ArqueroTables): ColumnTable {
  const forest = t.part.filter((d) => op.startswith(d.p_name, "forest")).select("p_partkey");
  // Only forest parts' shipments matter, and dropping the rest first keeps the two-column grouping small.
  const shipped = withParams(t.lineitem, { lo: day("1994-01-01"), hi: day("1995-01-01") })
    .filter((d, $) => d.l_shipdate >= $.lo && d.l_shipdate < $.hi)
    .semijoin(forest, ["l_partkey", "p_partkey"])
    .groupby("l_partkey", "l_suppkey")
    .rollup({ half_qty: (d) => 0.5 * op.sum(d.l_quantity) });
  // An inner join: a (part, supplier) pair that shipped nothing has a NULL sum, and fails the comparison.
  const partsupp = t.partsupp
    .join(shipped, [
      ["ps_partkey", "ps_suppkey"],
      ["l_partkey", "l_suppkey"],
    ])
    .filter((d) => d.ps_availqty > d.half_qty);
  return t.supplier
    .semijoin(partsupp, ["s_suppkey", "ps_suppkey"])
    .semijoin(
      t.nation.filter((d) => d.n_name === "CANADA"),
      ["s_nationkey", "n_nationkey"],
    )
    .select("s_name", "s_address")
    .orderby("s_name")
    .reify();
}

/** Q21: suppliers who kept orders waiting. */
function q21(t: ArqueroTables): ColumnTable {
  const late = t.lineitem
    .filter((d) => d.l_receiptdate > d.l_commitdate)
    .select("l_orderkey", "l_suppkey")
    .semijoin(
      t.orders.filter((d) => d.o_orderstatus === "F"),
      ["l_orderkey", "o_orderkey"],
    );
  // EXISTS another supplier on the order: the order has more than one supplier. NOT EXISTS another late
  // supplier: the line's own supplier is the order's only late one. min/max tell both, far cheaper than
  // op.distinct's per-group sets.
  const multiSupplier = t.lineitem
    .groupby("l_orderkey")
    .rollup({ multi: (d) => op.min(d.l_suppkey) < op.max(d.l_suppkey) })
    .filter((d) => d.multi);
  const singleLate = late
    .groupby("l_orderkey")
    .rollup({ single: (d) => op.min(d.l_suppkey) === op.max(d.l_suppkey) })
    .filter((d) => d.single);
  const supplier = t.supplier.select("s_suppkey", "s_name", "s_nationkey").semijoin(
    t.nation.filter((d) => d.n_name === "SAUDI ARABIA"),
    ["s_nationkey", "n_nationkey"],
  );
  return late
    .join(supplier, ["l_suppkey", "s_suppkey"])
    .semijoin(singleLate, "l_orderkey")
    .semijoin(multiSupplier, "l_orderkey")
    .groupby("s_name")
    .rollup({ numwait: () => op.count() })
    .orderby(desc("numwait"), "s_name")
    .slice(0, 100);
}

/** Q22: global sales opportunity. */
function q22(t: ArqueroTables): ColumnTable {
  const customer = withParams(t.customer, { codes: new Set(["13", "31", "23", "29", "30", "18", "17"]) })
    .derive({ cntrycode: (d) => op.substring(d.c_phone, 0, 2) })
    .filter((d, $) => op.has($.codes, d.cntrycode));
  const avg = customer
    .filter((d) => d.c_acctbal > 0)
    .rollup({ avg: (d) => op.mean(d.c_acctbal) })
    .get("avg") as number;
  return withParams(customer, { avg })
    .filter((d, $) => d.c_acctbal > $.avg)
    .antijoin(t.orders, ["c_custkey", "o_custkey"])
    .groupby("cntrycode")
    .rollup({ numcust: () => op.count(), totacctbal: (d) => op.sum(d.c_acctbal) })
    .orderby("cntrycode")
    .reify();
}

/**
 * The TPC-H queries in Arquero, keyed by query number. Each result is materialised (`reify` or
 * `slice`): `orderby` alone only records a comparator, and the sort would run when rows are read.
 */
export const ARQUERO_QUERIES: Readonly<Record<number, (t: ArqueroTables) => ColumnTable>> = {
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
};
