// fast-check generators for the lane-agreement property test: random typed
// tables with nulls, and random well-typed filter/select/mutate pipelines.
import type { Expr, Table } from "@ibex/dsl";
import { lit } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import fc from "fast-check";

export type Kind = "int64" | "float64" | "utf8" | "bool";
export type Col = { readonly name: string; readonly kind: Kind };

const KINDS: readonly Kind[] = ["int64", "float64", "utf8", "bool"];

/** An expression as data, built against a table only when the test runs. */
export type ExprSpec =
  | { readonly t: "col"; readonly name: string }
  | { readonly t: "lit"; readonly kind: Kind; readonly value: unknown }
  | { readonly t: "call"; readonly op: string; readonly args: readonly ExprSpec[] };

export type StepSpec =
  | { readonly t: "filter"; readonly preds: readonly ExprSpec[] }
  | { readonly t: "select"; readonly items: readonly { readonly name: string; readonly expr: ExprSpec }[] }
  | { readonly t: "mutate"; readonly values: readonly { readonly name: string; readonly expr: ExprSpec }[] };

const arrowType = {
  int64: new arrow.Int64(),
  float64: new arrow.Float64(),
  utf8: new arrow.Utf8(),
  bool: new arrow.Bool(),
};

function valueArb(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind) {
    case "int64":
      return fc.bigInt({ min: -1000n, max: 1000n });
    case "float64":
      return fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom(0, -0, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
      );
    case "utf8":
      return fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", "é", " ", "Z", "0") });
    case "bool":
      return fc.boolean();
  }
}

/** A random schema (1..5 columns) and 0..25 rows with nulls, as an apache-arrow table. */
export const tableArb: fc.Arbitrary<{ cols: readonly Col[]; data: arrow.Table }> = fc
  .array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 5 })
  .chain((kinds) => {
    const cols = kinds.map((kind, i) => ({ name: `c${i}`, kind }));
    return fc
      .array(fc.tuple(...cols.map((c) => fc.option(valueArb(c.kind), { freq: 5 }))), { maxLength: 25 })
      .map((rows) => {
        const vectors = Object.fromEntries(
          cols.map((c, j) => [
            c.name,
            arrow.vectorFromArray(
              rows.map((r) => r[j] ?? null),
              arrowType[c.kind],
            ),
          ]),
        );
        return { cols, data: new arrow.Table(vectors) };
      });
  });

const litArb = (kind: Kind): fc.Arbitrary<ExprSpec> =>
  fc.option(valueArb(kind), { freq: 8 }).map((value) => ({ t: "lit", kind, value }));

/** A random expression of `kind` over `cols`. */
export function exprArb(cols: readonly Col[], kind: Kind, depth: number): fc.Arbitrary<ExprSpec> {
  const own = cols.filter((c) => c.kind === kind);
  const leaf: fc.Arbitrary<ExprSpec> =
    own.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...own.map((c) => ({ t: "col", name: c.name }) as const)) },
          litArb(kind),
        )
      : litArb(kind);
  if (depth <= 0) return leaf;
  const sub = (k: Kind) => exprArb(cols, k, depth - 1);
  const call = (op: string, ...args: fc.Arbitrary<ExprSpec>[]) =>
    fc.tuple(...args).map((a): ExprSpec => ({ t: "call", op, args: a }));
  const numeric = fc.constantFrom<Kind>("int64", "float64");
  switch (kind) {
    case "int64":
      return fc.oneof(
        leaf,
        call("add", sub("int64"), sub("int64")),
        call("sub", sub("int64"), sub("int64")),
        call("mul", sub("int64"), sub("int64")),
      );
    case "float64":
      return fc.oneof(
        leaf,
        numeric.chain((k) =>
          fc.constantFrom("add", "sub", "mul", "div").chain((op) => call(op, sub("float64"), sub(k))),
        ),
        numeric.chain((k) => call("div", sub(k), sub("int64"))),
      );
    case "utf8":
      return leaf;
    case "bool":
      return fc.oneof(
        leaf,
        fc.constantFrom("eq", "ne", "lt", "le", "gt", "ge").chain((op) =>
          fc.oneof(
            numeric.chain((a) => numeric.chain((b) => call(op, sub(a), sub(b)))),
            call(op, sub("utf8"), sub("utf8")),
            call(op, sub("bool"), sub("bool")),
          ),
        ),
        fc.constantFrom("and", "or").chain((op) => call(op, sub("bool"), sub("bool"))),
        call("not", sub("bool")),
        fc.constantFrom(...KINDS).chain((k) => call("isNull", sub(k))),
      );
  }
}

function kindOf(spec: ExprSpec, cols: readonly Col[]): Kind {
  switch (spec.t) {
    case "col":
      return (cols.find((c) => c.name === spec.name) as Col).kind;
    case "lit":
      return spec.kind;
    case "call": {
      if (["eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "isNull"].includes(spec.op)) return "bool";
      if (spec.op === "div") return "float64";
      return spec.args.some((a) => kindOf(a, cols) === "float64") ? "float64" : "int64";
    }
  }
}

const exprOfKindArb = (cols: readonly Col[]) =>
  fc.constantFrom(...KINDS).chain((k) => exprArb(cols, k, 2).map((expr) => ({ expr, kind: k })));

/** One pipeline step valid for `cols`, and the columns after it. */
function stepArb(cols: readonly Col[], depth: number): fc.Arbitrary<{ step: StepSpec; cols: readonly Col[] }> {
  const filter = fc
    .array(exprArb(cols, "bool", 3), { minLength: 1, maxLength: 3 })
    .map((preds) => ({ step: { t: "filter", preds } as StepSpec, cols }));
  const select = fc
    .tuple(fc.shuffledSubarray([...cols], { minLength: 0 }), fc.array(exprOfKindArb(cols), { maxLength: 2 }))
    .filter(([kept, computed]) => kept.length + computed.length > 0)
    .map(([kept, computed]) => {
      const items = [
        ...kept.map((c) => ({ name: c.name, expr: { t: "col", name: c.name } as ExprSpec })),
        ...computed.map((c, i) => ({ name: `s${depth}_${i}`, expr: c.expr })),
      ];
      const out = items.map((it) => ({ name: it.name, kind: kindOf(it.expr, cols) }));
      return { step: { t: "select", items } as StepSpec, cols: out };
    });
  const mutate = fc
    .uniqueArray(
      fc.tuple(fc.oneof(fc.constantFrom(...cols.map((c) => c.name)), fc.constant(`m${depth}`)), exprOfKindArb(cols)),
      { minLength: 1, maxLength: 3, selector: ([n]) => n },
    )
    .map((pairs) => {
      const values = pairs.map(([name, e]) => ({ name, expr: e.expr }));
      const next = cols.map((c) => {
        const v = values.find((x) => x.name === c.name);
        return v === undefined ? c : { name: c.name, kind: kindOf(v.expr, cols) };
      });
      for (const v of values) {
        if (!cols.some((c) => c.name === v.name)) next.push({ name: v.name, kind: kindOf(v.expr, cols) });
      }
      return { step: { t: "mutate", values } as StepSpec, cols: next };
    });
  return fc.oneof(filter, select, mutate);
}

/** A pipeline of 1..maxDepth steps over `cols`. */
export function pipelineArb(cols: readonly Col[], maxDepth: number, depth = 0): fc.Arbitrary<readonly StepSpec[]> {
  return stepArb(cols, depth).chain(({ step, cols: next }) =>
    depth + 1 >= maxDepth
      ? fc.constant([step])
      : fc.oneof(
          fc.constant([step]),
          pipelineArb(next, maxDepth, depth + 1).map((rest) => [step, ...rest]),
        ),
  );
}

/** Builds a DSL expression from its spec. */
export function buildExpr(spec: ExprSpec, t: Table): Expr {
  switch (spec.t) {
    case "col":
      return t.col(spec.name);
    case "lit":
      return lit(spec.value, spec.kind);
    case "call": {
      const [a, b] = spec.args.map((x) => buildExpr(x, t)) as [Expr, Expr | undefined];
      const method = (a as unknown as Record<string, (...args: unknown[]) => Expr>)[spec.op] as (
        ...args: unknown[]
      ) => Expr;
      return b === undefined ? method.call(a) : method.call(a, b);
    }
  }
}

/** Applies a pipeline to a table through the public DSL. */
export function buildPipeline(t: Table, steps: readonly StepSpec[]): Table {
  return steps.reduce<Table>((acc, step) => buildStep(acc, step), t);
}

function buildStep(acc: Table, step: StepSpec): Table {
  switch (step.t) {
    case "filter":
      return acc.filter(...step.preds.map((p) => buildExpr(p, acc) as Expr<"bool">));
    case "select":
      return acc.select(...step.items.map((it) => buildExpr(it.expr, acc).name(it.name)));
    case "mutate":
      return acc.mutate(Object.fromEntries(step.values.map((v) => [v.name, buildExpr(v.expr, acc)])));
  }
}
