/**
 * The 22 TPC-H queries (validation parameters) in the nodejs-polars lazy API:
 * the Polars peer in the benchmarks. Correlated subqueries become windows
 * (`.over`), semi/anti joins and pre-aggregated joins, the way Polars users
 * write them.
 */
import pl from "nodejs-polars";

export type PolarsTables = Record<
  "region" | "nation" | "part" | "supplier" | "partsupp" | "customer" | "orders" | "lineitem",
  pl.LazyDataFrame
>;

const TABLES = ["region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"] as const;

/** Scans the Parquet files: `${dir}/${table}.parquet`. */
export function polarsTables(dir: string): PolarsTables {
  return Object.fromEntries(TABLES.map((t) => [t, pl.scanParquet(`${dir}/${t}.parquet`)])) as PolarsTables;
}

const col = pl.col;
// Comparisons read a bare string argument as a column name, so string constants go through lit().
const lit = pl.lit;
// A JS Date literal is a datetime[ms]; cast, so it compares with the date32 columns as a date.
const date = (iso: string) => lit(new Date(`${iso}T00:00:00Z`)).cast(pl.Date);
/** l_extendedprice * (1 - l_discount) */
const revenue = () => col("l_extendedprice").mul(lit(1).sub(col("l_discount")));
const between = (e: pl.Expr, lo: unknown, hi: unknown) => e.gtEq(lo).and(e.ltEq(hi));
/**
 * A numeric sort key, descending. The lazy `sort` takes one `descending` flag
 * for all keys (an array fails in the native binding), so mixed orders negate.
 */
const descending = (name: string) => col(name).mul(-1);
/** A whole-table aggregate as SQL has it: NULL over no rows, where Polars' sum is 0. */
const sqlScalar = (agg: pl.Expr) => pl.when(pl.len().gt(0)).then(agg).otherwise(lit(null));
/** `from <= name < to`, on dates. */
const during = (name: string, from: string, to: string) =>
  col(name)
    .gtEq(date(from))
    .and(col(name).lt(date(to)));

/** Q1: pricing summary report */
function q1({ lineitem }: PolarsTables): pl.LazyDataFrame {
  return lineitem
    .filter(col("l_shipdate").ltEq(date("1998-09-02")))
    .groupBy(["l_returnflag", "l_linestatus"])
    .agg(
      col("l_quantity").sum().alias("sum_qty"),
      col("l_extendedprice").sum().alias("sum_base_price"),
      revenue().sum().alias("sum_disc_price"),
      revenue()
        .mul(lit(1).add(col("l_tax")))
        .sum()
        .alias("sum_charge"),
      col("l_quantity").mean().alias("avg_qty"),
      col("l_extendedprice").mean().alias("avg_price"),
      col("l_discount").mean().alias("avg_disc"),
      pl.len().alias("count_order"),
    )
    .sort(["l_returnflag", "l_linestatus"]);
}

/** Q2: minimum cost supplier */
function q2({ part, supplier, partsupp, nation, region }: PolarsTables): pl.LazyDataFrame {
  // The correlated MIN over the part's European offers is a window over p_partkey.
  return part
    .filter(col("p_size").eq(15).and(col("p_type").str.endsWith("BRASS")))
    .join(partsupp, { leftOn: "p_partkey", rightOn: "ps_partkey" })
    .join(supplier, { leftOn: "ps_suppkey", rightOn: "s_suppkey" })
    .join(nation, { leftOn: "s_nationkey", rightOn: "n_nationkey" })
    .join(region.filter(col("r_name").eq(lit("EUROPE"))), { leftOn: "n_regionkey", rightOn: "r_regionkey" })
    .filter(col("ps_supplycost").eq(col("ps_supplycost").min().over("p_partkey")))
    .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
    .sort([descending("s_acctbal"), col("n_name"), col("s_name"), col("p_partkey")])
    .limit(100);
}

/** Q3: shipping priority */
function q3({ customer, orders, lineitem }: PolarsTables): pl.LazyDataFrame {
  return lineitem
    .filter(col("l_shipdate").gt(date("1995-03-15")))
    .join(orders.filter(col("o_orderdate").lt(date("1995-03-15"))), { leftOn: "l_orderkey", rightOn: "o_orderkey" })
    .join(customer.filter(col("c_mktsegment").eq(lit("BUILDING"))), { leftOn: "o_custkey", rightOn: "c_custkey" })
    .groupBy(["l_orderkey", "o_orderdate", "o_shippriority"])
    .agg(revenue().sum().alias("revenue"))
    .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
    .sort([descending("revenue"), col("o_orderdate")])
    .limit(10);
}

/** Q4: order priority checking */
function q4({ orders, lineitem }: PolarsTables): pl.LazyDataFrame {
  return orders
    .filter(during("o_orderdate", "1993-07-01", "1993-10-01"))
    .join(lineitem.filter(col("l_commitdate").lt(col("l_receiptdate"))), {
      leftOn: "o_orderkey",
      rightOn: "l_orderkey",
      how: "semi",
    })
    .groupBy("o_orderpriority")
    .agg(pl.len().alias("order_count"))
    .sort("o_orderpriority");
}

/** Q5: local supplier volume */
function q5({ customer, orders, lineitem, supplier, nation, region }: PolarsTables): pl.LazyDataFrame {
  return customer
    .join(orders.filter(during("o_orderdate", "1994-01-01", "1995-01-01")), {
      leftOn: "c_custkey",
      rightOn: "o_custkey",
    })
    .join(lineitem, { leftOn: "o_orderkey", rightOn: "l_orderkey" })
    .join(supplier, { leftOn: ["l_suppkey", "c_nationkey"], rightOn: ["s_suppkey", "s_nationkey"] })
    .join(nation, { leftOn: "c_nationkey", rightOn: "n_nationkey" })
    .join(region.filter(col("r_name").eq(lit("ASIA"))), { leftOn: "n_regionkey", rightOn: "r_regionkey" })
    .groupBy("n_name")
    .agg(revenue().sum().alias("revenue"))
    .sort("revenue", true);
}

/** Q6: forecasting revenue change */
function q6({ lineitem }: PolarsTables): pl.LazyDataFrame {
  return lineitem
    .filter(
      during("l_shipdate", "1994-01-01", "1995-01-01")
        .and(between(col("l_discount"), 0.05, 0.07))
        .and(col("l_quantity").lt(24)),
    )
    .select(sqlScalar(col("l_extendedprice").mul(col("l_discount")).sum()).alias("revenue"));
}

/** Q7: volume shipping */
function q7({ supplier, lineitem, orders, customer, nation }: PolarsTables): pl.LazyDataFrame {
  const n1 = nation.select(col("n_nationkey").alias("n1_key"), col("n_name").alias("supp_nation"));
  const n2 = nation.select(col("n_nationkey").alias("n2_key"), col("n_name").alias("cust_nation"));
  return supplier
    .join(lineitem.filter(between(col("l_shipdate"), date("1995-01-01"), date("1996-12-31"))), {
      leftOn: "s_suppkey",
      rightOn: "l_suppkey",
    })
    .join(orders, { leftOn: "l_orderkey", rightOn: "o_orderkey" })
    .join(customer, { leftOn: "o_custkey", rightOn: "c_custkey" })
    .join(n1, { leftOn: "s_nationkey", rightOn: "n1_key" })
    .join(n2, { leftOn: "c_nationkey", rightOn: "n2_key" })
    .filter(
      col("supp_nation")
        .eq(lit("FRANCE"))
        .and(col("cust_nation").eq(lit("GERMANY")))
        .or(
          col("supp_nation")
            .eq(lit("GERMANY"))
            .and(col("cust_nation").eq(lit("FRANCE"))),
        ),
    )
    .groupBy([col("supp_nation"), col("cust_nation"), col("l_shipdate").date.year().alias("l_year")])
    .agg(revenue().sum().alias("revenue"))
    .sort(["supp_nation", "cust_nation", "l_year"]);
}

/** Q8: national market share */
function q8({ part, supplier, lineitem, orders, customer, nation, region }: PolarsTables): pl.LazyDataFrame {
  const n1 = nation.select(col("n_nationkey").alias("n1_key"), col("n_regionkey").alias("n1_region"));
  const n2 = nation.select(col("n_nationkey").alias("n2_key"), col("n_name").alias("nation"));
  return part
    .filter(col("p_type").eq(lit("ECONOMY ANODIZED STEEL")))
    .join(lineitem, { leftOn: "p_partkey", rightOn: "l_partkey" })
    .join(supplier, { leftOn: "l_suppkey", rightOn: "s_suppkey" })
    .join(orders.filter(between(col("o_orderdate"), date("1995-01-01"), date("1996-12-31"))), {
      leftOn: "l_orderkey",
      rightOn: "o_orderkey",
    })
    .join(customer, { leftOn: "o_custkey", rightOn: "c_custkey" })
    .join(n1, { leftOn: "c_nationkey", rightOn: "n1_key" })
    .join(region.filter(col("r_name").eq(lit("AMERICA"))), { leftOn: "n1_region", rightOn: "r_regionkey" })
    .join(n2, { leftOn: "s_nationkey", rightOn: "n2_key" })
    .withColumns(col("o_orderdate").date.year().alias("o_year"), revenue().alias("volume"))
    .groupBy("o_year")
    .agg(
      pl
        .when(col("nation").eq(lit("BRAZIL")))
        .then(col("volume"))
        .otherwise(lit(0))
        .sum()
        .div(col("volume").sum())
        .alias("mkt_share"),
    )
    .sort("o_year");
}

/** Q9: product type profit measure */
function q9({ part, supplier, lineitem, partsupp, orders, nation }: PolarsTables): pl.LazyDataFrame {
  return lineitem
    .join(part.filter(col("p_name").str.contains("green", true)), { leftOn: "l_partkey", rightOn: "p_partkey" })
    .join(partsupp, { leftOn: ["l_suppkey", "l_partkey"], rightOn: ["ps_suppkey", "ps_partkey"] })
    .join(supplier, { leftOn: "l_suppkey", rightOn: "s_suppkey" })
    .join(orders, { leftOn: "l_orderkey", rightOn: "o_orderkey" })
    .join(nation, { leftOn: "s_nationkey", rightOn: "n_nationkey" })
    .select(
      col("n_name").alias("nation"),
      col("o_orderdate").date.year().alias("o_year"),
      revenue()
        .sub(col("ps_supplycost").mul(col("l_quantity")))
        .alias("amount"),
    )
    .groupBy(["nation", "o_year"])
    .agg(col("amount").sum().alias("sum_profit"))
    .sort([col("nation"), descending("o_year")]);
}

/** Q10: returned item reporting */
function q10({ customer, orders, lineitem, nation }: PolarsTables): pl.LazyDataFrame {
  return customer
    .join(orders.filter(during("o_orderdate", "1993-10-01", "1994-01-01")), {
      leftOn: "c_custkey",
      rightOn: "o_custkey",
    })
    .join(lineitem.filter(col("l_returnflag").eq(lit("R"))), { leftOn: "o_orderkey", rightOn: "l_orderkey" })
    .join(nation, { leftOn: "c_nationkey", rightOn: "n_nationkey" })
    .groupBy(["c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment"])
    .agg(revenue().sum().alias("revenue"))
    .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
    .sort("revenue", true)
    .limit(20);
}

/** Q11: important stock identification */
function q11({ partsupp, supplier, nation }: PolarsTables): pl.LazyDataFrame {
  // The scalar subquery's total over all German stock is the sum of the per-part values.
  return partsupp
    .join(supplier, { leftOn: "ps_suppkey", rightOn: "s_suppkey" })
    .join(nation.filter(col("n_name").eq(lit("GERMANY"))), { leftOn: "s_nationkey", rightOn: "n_nationkey" })
    .groupBy("ps_partkey")
    .agg(col("ps_supplycost").mul(col("ps_availqty")).sum().alias("value"))
    .filter(col("value").gt(col("value").sum().mul(0.0001)))
    .sort("value", true);
}

/** Q12: shipping modes and order priority */
function q12({ orders, lineitem }: PolarsTables): pl.LazyDataFrame {
  const high = col("o_orderpriority").isIn(["1-URGENT", "2-HIGH"]);
  return lineitem
    .filter(
      col("l_shipmode")
        .isIn(["MAIL", "SHIP"])
        .and(col("l_commitdate").lt(col("l_receiptdate")))
        .and(col("l_shipdate").lt(col("l_commitdate")))
        .and(during("l_receiptdate", "1994-01-01", "1995-01-01")),
    )
    .join(orders, { leftOn: "l_orderkey", rightOn: "o_orderkey" })
    .groupBy("l_shipmode")
    .agg(
      pl.when(high).then(lit(1)).otherwise(lit(0)).sum().alias("high_line_count"),
      pl.when(high).then(lit(0)).otherwise(lit(1)).sum().alias("low_line_count"),
    )
    .sort("l_shipmode");
}

/** Q13: customer distribution */
function q13({ customer, orders }: PolarsTables): pl.LazyDataFrame {
  return customer
    .join(orders.filter(col("o_comment").str.contains("special.*requests").not()), {
      leftOn: "c_custkey",
      rightOn: "o_custkey",
      how: "left",
    })
    .groupBy("c_custkey")
    .agg(col("o_orderkey").count().alias("c_count"))
    .groupBy("c_count")
    .agg(pl.len().alias("custdist"))
    .sort(["custdist", "c_count"], true);
}

/** Q14: promotion effect */
function q14({ lineitem, part }: PolarsTables): pl.LazyDataFrame {
  return lineitem
    .filter(during("l_shipdate", "1995-09-01", "1995-10-01"))
    .join(part, { leftOn: "l_partkey", rightOn: "p_partkey" })
    .select(
      sqlScalar(
        lit(100.0)
          .mul(pl.when(col("p_type").str.startsWith("PROMO")).then(revenue()).otherwise(lit(0)).sum())
          .div(revenue().sum()),
      ).alias("promo_revenue"),
    );
}

/** Q15: top supplier */
function q15({ lineitem, supplier }: PolarsTables): pl.LazyDataFrame {
  const revenue0 = lineitem
    .filter(during("l_shipdate", "1996-01-01", "1996-04-01"))
    .groupBy(col("l_suppkey").alias("supplier_no"))
    .agg(revenue().sum().alias("total_revenue"));
  return supplier
    .join(revenue0.filter(col("total_revenue").eq(col("total_revenue").max())), {
      leftOn: "s_suppkey",
      rightOn: "supplier_no",
    })
    .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
    .sort("s_suppkey");
}

/** Q16: parts/supplier relationship */
function q16({ partsupp, part, supplier }: PolarsTables): pl.LazyDataFrame {
  // NOT IN is an anti join: s_suppkey is never null, so the two agree.
  return partsupp
    .join(supplier.filter(col("s_comment").str.contains("Customer.*Complaints")), {
      leftOn: "ps_suppkey",
      rightOn: "s_suppkey",
      how: "anti",
    })
    .join(
      part.filter(
        col("p_brand")
          .neq(lit("Brand#45"))
          .and(col("p_type").str.startsWith("MEDIUM POLISHED").not())
          .and(col("p_size").isIn([49, 14, 23, 45, 19, 3, 36, 9])),
      ),
      { leftOn: "ps_partkey", rightOn: "p_partkey" },
    )
    .groupBy(["p_brand", "p_type", "p_size"])
    .agg(col("ps_suppkey").nUnique().alias("supplier_cnt"))
    .sort([descending("supplier_cnt"), col("p_brand"), col("p_type"), col("p_size")]);
}

/** Q17: small-quantity-order revenue */
function q17({ lineitem, part }: PolarsTables): pl.LazyDataFrame {
  // The correlated AVG over the part's lineitems is a window over l_partkey.
  return lineitem
    .join(
      part.filter(
        col("p_brand")
          .eq(lit("Brand#23"))
          .and(col("p_container").eq(lit("MED BOX"))),
      ),
      {
        leftOn: "l_partkey",
        rightOn: "p_partkey",
      },
    )
    .filter(col("l_quantity").lt(lit(0.2).mul(col("l_quantity").mean().over("l_partkey"))))
    .select(sqlScalar(col("l_extendedprice").sum().div(7.0)).alias("avg_yearly"));
}

/** Q18: large volume customer */
function q18({ customer, orders, lineitem }: PolarsTables): pl.LazyDataFrame {
  const big = lineitem.groupBy("l_orderkey").agg(col("l_quantity").sum().alias("qty")).filter(col("qty").gt(300));
  return customer
    .join(orders.join(big, { leftOn: "o_orderkey", rightOn: "l_orderkey", how: "semi" }), {
      leftOn: "c_custkey",
      rightOn: "o_custkey",
    })
    .join(lineitem, { leftOn: "o_orderkey", rightOn: "l_orderkey" })
    .groupBy(["c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice"])
    .agg(col("l_quantity").sum().alias("sum_qty"))
    .sort([descending("o_totalprice"), col("o_orderdate")])
    .limit(100);
}

/** Q19: discounted revenue */
function q19({ lineitem, part }: PolarsTables): pl.LazyDataFrame {
  const bracket = (brand: string, containers: string[], lo: number, size: number) =>
    col("p_brand")
      .eq(lit(brand))
      .and(col("p_container").isIn(containers))
      .and(between(col("l_quantity"), lo, lo + 10))
      .and(between(col("p_size"), 1, size))
      .and(col("l_shipmode").isIn(["AIR", "AIR REG"]))
      .and(col("l_shipinstruct").eq(lit("DELIVER IN PERSON")));
  return lineitem
    .join(part, { leftOn: "l_partkey", rightOn: "p_partkey" })
    .filter(
      bracket("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
        .or(bracket("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10))
        .or(bracket("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15)),
    )
    .select(sqlScalar(revenue().sum()).alias("revenue"));
}

/** Q20: potential part promotion */
function q20({ supplier, nation, partsupp, part, lineitem }: PolarsTables): pl.LazyDataFrame {
  // The correlated SUM is pre-aggregated per (part, supplier) and inner-joined:
  // an offer with no shipments compares against NULL in SQL, so it drops out there too.
  const shipped = lineitem
    .filter(during("l_shipdate", "1994-01-01", "1995-01-01"))
    .groupBy(["l_partkey", "l_suppkey"])
    .agg(col("l_quantity").sum().alias("qty"));
  const candidates = partsupp
    .join(part.filter(col("p_name").str.startsWith("forest")), {
      leftOn: "ps_partkey",
      rightOn: "p_partkey",
      how: "semi",
    })
    .join(shipped, { leftOn: ["ps_partkey", "ps_suppkey"], rightOn: ["l_partkey", "l_suppkey"] })
    .filter(col("ps_availqty").gt(lit(0.5).mul(col("qty"))));
  return supplier
    .join(candidates, { leftOn: "s_suppkey", rightOn: "ps_suppkey", how: "semi" })
    .join(nation.filter(col("n_name").eq(lit("CANADA"))), { leftOn: "s_nationkey", rightOn: "n_nationkey" })
    .select("s_name", "s_address")
    .sort("s_name");
}

/** Q21: suppliers who kept orders waiting */
function q21({ supplier, lineitem, orders, nation }: PolarsTables): pl.LazyDataFrame {
  // EXISTS another supplier on the order: the order has more than one supplier.
  // NOT EXISTS another late supplier: l1 is late, so its supplier is the order's only late one.
  const late = lineitem.filter(col("l_receiptdate").gt(col("l_commitdate")));
  const multiSupplier = lineitem
    .groupBy("l_orderkey")
    .agg(col("l_suppkey").nUnique().alias("n_supp"))
    .filter(col("n_supp").gt(1));
  const soleLate = late
    .groupBy("l_orderkey")
    .agg(col("l_suppkey").nUnique().alias("n_late"))
    .filter(col("n_late").eq(1));
  return late
    .join(multiSupplier, { on: "l_orderkey", how: "semi" })
    .join(soleLate, { on: "l_orderkey", how: "semi" })
    .join(orders.filter(col("o_orderstatus").eq(lit("F"))), { leftOn: "l_orderkey", rightOn: "o_orderkey" })
    .join(supplier, { leftOn: "l_suppkey", rightOn: "s_suppkey" })
    .join(nation.filter(col("n_name").eq(lit("SAUDI ARABIA"))), { leftOn: "s_nationkey", rightOn: "n_nationkey" })
    .groupBy("s_name")
    .agg(pl.len().alias("numwait"))
    .sort([descending("numwait"), col("s_name")])
    .limit(100);
}

/** Q22: global sales opportunity */
function q22({ customer, orders }: PolarsTables): pl.LazyDataFrame {
  // The scalar AVG runs over the same country-code filter, so it is an aggregate
  // inside the filter after that filter.
  return customer
    .withColumns(col("c_phone").str.slice(0, 2).alias("cntrycode"))
    .filter(col("cntrycode").isIn(["13", "31", "23", "29", "30", "18", "17"]))
    .filter(col("c_acctbal").gt(col("c_acctbal").filter(col("c_acctbal").gt(0.0)).mean()))
    .join(orders, { leftOn: "c_custkey", rightOn: "o_custkey", how: "anti" })
    .groupBy("cntrycode")
    .agg(pl.len().alias("numcust"), col("c_acctbal").sum().alias("totacctbal"))
    .sort("cntrycode");
}

/** The queries Polars can express, by TPC-H number. */
export const POLARS_QUERIES: Readonly<Record<number, (t: PolarsTables) => pl.LazyDataFrame>> = {
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
