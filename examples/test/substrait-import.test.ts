import { toBinary } from "@bufbuild/protobuf";
import { compileSubstrait, importSubstrait, PlanSchema } from "@ibex/compiler-substrait";
import { diff, diffToText } from "@ibex/diagnostics";
import { date } from "@ibex/dsl";
import type { Connection } from "@ibex/engine-native";
import { connect } from "@ibex/engine-native";
import { typeToString } from "@ibex/ir";
import type * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUERIES } from "../src/tpch/queries.js";
import type { Tpch } from "../src/tpch/schema.js";
import { loadTpch } from "../src/tpch/tables.js";

// Substrait -> IR import, so plans from any producer can be diffed: every
// TPC-H plan Ibex produces imports back, keeps its output schema, returns the
// same rows when run, and diffs as unchanged against its own re-import.
let con: Connection;
let tpch: Tpch;
beforeAll(async () => {
  con = await connect();
  tpch = await loadTpch(con, 0.01);
});

const rows = (t: arrow.Table) =>
  t
    .toArray()
    .map((r) =>
      JSON.stringify(r.toJSON(), (_, v) =>
        typeof v === "bigint" ? v.toString() : typeof v === "number" ? Number(v.toPrecision(10)) : v,
      ),
    )
    .sort();

describe("importing Substrait plans into the IR", () => {
  const imported: number[] = [];
  afterAll(() => {
    console.log(`Substrait import: ${imported.length}/22 TPC-H plans imported and re-run`);
  });
  for (let q = 1; q <= 22; q++) {
    it(`TPC-H Q${q} imports back with its schema and rows`, async () => {
      const query = (QUERIES[q] as (t: Tpch) => { node: Parameters<typeof compileSubstrait>[0] })(tpch);
      const compiled = compileSubstrait(query.node);
      const bytes = compiled.bytes;
      // The fast encoder writes exactly protobuf-es's bytes.
      expect(bytes).toEqual(toBinary(PlanSchema, compiled.plan));
      const node = importSubstrait(bytes);
      expect(node.schema.names).toEqual(query.node.schema.names);
      expect(node.schema.fields.map((f) => typeToString({ ...f.type, nullable: true }))).toEqual(
        query.node.schema.fields.map((f) => typeToString({ ...f.type, nullable: true })),
      );
      // The same plan imports to the same IR.
      expect(diff(node, importSubstrait(bytes)).summary.semanticChange).toBe(false);
      expect(rows(await con.execute(node, { lane: "dataframe" }))).toEqual(rows(await con.execute(query.node)));
      imported.push(q);
    });
  }
  it("imports every TPC-H plan", () => {
    expect(imported.length).toBe(22);
  });

  it("sees no semantic change between Substrait plans of rewritten filters", () => {
    const { lineitem: l } = tpch;
    const a = l.filter(l.l_quantity.lt(24), l.l_discount.gt(0.05)).aggregate({ n: l.count() });
    const b = l.filter(l.l_discount.gt(0.05)).filter(l.l_quantity.lt(24)).aggregate({ n: l.count() });
    const d = diff(importSubstrait(compileSubstrait(a.node).bytes), importSubstrait(compileSubstrait(b.node).bytes));
    expect(d.summary.semanticChange, diffToText(d)).toBe(false);
  });

  it("diffs two Substrait plans: a changed filter is a row change at its path", () => {
    const { lineitem } = tpch;
    const plan = (d: string) =>
      compileSubstrait(lineitem.filter(lineitem.l_shipdate.le(date(d))).aggregate({ n: lineitem.count() }).node).bytes;
    const d = diff(importSubstrait(plan("1998-09-02")), importSubstrait(plan("1998-12-01")));
    expect(d.summary.rowsPossiblyChanged).toBe(true);
    expect(d.edits.filter((e) => e.kind === "update")).toEqual([
      expect.objectContaining({ node: "literal", path: expect.stringContaining("/filter[") }),
    ]);
  });
});

describe("importing subqueries", () => {
  it("imports an uncorrelated scalar subquery and NOT IN, with the same rows", async () => {
    const { lineitem: l, orders: o } = tpch;
    const q = l
      .filter(
        l.l_quantity.gt(l.l_quantity.mean().asScalar()),
        l.l_orderkey.notin(o.filter(o.o_totalprice.gt(100000)).select("o_orderkey")),
      )
      .aggregate({ n: l.count() });
    const node = importSubstrait(compileSubstrait(q.node).bytes);
    expect(node.schema.names).toEqual(["n"]);
    expect(rows(await con.execute(node))).toEqual(rows(await con.execute(q.node)));
  });
});
