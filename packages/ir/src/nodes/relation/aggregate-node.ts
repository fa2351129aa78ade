import { IbexArgumentError, IbexTypeError } from "../../errors.js";
import type { Schema } from "../../types/schema.js";
import { schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { AggregateCallNode } from "../value/aggregate-call-node.js";
import { checkBound } from "./bind-check.js";
import type { ProjectColumn } from "./project-node.js";
import type { RelationNode } from "./relation-node.js";

/** One named measure of an aggregation. */
export interface Measure {
  readonly name: string;
  readonly expr: AggregateCallNode;
}

/**
 * Groups rows by the keys and reduces each group to one row: the keys, then
 * the measures. Without keys, the whole input is one group (one row out).
 * Measures are plain aggregate calls; the DSL splits expressions over
 * aggregates (`sum(a) / count()`) into measures plus a projection.
 */
export interface AggregateNode {
  readonly kind: "aggregate";
  readonly input: RelationNode;
  readonly keys: readonly ProjectColumn[];
  readonly measures: readonly Measure[];
  readonly schema: Schema;
  readonly hash: string;
}

/**
 * DataFusion 55 cannot plan two `string_agg`s ordered differently in one
 * aggregation ("Conflicting ordering requirements"; it copes only where an
 * ordering is trivial, e.g. by a group key), so such a query would build and
 * then fail: it is rejected here instead.
 */
function rejectConflictingStringOrders(measures: readonly Measure[]): void {
  const orders = new Map<string, string>();
  for (const m of measures) {
    if (m.expr.op !== "groupConcat" || m.expr.orderBy.length === 0) continue;
    orders.set(m.expr.orderBy.map((k) => `${k.expr.hash}:${k.ascending}:${k.nullsFirst}`).join(","), m.name);
  }
  if (orders.size > 1) {
    const names = [...orders.values()];
    throw new IbexArgumentError(
      "groupConcat",
      "orderBy",
      `measures ${names.map((n) => `"${n}"`).join(" and ")} are ordered differently in one aggregation, which DataFusion 55 cannot run; order them the same way, or aggregate them separately and join`,
    );
  }
}

/** Factory for {@link AggregateNode}. */
export const AggregateNode = Object.freeze({
  create(input: RelationNode, keys: readonly ProjectColumn[], measures: readonly Measure[]): AggregateNode {
    if (keys.length + measures.length === 0) {
      throw new IbexArgumentError("aggregate", "measures", "must not be empty when there are no keys");
    }
    const seen = new Set<string>();
    for (const c of [...keys, ...measures]) {
      if (seen.has(c.name)) throw new IbexArgumentError("aggregate", `column "${c.name}"`, "appears more than once");
      seen.add(c.name);
    }
    for (const k of keys) checkBound("aggregate", `key "${k.name}"`, k.expr, input.schema);
    for (const m of measures) {
      if (m.expr.kind !== "aggregateCall") {
        throw new IbexTypeError("aggregate", `measure "${m.name}"`, "is not an aggregate call");
      }
      if (m.expr.family === "window") {
        throw new IbexTypeError(
          "aggregate",
          `measure "${m.name}"`,
          `is the window function ${m.expr.op}, which is only valid over a window (.over(...))`,
        );
      }
      checkBound("aggregate", `measure "${m.name}"`, m.expr, input.schema, true);
    }
    rejectConflictingStringOrders(measures);
    const k = Object.freeze(keys.map((c) => Object.freeze({ name: c.name, expr: c.expr })));
    const m = Object.freeze(measures.map((c) => Object.freeze({ name: c.name, expr: c.expr })));
    return Object.freeze({
      kind: "aggregate",
      input,
      keys: k,
      measures: m,
      schema: schema([...k, ...m].map((c) => ({ name: c.name, type: c.expr.type }))),
      hash: hashParts([
        "aggregate",
        input.hash,
        ...k.flatMap((c) => [c.name, c.expr.hash]),
        "|",
        ...m.flatMap((c) => [c.name, c.expr.hash]),
      ]),
    });
  },
  is(node: { readonly kind: string }): node is AggregateNode {
    return node.kind === "aggregate";
  },
});
