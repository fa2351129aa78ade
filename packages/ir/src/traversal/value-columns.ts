import type { ColumnNode } from "../nodes/value/column-node.js";
import type { ValueNode } from "../nodes/value/value-node.js";
import { unreachable } from "../util/unreachable.js";

function distinct(nodes: readonly ValueNode[]): readonly ColumnNode[] {
  if (nodes.length === 1) return columnsOf(nodes[0] as ValueNode);
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
  const result = collect(node);
  cache.set(node, result);
  return result;
}

// A switch, not ts-pattern: this runs for every node the DSL builds.
function collect(node: ValueNode): readonly ColumnNode[] {
  switch (node.kind) {
    case "column":
      return [node];
    case "literal":
    // A subquery reads its own relation, not the enclosing row.
    case "scalarSubquery":
      return [];
    case "cast":
      return columnsOf(node.input);
    case "call":
      return distinct(node.args);
    case "aggregateCall":
      return distinct([
        ...node.args,
        ...(node.where === undefined ? [] : [node.where]),
        ...node.orderBy.map((k) => k.expr),
      ]);
    case "window":
      return distinct([node.func, ...node.partitionBy, ...node.orderBy.map((k) => k.expr)]);
    case "inSubquery":
      return columnsOf(node.needle);
    default:
      return unreachable(node);
  }
}
