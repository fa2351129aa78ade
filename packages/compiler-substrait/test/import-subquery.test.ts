import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  AggregateCallNode,
  AggregateNode,
  CallNode,
  ColumnNode,
  dt,
  FilterNode,
  InSubqueryNode,
  ProjectNode,
  ScalarSubqueryNode,
  schema,
  TableNode,
} from "@ibex/ir";
import { describe, expect, it } from "vitest";
import { Expression_FieldReference_OuterReferenceSchema } from "../src/gen/substrait/algebra_pb.js";
import { compileSubstrait, importSubstrait, PlanSchema, SubstraitImportError } from "../src/index.js";

const t = TableNode.create(
  "t",
  schema([
    { name: "k", type: dt.int64(false) },
    { name: "x", type: dt.float64() },
  ]),
);
const x = ColumnNode.create("x", dt.float64());
const k = ColumnNode.create("k", dt.int64(false));
const mean = AggregateNode.create(t, [], [{ name: "m", expr: AggregateCallNode.create("mean", [x]) }]);
const keys = ProjectNode.create(t, [{ name: "k", expr: k }]);
/** `x > (select mean(x) from t) and k not in (select k from t)` */
const query = FilterNode.create(t, [
  CallNode.create("gt", [x, ScalarSubqueryNode.create(mean)]),
  InSubqueryNode.create(k, keys, true),
]);

describe("importing Substrait subqueries", () => {
  it("reads uncorrelated scalar and NOT IN subqueries back into their IR nodes", () => {
    const node = importSubstrait(compileSubstrait(query).bytes);
    expect(node.kind).toBe("filter");
    const preds =
      node.kind === "filter"
        ? node.predicates.flatMap((p) => (p.kind === "call" && p.op === "and" ? p.args : [p]))
        : [];
    const kinds = preds.flatMap((p) => (p.kind === "call" ? p.args.map((a) => a.kind) : [p.kind]));
    expect(kinds).toContain("scalarSubquery");
    expect(preds.map((p) => p.kind)).toContain("inSubquery");
    const inSub = preds.find((p) => p.kind === "inSubquery");
    expect(inSub?.kind === "inSubquery" && inSub.negated).toBe(true);
  });

  it("declines a correlated subquery, naming the outer reference", () => {
    const plan = fromBinary(PlanSchema, compileSubstrait(query).bytes);
    // Point a field reference inside a subquery at the outer query, as a correlated producer would.
    const found: { value: { rootType: unknown } }[] = [];
    const walk = (v: unknown, inSub: boolean): void => {
      if (v === null || typeof v !== "object") return;
      const rex = (v as { rexType?: { case?: string; value?: unknown } }).rexType;
      if (inSub && rex?.case === "selection") found.push(rex as { value: { rootType: unknown } });
      for (const c of Object.values(v)) walk(c, inSub || rex?.case === "subquery");
    };
    walk(plan, false);
    expect(found.length).toBeGreaterThan(0);
    (found[0] as { value: { rootType: unknown } }).value.rootType = {
      case: "outerReference",
      value: create(Expression_FieldReference_OuterReferenceSchema, { stepsOut: 1 }),
    };
    const bytes = toBinary(PlanSchema, plan);
    expect(() => importSubstrait(bytes)).toThrow(SubstraitImportError);
    expect(() => importSubstrait(bytes)).toThrow(/a correlated subquery \(an outer field reference\) is not supported/);
  });
});
