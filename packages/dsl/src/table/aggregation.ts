import type { AggregateCallNode, Measure, ProjectColumn, RelationNode, ValueNode } from "@ibex/ir";
import {
  AggregateNode,
  aggregatesOf,
  ColumnNode,
  containsAggregate,
  FilterNode,
  IbexTypeError,
  ProjectNode,
  rewriteValue,
} from "@ibex/ir";

/**
 * Builds an aggregation. Measures that are plain aggregate calls become
 * measures as they are; expressions over aggregates (`sum(a) / count()`)
 * and `having` predicates are split: their aggregate calls become hidden
 * measures, and a filter and a projection on top compute the rest. Both
 * lanes thus only ever see plain aggregate calls in an aggregation.
 */
export function buildAggregation(
  input: RelationNode,
  keys: readonly ProjectColumn[],
  measures: readonly { readonly name: string; readonly expr: ValueNode }[],
  having: readonly ValueNode[] = [],
): RelationNode {
  measures.forEach((m) => {
    if (!containsAggregate(m.expr)) {
      throw new IbexTypeError(
        "aggregate",
        `measure "${m.name}"`,
        "is not an aggregate: reduce it (e.g. .sum(), .max()) or group by it",
      );
    }
  });
  const simple = having.length === 0 && measures.every((m) => m.expr.kind === "aggregateCall");
  if (simple) return AggregateNode.create(input, keys, measures as readonly Measure[]);

  // Distinct aggregate calls, named once each (hidden names never reach the output).
  const named = new Map<string, { name: string; call: AggregateCallNode }>();
  for (const e of [...measures.map((m) => m.expr), ...having]) {
    for (const call of aggregatesOf(e)) {
      if (!named.has(call.hash)) named.set(call.hash, { name: `__ibex_agg_${named.size}`, call });
    }
  }
  const agg = AggregateNode.create(
    input,
    keys,
    [...named.values()].map((n) => ({ name: n.name, expr: n.call })),
  );
  const keyNames = new Set(keys.map((k) => k.name));
  const lift = (e: ValueNode, where: string): ValueNode =>
    rewriteValue(e, (n) => {
      if (n.kind === "aggregateCall") {
        const hit = named.get(n.hash) as { name: string };
        return ColumnNode.create(hit.name, n.type);
      }
      if (n.kind === "column" && !keyNames.has(n.name)) {
        throw new IbexTypeError(
          "aggregate",
          where,
          `reads column "${n.name}" outside an aggregate; it is not a group key`,
        );
      }
      return undefined;
    });
  const filtered =
    having.length === 0
      ? agg
      : FilterNode.create(
          agg,
          having.map((h, i) => lift(h, `having ${i + 1}`)),
        );
  return ProjectNode.create(filtered, [
    ...keys.map((k) => ({ name: k.name, expr: ColumnNode.create(k.name, k.expr.type) })),
    ...measures.map((m) => ({ name: m.name, expr: lift(m.expr, `measure "${m.name}"`) })),
  ]);
}
