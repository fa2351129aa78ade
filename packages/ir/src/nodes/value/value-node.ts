import type { AggregateCallNode } from "./aggregate-call-node.js";
import type { CallNode } from "./call-node.js";
import type { CastNode } from "./cast-node.js";
import type { ColumnNode } from "./column-node.js";
import type { LiteralNode } from "./literal-node.js";
import type { InSubqueryNode, ScalarSubqueryNode } from "./subquery-node.js";
import type { WindowNode } from "./window-node.js";

/** Any scalar expression node. */
export type ValueNode =
  | ColumnNode
  | LiteralNode
  | CastNode
  | CallNode
  | AggregateCallNode
  | WindowNode
  | ScalarSubqueryNode
  | InSubqueryNode;

/** The kinds of value nodes. */
export type ValueKind = ValueNode["kind"];

export const VALUE_KINDS: readonly ValueKind[] = Object.freeze([
  "column",
  "literal",
  "cast",
  "call",
  "aggregateCall",
  "window",
  "scalarSubquery",
  "inSubquery",
]);

/** True when `node` is a value (scalar expression) node. */
export function isValueNode(node: { readonly kind: string }): node is ValueNode {
  return (VALUE_KINDS as readonly string[]).includes(node.kind);
}

const aggCache = new WeakMap<ValueNode, boolean>();

/** True when an aggregate call occurs anywhere in the expression (memoized per node). */
export function containsAggregate(node: ValueNode): boolean {
  // Leaves answer without the cache: most nodes checked are plain columns.
  if (node.kind === "column" || node.kind === "literal") return false;
  const hit = aggCache.get(node);
  if (hit !== undefined) return hit;
  let result: boolean;
  switch (node.kind) {
    case "aggregateCall":
      result = true;
      break;
    case "window": // the aggregate inside a window is evaluated per row, not per group
    case "scalarSubquery": // a subquery's aggregates reduce the subquery's rows
      result = false;
      break;
    case "inSubquery":
      result = containsAggregate(node.needle);
      break;
    case "cast":
      result = containsAggregate(node.input);
      break;
    case "call":
      result = node.args.some(containsAggregate);
      break;
    default: {
      const never: never = node;
      throw new Error(`unhandled value kind ${(never as ValueNode).kind}`);
    }
  }
  aggCache.set(node, result);
  return result;
}

const windowCache = new WeakMap<ValueNode, boolean>();

/** True when a window function occurs anywhere in the expression (memoized per node). */
export function containsWindow(node: ValueNode): boolean {
  // Leaves answer without the cache: most nodes checked are plain columns.
  if (node.kind === "column" || node.kind === "literal") return false;
  const hit = windowCache.get(node);
  if (hit !== undefined) return hit;
  let result: boolean;
  switch (node.kind) {
    case "window":
      result = true;
      break;
    case "scalarSubquery":
      result = false;
      break;
    case "inSubquery":
      result = containsWindow(node.needle);
      break;
    case "cast":
      result = containsWindow(node.input);
      break;
    case "call":
      result = node.args.some(containsWindow);
      break;
    case "aggregateCall":
      result = [...node.args, ...(node.where === undefined ? [] : [node.where])].some(containsWindow);
      break;
    default: {
      const never: never = node;
      throw new Error(`unhandled value kind ${(never as ValueNode).kind}`);
    }
  }
  windowCache.set(node, result);
  return result;
}
