import { describe, expect, it } from "vitest";
import {
  CallNode,
  ColumnNode,
  dt,
  FilterNode,
  IbexTypeError,
  JoinNode,
  LimitNode,
  LiteralNode,
  nodeEquals,
  ProjectNode,
  planPicture,
  printTree,
  ScalarSubqueryNode,
  SetOpNode,
  schema,
  TableNode,
  UnknownColumnError,
} from "../src/index.js";

const t = TableNode.create(
  "orders",
  schema([
    { name: "price", type: dt.float64() },
    { name: "qty", type: dt.int64() },
    { name: "name", type: dt.utf8() },
    { name: "ok", type: dt.bool(false) },
  ]),
);
const col = (name: string) => ColumnNode.create(name, t.schema.field(name).type);
const int = (v: bigint) => LiteralNode.create(v, dt.int64(false));

describe("type rules", () => {
  it("promotes int64 with float64 through an explicit cast", () => {
    const sum = CallNode.create("add", [col("qty"), col("price")]);
    expect(sum.type).toEqual(dt.float64(true));
    expect(sum.args[0]?.kind).toBe("cast");
    expect(sum.args[0]?.type.kind).toBe("float64");
    expect(sum.args[1]?.kind).toBe("column");
  });

  it("keeps int64 arithmetic in int64 and makes div float64", () => {
    expect(CallNode.create("mul", [col("qty"), int(2n)]).type.kind).toBe("int64");
    const d = CallNode.create("div", [col("qty"), int(2n)]);
    expect(d.type.kind).toBe("float64");
    expect(d.args.every((a) => a.kind === "cast")).toBe(true);
  });

  it("names the op, the argument and the types on a mismatch", () => {
    const attempt = () => CallNode.create("add", [col("qty"), col("name")]);
    expect(attempt).toThrow(IbexTypeError);
    expect(attempt).toThrow(/add: argument 2 has type utf8, expected a numeric type; argument types: \(int64, utf8\)/);
    expect(() => CallNode.create("lt", [col("name"), col("qty")])).toThrow(
      /lt: argument 2 has type int64, which cannot be compared with argument 1 of type utf8/,
    );
    expect(() => CallNode.create("and", [col("ok"), col("qty")])).toThrow(
      /and: argument 2 has type int64, expected bool/,
    );
  });

  it("checks arity and unknown ops", () => {
    expect(() => CallNode.create("not", [col("ok"), col("ok")])).toThrow(/not: arguments expects 1 argument/);
    expect(() => CallNode.create("frobnicate", [col("ok")])).toThrow(/unknown op "frobnicate"/);
  });

  it("derives nullability", () => {
    expect(CallNode.create("not", [col("ok")]).type.nullable).toBe(false);
    expect(CallNode.create("eq", [col("qty"), int(1n)]).type.nullable).toBe(true);
    expect(CallNode.create("isNull", [col("qty")]).type).toEqual(dt.bool(false));
  });
});

describe("relations", () => {
  it("rejects non-boolean predicates at build time", () => {
    expect(() => FilterNode.create(t, [col("qty")])).toThrow(/filter: predicate 1 has type int64, expected bool/);
  });

  it("rejects unknown columns, suggesting the closest name", () => {
    const bad = ColumnNode.create("prise", dt.float64());
    let err: unknown;
    try {
      ProjectNode.create(t, [{ name: "x", expr: bad }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownColumnError);
    expect((err as UnknownColumnError).suggestion).toBe("price");
    expect((err as Error).message).toMatch(
      /project: column "x" refers to unknown column "prise" .*did you mean "price"\?/,
    );
  });

  it("rejects a column read with the wrong type", () => {
    const wrong = ColumnNode.create("qty", dt.utf8());
    expect(() => ProjectNode.create(t, [{ name: "q", expr: wrong }])).toThrow(
      /reads column "qty" as utf8, but the input has it as int64/,
    );
  });

  it("infers the output schema of a projection and rejects duplicates", () => {
    const p = ProjectNode.create(t, [
      { name: "total", expr: CallNode.create("mul", [col("price"), col("qty")]) },
      { name: "name", expr: col("name") },
    ]);
    expect(p.schema.names).toEqual(["total", "name"]);
    expect(p.schema.field("total").type).toEqual(dt.float64());
    expect(() =>
      ProjectNode.create(t, [
        { name: "a", expr: col("qty") },
        { name: "a", expr: col("price") },
      ]),
    ).toThrow(/column "a" appears more than once/);
  });
});

describe("structural identity", () => {
  const build = () =>
    FilterNode.create(t, [CallNode.create("gt", [col("price"), LiteralNode.create(10, dt.float64(false))])]);

  it("makes the same query twice into equal values with equal hashes", () => {
    const a = build();
    const b = build();
    expect(a).not.toBe(b);
    expect(a.hash).toBe(b.hash);
    expect(nodeEquals(a, b)).toBe(true);
  });

  it("tells apart different literals and literal types", () => {
    const one = LiteralNode.create(1n, dt.int64(false));
    const oneF = LiteralNode.create(1, dt.float64(false));
    expect(one.hash).not.toBe(oneF.hash);
    expect(nodeEquals(one, oneF)).toBe(false);
    expect(
      nodeEquals(
        build(),
        FilterNode.create(t, [CallNode.create("lt", [col("price"), LiteralNode.create(10, dt.float64(false))])]),
      ),
    ).toBe(false);
  });

  it("freezes nodes", () => {
    const n = build();
    expect(Object.isFrozen(n)).toBe(true);
    expect(Object.isFrozen(n.predicates)).toBe(true);
    expect(() => {
      (n as { kind: string }).kind = "project";
    }).toThrow(TypeError);
  });

  it("costs linear work on deeply shared expressions", () => {
    let c: ReturnType<typeof CallNode.create> | ReturnType<typeof col> = col("qty");
    for (let i = 0; i < 200; i++) c = CallNode.create("add", [c, c]);
    // 2^200 paths, 201 distinct nodes: equality and hashing must not explode.
    const p = ProjectNode.create(t, [{ name: "c", expr: c }]);
    expect(nodeEquals(p, ProjectNode.create(t, [{ name: "c", expr: c }]))).toBe(true);
  });
});

describe("plan pictures", () => {
  it("draws the relation tree as Mermaid and DOT, a shared subtree once", () => {
    const t = TableNode.create("t", schema([{ name: "a", type: dt.int64() }]));
    const f = FilterNode.create(t, [
      CallNode.create("gt", [ColumnNode.create("a", dt.int64()), LiteralNode.create(1n, dt.int64(false))]),
    ]);
    const u = SetOpNode.create("union", f, f, false);
    const mermaid = planPicture(u, "mermaid");
    expect(mermaid.split("\n")).toEqual([
      "flowchart BT",
      '  n0["union all"]',
      '  n1["filter gt(a, 1)"]',
      '  n2["table t"]',
      "  n2 --> n1",
      "  n1 --> n0",
      "  n1 --> n0",
    ]);
    expect(planPicture(u, "dot")).toMatch(
      /^digraph plan \{\n {2}rankdir=BT;\n {2}n0 \[shape=box, label="union all"\];/,
    );
    expect(printTree(f)).toBe("filter gt(a, 1)  -> a: int64\n  table t  -> a: int64");
  });
});

describe("parametric types through joins, set ops and subqueries", () => {
  const left = TableNode.create(
    "l",
    schema([
      { name: "k", type: dt.int64(false) },
      { name: "price", type: dt.decimal(12, 2, false) },
      { name: "tags", type: dt.list(dt.utf8()) },
    ]),
  );
  const right = TableNode.create(
    "r",
    schema([
      { name: "k2", type: dt.int64(false) },
      { name: "at", type: dt.timestamp("ms", "UTC", false) },
    ]),
  );

  it("keeps a join column's parameters, making an outer side nullable", () => {
    const on = CallNode.create("eq", [
      ColumnNode.create("k", dt.int64(false)),
      ColumnNode.create("k2", dt.int64(false)),
    ]);
    const names = (s: typeof left.schema) => s.fields.map((f) => f.name);
    const output = [...names(left.schema), ...names(right.schema)].map((n) => ({ name: n, scope: n }));
    const j = JoinNode.create("left", left, right, names(left.schema), names(right.schema), on, output);
    expect(j.schema.field("price").type).toEqual(dt.decimal(12, 2, false));
    expect(j.schema.field("tags").type).toEqual(dt.list(dt.utf8()));
    expect(j.schema.field("at").type).toEqual(dt.timestamp("ms", "UTC", true));
  });

  it("unions tables whose parametric types agree, and names the column where they differ", () => {
    expect(SetOpNode.create("union", left, left, false).schema.field("price").type).toEqual(dt.decimal(12, 2, false));
    const other = TableNode.create(
      "o",
      schema([
        { name: "k", type: dt.int64(false) },
        { name: "price", type: dt.decimal(10, 4, false) },
        { name: "tags", type: dt.list(dt.utf8()) },
      ]),
    );
    expect(() => SetOpNode.create("union", left, other, false)).toThrow(/column "price".*decimal\(10, 4\)/);
  });

  it("gives a scalar subquery the column's full type, nullable", () => {
    const one = LimitNode.create(
      ProjectNode.create(left, [{ name: "price", expr: ColumnNode.create("price", dt.decimal(12, 2, false)) }]),
      1,
      0,
    );
    expect(ScalarSubqueryNode.create(one).type).toEqual(dt.decimal(12, 2, true));
  });
});
