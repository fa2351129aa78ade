import type { ColumnLineage } from "@ibex/diagnostics";
import { lineage, toOpenLineage } from "@ibex/diagnostics";
import { connect } from "@ibex/engine-native";
import { beforeAll, describe, expect, it } from "vitest";
import { QUERIES } from "../src/tpch/queries.js";
import type { Tpch } from "../src/tpch/schema.js";
import { loadTpch } from "../src/tpch/tables.js";

// Column lineage of the 22 TPC-H queries; five are checked against lineage
// worked out by hand from the query text.
let tpch: Tpch;
beforeAll(async () => {
  tpch = await loadTpch(await connect(), 0.001);
});

const of = (q: number) => {
  const build = QUERIES[q];
  if (build === undefined) throw new Error(`no query ${q}`);
  return lineage(build(tpch).node);
};
const col = (ls: readonly ColumnLineage[], name: string) => {
  const c = ls.find((l) => l.name === name);
  if (c === undefined) throw new Error(`no column ${name}`);
  return c;
};
/** "table.column" (with ":masking" where masked), for compact expectations. */
const direct = (c: ColumnLineage, kind: string) =>
  c.direct.filter((d) => d.kind === kind).map((d) => `${d.table}.${d.column}${d.masking ? ":masking" : ""}`);
const indirect = (c: ColumnLineage) => c.indirect.map((d) => `${d.kind} ${d.table}.${d.column}`).sort();

describe("column lineage on TPC-H", () => {
  it("covers all 22 queries: every output column has a source", () => {
    for (let q = 1; q <= 22; q++) {
      const ls = of(q);
      const build = QUERIES[q] as (t: Tpch) => { node: { schema: { names: readonly string[] } } };
      expect(ls.map((l) => l.name)).toEqual(build(tpch).node.schema.names);
      for (const l of ls) expect(l.direct.length + l.indirect.length, `q${q}.${l.name}`).toBeGreaterThan(0);
    }
  });

  it("Q1 (pricing summary): keys are identities, measures aggregations, all filtered, grouped and sorted", () => {
    const ls = of(1);
    const everyColumn = [
      "filter lineitem.l_shipdate",
      "groupBy lineitem.l_linestatus",
      "sort lineitem.l_linestatus",
      "groupBy lineitem.l_returnflag",
      "sort lineitem.l_returnflag",
    ];
    expect(direct(col(ls, "l_returnflag"), "identity")).toEqual(["lineitem.l_returnflag"]);
    expect(direct(col(ls, "sum_qty"), "aggregation")).toEqual(["lineitem.l_quantity"]);
    expect(direct(col(ls, "sum_disc_price"), "aggregation")).toEqual([
      "lineitem.l_discount",
      "lineitem.l_extendedprice",
    ]);
    expect(direct(col(ls, "sum_charge"), "aggregation")).toEqual([
      "lineitem.l_discount",
      "lineitem.l_extendedprice",
      "lineitem.l_tax",
    ]);
    expect(col(ls, "count_order").direct).toEqual([]);
    for (const l of ls) expect(indirect(l), l.name).toEqual([...everyColumn].sort());
  });

  it("Q3 (shipping priority): joins, three filters, group-by keys and the sort", () => {
    const ls = of(3);
    expect(direct(col(ls, "l_orderkey"), "identity")).toEqual(["lineitem.l_orderkey"]);
    expect(direct(col(ls, "o_orderdate"), "identity")).toEqual(["orders.o_orderdate"]);
    expect(direct(col(ls, "revenue"), "aggregation")).toEqual(["lineitem.l_discount", "lineitem.l_extendedprice"]);
    const expected = [
      "filter customer.c_mktsegment",
      "join customer.c_custkey",
      "join lineitem.l_orderkey",
      "groupBy lineitem.l_orderkey",
      "filter lineitem.l_shipdate",
      "sort lineitem.l_discount",
      "sort lineitem.l_extendedprice",
      "join orders.o_custkey",
      "filter orders.o_orderdate",
      "groupBy orders.o_orderdate",
      "sort orders.o_orderdate",
      "join orders.o_orderkey",
      "groupBy orders.o_shippriority",
    ];
    for (const l of ls) expect(indirect(l), l.name).toEqual([...expected].sort());
  });

  it("Q6 (forecasting revenue change): one aggregation under three filtered columns", () => {
    const [revenue] = of(6);
    expect(revenue?.name).toBe("revenue");
    expect(direct(revenue as ColumnLineage, "aggregation")).toEqual([
      "lineitem.l_discount",
      "lineitem.l_extendedprice",
    ]);
    expect(indirect(revenue as ColumnLineage)).toEqual(
      ["filter lineitem.l_discount", "filter lineitem.l_quantity", "filter lineitem.l_shipdate"].sort(),
    );
  });

  it("Q13 (customer distribution): a masked count, regrouped", () => {
    const ls = of(13);
    expect(direct(col(ls, "c_count"), "aggregation")).toEqual(["orders.o_orderkey:masking"]);
    expect(col(ls, "custdist").direct).toEqual([]);
    expect(indirect(col(ls, "custdist"))).toEqual(
      expect.arrayContaining([
        "groupBy customer.c_custkey",
        "join customer.c_custkey",
        "join orders.o_custkey",
        "filter orders.o_comment",
        "groupBy orders.o_orderkey",
        "sort orders.o_orderkey",
      ]),
    );
  });

  it("Q14 (promotion effect): a conditional on the part type inside the aggregation", () => {
    const [promo] = of(14);
    expect(direct(promo as ColumnLineage, "aggregation")).toEqual(["lineitem.l_discount", "lineitem.l_extendedprice"]);
    expect(indirect(promo as ColumnLineage)).toEqual(
      [
        "join lineitem.l_partkey",
        "filter lineitem.l_shipdate",
        "join part.p_partkey",
        "conditional part.p_type",
      ].sort(),
    );
  });

  it("emits an OpenLineage column-lineage facet", () => {
    const facet = toOpenLineage(of(6), { namespace: "tpch" });
    expect(facet._schemaURL).toMatch(/ColumnLineageDatasetFacet\.json$/);
    expect(facet.fields.revenue?.inputFields).toEqual(
      expect.arrayContaining([
        {
          namespace: "tpch",
          name: "lineitem",
          field: "l_discount",
          transformations: [
            { type: "DIRECT", subtype: "AGGREGATION", description: "", masking: false },
            { type: "INDIRECT", subtype: "FILTER", description: "", masking: false },
          ],
        },
      ]),
    );
  });
});
