import { fromBinary } from "@bufbuild/protobuf";
import { CallNode, ColumnNode, dt, FilterNode, LiteralNode, ProjectNode, schema, TableNode } from "@ibex/ir";
import { describe, expect, it } from "vitest";
import { compileSubstrait, PlanSchema, planToJson, SUBSTRAIT_VERSION } from "../src/index.js";

const t = TableNode.create(
  "orders",
  schema([
    { name: "id", type: dt.int64(false) },
    { name: "price", type: dt.float64() },
    { name: "qty", type: dt.int64() },
    { name: "name", type: dt.utf8() },
  ]),
);
const col = (n: string) => ColumnNode.create(n, t.schema.field(n).type);

const query = ProjectNode.create(
  FilterNode.create(t, [
    CallNode.create("gt", [col("price"), LiteralNode.create(10, dt.float64(false))]),
    CallNode.create("not", [CallNode.create("isNull", [col("name")])]),
  ]),
  [
    { name: "name", expr: col("name") },
    { name: "total", expr: CallNode.create("mul", [col("price"), col("qty")]) },
  ],
);

describe("compileSubstrait", () => {
  const { bytes, plan, names } = compileSubstrait(query);

  it("produces bytes that decode to the same plan", () => {
    const decoded = fromBinary(PlanSchema, bytes);
    expect(planToJson(decoded)).toEqual(planToJson(plan));
    expect(decoded.version?.minorNumber).toBe(SUBSTRAIT_VERSION.minor);
  });

  it("declares standard extension URNs and anchors every function it calls", () => {
    const urns = plan.extensionUrns.map((u) => u.urn).sort();
    expect(urns).toEqual([
      "extension:io.substrait:functions_arithmetic",
      "extension:io.substrait:functions_boolean",
      "extension:io.substrait:functions_comparison",
    ]);
    const fns = plan.extensions.map((e) =>
      e.mappingType.case === "extensionFunction" ? e.mappingType.value.name : "",
    );
    expect(fns.sort()).toEqual(["and:bool", "gt:any_any", "is_null:any", "multiply:fp64_fp64", "not:bool"]);
    const urnAnchors = new Set(plan.extensionUrns.map((u) => u.extensionUrnAnchor));
    for (const e of plan.extensions) {
      if (e.mappingType.case === "extensionFunction")
        expect(urnAnchors.has(e.mappingType.value.extensionUrnReference)).toBe(true);
    }
  });

  it("reads a named table with its base schema and nullability, under RelRoot names", () => {
    expect(names).toEqual(["name", "total"]);
    const json = planToJson(plan) as {
      relations: {
        root: {
          names: string[];
          input: { project: { common: unknown; input: { filter: { input: { read: unknown } } } } };
        };
      }[];
    };
    const root = json.relations[0]?.root;
    expect(root?.names).toEqual(["name", "total"]);
    expect(root?.input.project.common).toEqual({ emit: { outputMapping: [4, 5] } });
    expect(root?.input.project.input.filter.input.read).toMatchObject({
      namedTable: { names: ["orders"] },
      baseSchema: {
        names: ["id", "price", "qty", "name"],
        struct: {
          types: [
            { i64: { nullability: "NULLABILITY_REQUIRED" } },
            { fp64: { nullability: "NULLABILITY_NULLABLE" } },
            { i64: { nullability: "NULLABILITY_NULLABLE" } },
            { string: { nullability: "NULLABILITY_NULLABLE" } },
          ],
        },
      },
    });
  });

  it("casts promoted operands explicitly and is deterministic", () => {
    const text = JSON.stringify(planToJson(plan));
    expect(text).toContain('"cast"');
    expect(compileSubstrait(query).bytes).toEqual(bytes);
  });
});
