import { match } from "ts-pattern";
import type { ColumnNode } from "../nodes/value/column-node.js";
import type { ValueNode } from "../nodes/value/value-node.js";

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
    .with({ kind: "call" }, (c) => {
      const seen = new Map<string, ColumnNode>();
      for (const a of c.args) for (const col of columnsOf(a)) seen.set(col.hash, col);
      return [...seen.values()];
    })
    .exhaustive();
  cache.set(node, result);
  return result;
}
