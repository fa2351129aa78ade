import type { Node, NodeKind, NodeOfKind } from "../nodes/node.js";

/** One handler per node kind: a missing kind is a compile error. */
export type FoldHandlers<R> = {
  readonly [K in NodeKind]: (node: NodeOfKind<K>, fold: (child: Node) => R) => R;
};

/**
 * Builds a bottom-up fold over the IR that visits each distinct node object
 * once (results are memoized by identity), so its cost follows the number of
 * distinct nodes of a DAG, not the number of paths through it.
 *
 * @example
 * ```ts
 * const count = memoFold<number>({ column: () => 1, literal: () => 1, ... });
 * count(root);
 * ```
 */
export function memoFold<R>(handlers: FoldHandlers<R>): (node: Node) => R {
  const memo = new Map<Node, R>();
  const fold = (node: Node): R => {
    const hit = memo.get(node);
    if (hit !== undefined || memo.has(node)) return hit as R;
    const handler = handlers[node.kind] as (n: Node, f: (child: Node) => R) => R;
    const result = handler(node, fold);
    memo.set(node, result);
    return result;
  };
  return fold;
}

/** The direct children of a node, in a fixed order. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.kind) {
    case "column":
    case "literal":
    case "table":
    case "memtable":
      return [];
    case "cast":
      return [node.input];
    case "call":
      return node.args;
    case "aggregateCall":
      return [...node.args, ...(node.where === undefined ? [] : [node.where]), ...node.orderBy.map((k) => k.expr)];
    case "scalarSubquery":
      return [node.relation];
    case "inSubquery":
      return [node.needle, node.relation];
    case "window":
      return [node.func, ...node.partitionBy, ...node.orderBy.map((k) => k.expr)];
    case "aggregate":
      return [node.input, ...node.keys.map((c) => c.expr), ...node.measures.map((c) => c.expr)];
    case "sort":
      return [node.input, ...node.keys.map((k) => k.expr)];
    case "limit":
    case "distinct":
    case "unnest":
      return [node.input];
    case "setOp":
      return [node.left, node.right];
    case "join":
      return node.predicate === undefined ? [node.left, node.right] : [node.left, node.right, node.predicate];
    case "filter":
      return [node.input, ...node.predicates];
    case "project":
      return [node.input, ...node.columns.map((c) => c.expr)];
    default: {
      const never: never = node;
      throw new Error(`unhandled node kind ${(never as Node).kind}`);
    }
  }
}
