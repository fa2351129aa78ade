"""Build + compile latency of the 22 TPC-H queries in Python Ibis.

The Python peer of Ibex's "build + compile" benchmark. Each query is written in
Ibis over *unbound* tables (``ibis.table(schema, name=...)``: no backend, no
data). For each query, one sample is the time to call the query function (build
the expression) plus ``ibis.to_sql(expr, dialect="duckdb")``. When
ibis-substrait is importable and works, build + Substrait compilation is timed
separately.

    python ibis_tpch.py [--reps N] [--warmup W] [--check]

Prints one JSON object to stdout; everything else (warnings, --check SQL) goes
to stderr. Dates are precomputed literals (as in Ibex's queries and Ibis's own
TPC-H suite), so no interval arithmetic happens in the expressions.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import warnings

import ibis

# ---------------------------------------------------------------- schema ----

SCHEMAS: dict[str, dict[str, str]] = {
    "region": {"r_regionkey": "int64", "r_name": "string", "r_comment": "string"},
    "nation": {
        "n_nationkey": "int64",
        "n_name": "string",
        "n_regionkey": "int64",
        "n_comment": "string",
    },
    "part": {
        "p_partkey": "int64",
        "p_name": "string",
        "p_mfgr": "string",
        "p_brand": "string",
        "p_type": "string",
        "p_size": "int64",
        "p_container": "string",
        "p_retailprice": "float64",
        "p_comment": "string",
    },
    "supplier": {
        "s_suppkey": "int64",
        "s_name": "string",
        "s_address": "string",
        "s_nationkey": "int64",
        "s_phone": "string",
        "s_acctbal": "float64",
        "s_comment": "string",
    },
    "partsupp": {
        "ps_partkey": "int64",
        "ps_suppkey": "int64",
        "ps_availqty": "int64",
        "ps_supplycost": "float64",
        "ps_comment": "string",
    },
    "customer": {
        "c_custkey": "int64",
        "c_name": "string",
        "c_address": "string",
        "c_nationkey": "int64",
        "c_phone": "string",
        "c_acctbal": "float64",
        "c_mktsegment": "string",
        "c_comment": "string",
    },
    "orders": {
        "o_orderkey": "int64",
        "o_custkey": "int64",
        "o_orderstatus": "string",
        "o_totalprice": "float64",
        "o_orderdate": "date",
        "o_orderpriority": "string",
        "o_clerk": "string",
        "o_shippriority": "int64",
        "o_comment": "string",
    },
    "lineitem": {
        "l_orderkey": "int64",
        "l_partkey": "int64",
        "l_suppkey": "int64",
        "l_linenumber": "int64",
        "l_quantity": "float64",
        "l_extendedprice": "float64",
        "l_discount": "float64",
        "l_tax": "float64",
        "l_returnflag": "string",
        "l_linestatus": "string",
        "l_shipdate": "date",
        "l_commitdate": "date",
        "l_receiptdate": "date",
        "l_shipinstruct": "string",
        "l_shipmode": "string",
        "l_comment": "string",
    },
}


def make_tables() -> dict:
    return {name: ibis.table(schema, name=name) for name, schema in SCHEMAS.items()}


def d(s: str):
    return ibis.date(s)


# --------------------------------------------------------------- queries ----
# Each function takes the unbound tables (a dict) and returns an Ibis table
# expression. Parameters are the TPC-H validation parameters, as in
# examples/src/tpch/oracle-sql.ts.


def q1(t):
    l = t["lineitem"]
    # 1998-12-01 - interval '90' day
    q = l.filter(l.l_shipdate <= d("1998-09-02"))
    disc_price = q.l_extendedprice * (1 - q.l_discount)
    return (
        q.group_by(["l_returnflag", "l_linestatus"])
        .aggregate(
            sum_qty=q.l_quantity.sum(),
            sum_base_price=q.l_extendedprice.sum(),
            sum_disc_price=disc_price.sum(),
            sum_charge=(disc_price * (1 + q.l_tax)).sum(),
            avg_qty=q.l_quantity.mean(),
            avg_price=q.l_extendedprice.mean(),
            avg_disc=q.l_discount.mean(),
            count_order=q.count(),
        )
        .order_by(["l_returnflag", "l_linestatus"])
    )


def q2(t):
    part, supplier, partsupp, nation, region = (
        t["part"], t["supplier"], t["partsupp"], t["nation"], t["region"]
    )
    expr = (
        part.join(partsupp, part.p_partkey == partsupp.ps_partkey)
        .join(supplier, supplier.s_suppkey == partsupp.ps_suppkey)
        .join(nation, supplier.s_nationkey == nation.n_nationkey)
        .join(region, nation.n_regionkey == region.r_regionkey)
    )
    # Correlated subquery: min supply cost for this part among EUROPE suppliers.
    sub = (
        partsupp.join(supplier, supplier.s_suppkey == partsupp.ps_suppkey)
        .join(nation, supplier.s_nationkey == nation.n_nationkey)
        .join(region, nation.n_regionkey == region.r_regionkey)
    )
    sub = sub.filter(sub.r_name == "EUROPE", sub.ps_partkey == expr.p_partkey)
    return (
        expr.filter(
            expr.p_size == 15,
            expr.p_type.like("%BRASS"),
            expr.r_name == "EUROPE",
            expr.ps_supplycost == sub.ps_supplycost.min(),
        )
        .select(
            "s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr",
            "s_address", "s_phone", "s_comment",
        )
        .order_by([ibis.desc("s_acctbal"), "n_name", "s_name", "p_partkey"])
        .limit(100)
    )


def q3(t):
    c, o, l = t["customer"], t["orders"], t["lineitem"]
    q = (
        c.join(o, c.c_custkey == o.o_custkey)
        .join(l, l.l_orderkey == o.o_orderkey)
    )
    q = q.filter(
        q.c_mktsegment == "BUILDING",
        q.o_orderdate < d("1995-03-15"),
        q.l_shipdate > d("1995-03-15"),
    )
    return (
        q.group_by(["l_orderkey", "o_orderdate", "o_shippriority"])
        .aggregate(revenue=(q.l_extendedprice * (1 - q.l_discount)).sum())
        .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
        .order_by([ibis.desc("revenue"), "o_orderdate"])
        .limit(10)
    )


def q4(t):
    o, l = t["orders"], t["lineitem"]
    exists = (
        (l.l_orderkey == o.o_orderkey) & (l.l_commitdate < l.l_receiptdate)
    ).any()
    q = o.filter(
        o.o_orderdate >= d("1993-07-01"),
        o.o_orderdate < d("1993-10-01"),
        exists,
    )
    return (
        q.group_by("o_orderpriority")
        .aggregate(order_count=q.count())
        .order_by("o_orderpriority")
    )


def q5(t):
    c, o, l, s, n, r = (
        t["customer"], t["orders"], t["lineitem"], t["supplier"], t["nation"], t["region"]
    )
    q = (
        c.join(o, c.c_custkey == o.o_custkey)
        .join(l, l.l_orderkey == o.o_orderkey)
        .join(s, (l.l_suppkey == s.s_suppkey) & (c.c_nationkey == s.s_nationkey))
        .join(n, s.s_nationkey == n.n_nationkey)
        .join(r, n.n_regionkey == r.r_regionkey)
    )
    q = q.filter(
        q.r_name == "ASIA",
        q.o_orderdate >= d("1994-01-01"),
        q.o_orderdate < d("1995-01-01"),
    )
    return (
        q.group_by("n_name")
        .aggregate(revenue=(q.l_extendedprice * (1 - q.l_discount)).sum())
        .order_by(ibis.desc("revenue"))
    )


def q6(t):
    l = t["lineitem"]
    return l.filter(
        l.l_shipdate >= d("1994-01-01"),
        l.l_shipdate < d("1995-01-01"),
        l.l_discount.between(0.05, 0.07),
        l.l_quantity < 24,
    ).aggregate(revenue=(l.l_extendedprice * l.l_discount).sum())


def q7(t):
    s, l, o, c = t["supplier"], t["lineitem"], t["orders"], t["customer"]
    n1 = t["nation"]
    n2 = t["nation"].view()
    q = (
        s.join(l, s.s_suppkey == l.l_suppkey)
        .join(o, o.o_orderkey == l.l_orderkey)
        .join(c, c.c_custkey == o.o_custkey)
        .join(n1, s.s_nationkey == n1.n_nationkey)
        .join(n2, c.c_nationkey == n2.n_nationkey)
    )
    q = q.select(
        supp_nation=n1.n_name,
        cust_nation=n2.n_name,
        l_shipdate=l.l_shipdate,
        l_year=l.l_shipdate.year(),
        volume=l.l_extendedprice * (1 - l.l_discount),
    )
    q = q.filter(
        ((q.supp_nation == "FRANCE") & (q.cust_nation == "GERMANY"))
        | ((q.supp_nation == "GERMANY") & (q.cust_nation == "FRANCE")),
        q.l_shipdate.between(d("1995-01-01"), d("1996-12-31")),
    )
    return (
        q.group_by(["supp_nation", "cust_nation", "l_year"])
        .aggregate(revenue=q.volume.sum())
        .order_by(["supp_nation", "cust_nation", "l_year"])
    )


def q8(t):
    p, s, l, o, c, r = (
        t["part"], t["supplier"], t["lineitem"], t["orders"], t["customer"], t["region"]
    )
    n1 = t["nation"]
    n2 = t["nation"].view()
    q = (
        p.join(l, p.p_partkey == l.l_partkey)
        .join(s, s.s_suppkey == l.l_suppkey)
        .join(o, l.l_orderkey == o.o_orderkey)
        .join(c, o.o_custkey == c.c_custkey)
        .join(n1, c.c_nationkey == n1.n_nationkey)
        .join(r, n1.n_regionkey == r.r_regionkey)
        .join(n2, s.s_nationkey == n2.n_nationkey)
    )
    q = q.filter(
        r.r_name == "AMERICA",
        o.o_orderdate.between(d("1995-01-01"), d("1996-12-31")),
        p.p_type == "ECONOMY ANODIZED STEEL",
    )
    q = q.select(
        o_year=o.o_orderdate.year(),
        volume=l.l_extendedprice * (1 - l.l_discount),
        nation=n2.n_name,
    )
    return (
        q.group_by("o_year")
        .aggregate(
            mkt_share=ibis.ifelse(q.nation == "BRAZIL", q.volume, 0).sum()
            / q.volume.sum()
        )
        .order_by("o_year")
    )


def q9(t):
    p, s, l, ps, o, n = (
        t["part"], t["supplier"], t["lineitem"], t["partsupp"], t["orders"], t["nation"]
    )
    q = (
        l.join(s, s.s_suppkey == l.l_suppkey)
        .join(ps, (ps.ps_suppkey == l.l_suppkey) & (ps.ps_partkey == l.l_partkey))
        .join(p, p.p_partkey == l.l_partkey)
        .join(o, o.o_orderkey == l.l_orderkey)
        .join(n, s.s_nationkey == n.n_nationkey)
    )
    q = q.filter(p.p_name.like("%green%"))
    q = q.select(
        nation=n.n_name,
        o_year=o.o_orderdate.year(),
        amount=l.l_extendedprice * (1 - l.l_discount) - ps.ps_supplycost * l.l_quantity,
    )
    return (
        q.group_by(["nation", "o_year"])
        .aggregate(sum_profit=q.amount.sum())
        .order_by(["nation", ibis.desc("o_year")])
    )


def q10(t):
    c, o, l, n = t["customer"], t["orders"], t["lineitem"], t["nation"]
    q = (
        c.join(o, c.c_custkey == o.o_custkey)
        .join(l, l.l_orderkey == o.o_orderkey)
        .join(n, c.c_nationkey == n.n_nationkey)
    )
    q = q.filter(
        q.o_orderdate >= d("1993-10-01"),
        q.o_orderdate < d("1994-01-01"),
        q.l_returnflag == "R",
    )
    return (
        q.group_by(
            ["c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment"]
        )
        .aggregate(revenue=(q.l_extendedprice * (1 - q.l_discount)).sum())
        .select(
            "c_custkey", "c_name", "revenue", "c_acctbal", "n_name",
            "c_address", "c_phone", "c_comment",
        )
        .order_by(ibis.desc("revenue"))
        .limit(20)
    )


def q11(t):
    ps, s, n = t["partsupp"], t["supplier"], t["nation"]

    def german_partsupp():
        q = ps.join(s, ps.ps_suppkey == s.s_suppkey).join(n, n.n_nationkey == s.s_nationkey)
        return q.filter(q.n_name == "GERMANY")

    q = german_partsupp()
    inner = german_partsupp()
    threshold = (inner.ps_supplycost * inner.ps_availqty).sum() * 0.0001
    q = q.group_by("ps_partkey").aggregate(value=(q.ps_supplycost * q.ps_availqty).sum())
    return q.filter(q.value > threshold.as_scalar()).order_by(ibis.desc("value"))


def q12(t):
    o, l = t["orders"], t["lineitem"]
    q = o.join(l, o.o_orderkey == l.l_orderkey)
    q = q.filter(
        q.l_shipmode.isin(["MAIL", "SHIP"]),
        q.l_commitdate < q.l_receiptdate,
        q.l_shipdate < q.l_commitdate,
        q.l_receiptdate >= d("1994-01-01"),
        q.l_receiptdate < d("1995-01-01"),
    )
    high = q.o_orderpriority.isin(["1-URGENT", "2-HIGH"])
    return (
        q.group_by("l_shipmode")
        .aggregate(
            high_line_count=ibis.ifelse(high, 1, 0).sum(),
            low_line_count=ibis.ifelse(~high, 1, 0).sum(),
        )
        .order_by("l_shipmode")
    )


def q13(t):
    c, o = t["customer"], t["orders"]
    q = c.left_join(
        o,
        [c.c_custkey == o.o_custkey, ~o.o_comment.like("%special%requests%")],
    )
    c_orders = q.group_by("c_custkey").aggregate(c_count=q.o_orderkey.count())
    return (
        c_orders.group_by("c_count")
        .aggregate(custdist=c_orders.count())
        .order_by([ibis.desc("custdist"), ibis.desc("c_count")])
    )


def q14(t):
    l, p = t["lineitem"], t["part"]
    q = l.join(p, l.l_partkey == p.p_partkey)
    q = q.filter(q.l_shipdate >= d("1995-09-01"), q.l_shipdate < d("1995-10-01"))
    rev = q.l_extendedprice * (1 - q.l_discount)
    return q.aggregate(
        promo_revenue=100.00 * ibis.ifelse(q.p_type.like("PROMO%"), rev, 0).sum() / rev.sum()
    )


def q15(t):
    l, s = t["lineitem"], t["supplier"]
    revenue0 = (
        l.filter(l.l_shipdate >= d("1996-01-01"), l.l_shipdate < d("1996-04-01"))
        .group_by(supplier_no=l.l_suppkey)
        .aggregate(total_revenue=(l.l_extendedprice * (1 - l.l_discount)).sum())
    )
    max_revenue = revenue0.total_revenue.max().as_scalar()
    q = s.join(revenue0, s.s_suppkey == revenue0.supplier_no)
    return (
        q.filter(q.total_revenue == max_revenue)
        .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
        .order_by("s_suppkey")
    )


def q16(t):
    ps, p, s = t["partsupp"], t["part"], t["supplier"]
    complainers = s.filter(s.s_comment.like("%Customer%Complaints%")).s_suppkey
    q = ps.join(p, p.p_partkey == ps.ps_partkey)
    q = q.filter(
        q.p_brand != "Brand#45",
        ~q.p_type.like("MEDIUM POLISHED%"),
        q.p_size.isin([49, 14, 23, 45, 19, 3, 36, 9]),
        ~q.ps_suppkey.isin(complainers),
    )
    return (
        q.group_by(["p_brand", "p_type", "p_size"])
        .aggregate(supplier_cnt=q.ps_suppkey.nunique())
        .order_by([ibis.desc("supplier_cnt"), "p_brand", "p_type", "p_size"])
    )


def q17(t):
    l, p = t["lineitem"], t["part"]
    q = l.join(p, p.p_partkey == l.l_partkey)
    inner = l.view()
    inner = inner.filter(inner.l_partkey == q.p_partkey)
    q = q.filter(
        q.p_brand == "Brand#23",
        q.p_container == "MED BOX",
        q.l_quantity < 0.2 * inner.l_quantity.mean(),
    )
    return q.aggregate(avg_yearly=q.l_extendedprice.sum() / 7.0)


def q18(t):
    c, o, l = t["customer"], t["orders"], t["lineitem"]
    big = (
        l.group_by("l_orderkey")
        .aggregate(qty=l.l_quantity.sum())
        .filter(lambda x: x.qty > 300)
    )
    q = (
        c.join(o, c.c_custkey == o.o_custkey)
        .join(l, o.o_orderkey == l.l_orderkey)
    )
    q = q.filter(q.o_orderkey.isin(big.l_orderkey))
    return (
        q.group_by(["c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice"])
        .aggregate(sum_qty=q.l_quantity.sum())
        .order_by([ibis.desc("o_totalprice"), "o_orderdate"])
        .limit(100)
    )


def q19(t):
    l, p = t["lineitem"], t["part"]
    q = l.join(p, p.p_partkey == l.l_partkey)

    def branch(brand, containers, lo, size_hi):
        return (
            (q.p_brand == brand)
            & q.p_container.isin(containers)
            & (q.l_quantity >= lo)
            & (q.l_quantity <= lo + 10)
            & q.p_size.between(1, size_hi)
            & q.l_shipmode.isin(["AIR", "AIR REG"])
            & (q.l_shipinstruct == "DELIVER IN PERSON")
        )

    q = q.filter(
        branch("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
        | branch("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10)
        | branch("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15)
    )
    return q.aggregate(revenue=(q.l_extendedprice * (1 - q.l_discount)).sum())


def q20(t):
    s, n, ps, p, l = t["supplier"], t["nation"], t["partsupp"], t["part"], t["lineitem"]
    forest_parts = p.filter(p.p_name.like("forest%")).p_partkey
    shipped = l.filter(
        l.l_partkey == ps.ps_partkey,
        l.l_suppkey == ps.ps_suppkey,
        l.l_shipdate >= d("1994-01-01"),
        l.l_shipdate < d("1995-01-01"),
    )
    excess = ps.filter(
        ps.ps_partkey.isin(forest_parts),
        ps.ps_availqty > 0.5 * shipped.l_quantity.sum(),
    )
    q = s.join(n, s.s_nationkey == n.n_nationkey)
    q = q.filter(q.n_name == "CANADA", q.s_suppkey.isin(excess.ps_suppkey))
    return q.select("s_name", "s_address").order_by("s_name")


def q21(t):
    s, o, n = t["supplier"], t["orders"], t["nation"]
    l1 = t["lineitem"]
    l2 = t["lineitem"].view()
    l3 = t["lineitem"].view()
    q = (
        s.join(l1, s.s_suppkey == l1.l_suppkey)
        .join(o, o.o_orderkey == l1.l_orderkey)
        .join(n, s.s_nationkey == n.n_nationkey)
    )
    q = q.filter(
        q.o_orderstatus == "F",
        q.l_receiptdate > q.l_commitdate,
        q.n_name == "SAUDI ARABIA",
        ((l2.l_orderkey == q.l_orderkey) & (l2.l_suppkey != q.l_suppkey)).any(),
        ~(
            (l3.l_orderkey == q.l_orderkey)
            & (l3.l_suppkey != q.l_suppkey)
            & (l3.l_receiptdate > l3.l_commitdate)
        ).any(),
    )
    return (
        q.group_by("s_name")
        .aggregate(numwait=q.count())
        .order_by([ibis.desc("numwait"), "s_name"])
        .limit(100)
    )


def q22(t):
    c, o = t["customer"], t["orders"]
    codes = ["13", "31", "23", "29", "30", "18", "17"]
    avg_bal = (
        c.filter(c.c_acctbal > 0.00, c.c_phone.substr(0, 2).isin(codes))
        .c_acctbal.mean()
        .as_scalar()
    )
    custsale = c.filter(
        c.c_phone.substr(0, 2).isin(codes),
        c.c_acctbal > avg_bal,
        ~(o.o_custkey == c.c_custkey).any(),
    ).select(cntrycode=c.c_phone.substr(0, 2), c_acctbal=c.c_acctbal)
    return (
        custsale.group_by("cntrycode")
        .aggregate(numcust=custsale.count(), totacctbal=custsale.c_acctbal.sum())
        .order_by("cntrycode")
    )


QUERIES = {
    1: q1, 2: q2, 3: q3, 4: q4, 5: q5, 6: q6, 7: q7, 8: q8, 9: q9, 10: q10, 11: q11,
    12: q12, 13: q13, 14: q14, 15: q15, 16: q16, 17: q17, 18: q18, 19: q19, 20: q20,
    21: q21, 22: q22,
}

# ------------------------------------------------------------- substrait ----


# Why ibis-substrait is not in requirements.txt (checked with ibis-framework
# 12.0.0, ibis-substrait 4.0.1, May 2026):
SUBSTRAIT_UNSUPPORTED = (
    "ibis-substrait 4.0.1 (latest) requires ibis-framework>=9,<10, so pip refuses it "
    "alongside ibis-framework 12.0.0; force-installed with --no-deps it fails on import "
    "with the current substrait package (0.37.1: no substrait.__substrait_version__), "
    "and with substrait 0.23.0 it imports but every compile fails "
    "(AttributeError: 'Float64' object has no attribute 'name'; ibis 12 data types "
    "no longer have .name)"
)


def load_substrait(tables):
    """Return (compile_fn, None) if ibis-substrait works here, else (None, reason)."""
    try:
        from ibis_substrait.compiler.core import SubstraitCompiler
    except ModuleNotFoundError:
        return None, "ibis_substrait not installed: " + SUBSTRAIT_UNSUPPORTED
    except Exception as e:  # an incompatible ibis or substrait underneath
        return None, f"ibis_substrait not importable: {type(e).__name__}: {e}"
    try:
        SubstraitCompiler().compile(QUERIES[6](tables))
    except Exception as e:
        return None, f"SubstraitCompiler().compile failed on Q6: {type(e).__name__}: {e}"
    return (lambda expr: SubstraitCompiler().compile(expr)), None


# ----------------------------------------------------------------- timing ---


def summarize(samples_ns):
    us = [s / 1000.0 for s in samples_ns]
    return {
        "median": round(statistics.median(us), 1),
        "min": round(min(us), 1),
        "max": round(max(us), 1),
    }


def time_query(fn, tables, compile_fn, reps, warmup):
    for _ in range(warmup):
        compile_fn(fn(tables))
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        compile_fn(fn(tables))
        samples.append(time.perf_counter_ns() - t0)
    return summarize(samples)


def to_duckdb_sql(expr):
    return ibis.to_sql(expr, dialect="duckdb")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--check", action="store_true",
                    help="compile each query once and print its SQL to stderr")
    ap.add_argument("--queries", default="",
                    help="comma-separated subset, e.g. 1,6,22 (default: all)")
    args = ap.parse_args(argv)

    # Anything Ibis or its dependencies warn about goes to stderr (the default),
    # never stdout; show each distinct warning once.
    warnings.simplefilter("default")

    tables = make_tables()
    ids = [int(x) for x in args.queries.split(",") if x] or sorted(QUERIES)

    if args.check:
        for i in ids:
            sql = to_duckdb_sql(QUERIES[i](tables))
            print(f"-- Q{i}\n{sql};\n", file=sys.stderr)

    sub_compile, sub_error = load_substrait(tables)

    results = {}
    for i in ids:
        fn = QUERIES[i]
        entry = {"sql_us": time_query(fn, tables, to_duckdb_sql, args.reps, args.warmup)}
        if sub_compile is not None:
            try:
                entry["substrait_us"] = time_query(
                    fn, tables, sub_compile, args.reps, args.warmup
                )
            except Exception as e:
                entry["substrait_us"] = None
                entry["substrait_error"] = f"{type(e).__name__}: {e}"
        else:
            entry["substrait_us"] = None
        results[str(i)] = entry

    out = {
        "ibis_version": ibis.__version__,
        "python": platform.python_version(),
        "substrait": sub_compile is not None,
        "substrait_error": sub_error,
        "reps": args.reps,
        "warmup": args.warmup,
        "queries": results,
    }
    if sub_compile is not None:
        try:
            import ibis_substrait
            out["ibis_substrait_version"] = getattr(ibis_substrait, "__version__", None)
        except Exception:
            pass
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
