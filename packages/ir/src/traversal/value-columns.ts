import { match } from "ts-pattern";
import type { ColumnNode } from "../nodes/value/column-node.js";
import type { ValueNode } from "../nodes/value/value-node.js";

function distinct(nodes: readonly ValueNode[]): readonly ColumnNode[] {
  const seen = new Map<string, ColumnNode>();
  for (const n of nodes) for (const col of columnsOf(n)) seen.set(col.hash, col);
  return [...seen.values()];
}

const cache = new WeakMap<ValueNode, readonly ColumnNode[]>();

/**
 * The distinct column references inside a value expression. Memoized per
 * node, so a deeply shared DAG is walked once per distinct node.
 */
export function columnsOf(node: ValueNode): readonly ColumnNode[] {
  const hit = cache.get(node);
  if (hit !== undefined) return hit;
  const result = match(node)
    .with({ kind: "column" }, (c) => [c] as const)
    .with({ kind: "literal" }, () => [] as const)
    .with({ kind: "cast" }, (c) => columnsOf(c.input))
    .with({ kind: "call" }, (c) => distinct(c.args))
    .with({ kind: "aggregateCall" }, (c) =>
      distinct([...c.args, ...(c.where === undefined ? [] : [c.where]), ...c.orderBy.map((k) => k.expr)]),
    )
    .with({ kind: "window" }, (w) => distinct([w.func, ...w.partitionBy, ...w.orderBy.map((k) => k.expr)]))
    // A subquery reads its own relation, not the enclosing row.
    .with({ kind: "scalarSubquery" }, () => [] as const)
    .with({ kind: "inSubquery" }, (s) => columnsOf(s.needle))
    .exhaustive();
  cache.set(node, result);
  return result;
}
