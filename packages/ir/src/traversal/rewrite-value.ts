import { AggregateCallNode } from "../nodes/value/aggregate-call-node.js";
import { CallNode } from "../nodes/value/call-node.js";
import { CastNode } from "../nodes/value/cast-node.js";
import { sortKey } from "../nodes/value/sort-key.js";
import { InSubqueryNode } from "../nodes/value/subquery-node.js";
import type { ValueNode } from "../nodes/value/value-node.js";
import { WindowNode } from "../nodes/value/window-node.js";
import { builtinOps } from "../ops/builtin-ops.js";
import type { OpRegistry } from "../ops/op-registry.js";

/**
 * Rewrites a value expression bottom-up: wherever `replace` returns a node,
 * that node stands in (and its subtree is not visited). Unchanged subtrees
 * keep their identity; each distinct node is visited once (memoized), so a
 * shared DAG stays shared and the cost stays linear.
 */
export function rewriteValue(
  root: ValueNode,
  replace: (node: ValueNode) => ValueNode | undefined,
  registry: OpRegistry = builtinOps,
): ValueNode {
  const memo = new Map<ValueNode, ValueNode>();
  const go = (node: ValueNode): ValueNode => {
    const hit = memo.get(node);
    if (hit !== undefined) return hit;
    const replaced = replace(node);
    let out: ValueNode;
    if (replaced !== undefined) {
      out = replaced;
    } else {
      switch (node.kind) {
        case "column":
        case "literal":
          out = node;
          break;
        case "cast": {
          const input = go(node.input);
          out = input === node.input ? node : CastNode.create(input, node.type, node.safe);
          break;
        }
        case "call": {
          const args = node.args.map(go);
          out = args.every((a, i) => a === node.args[i]) ? node : CallNode.create(node.op, args, registry);
          break;
        }
        case "aggregateCall": {
          const args = node.args.map(go);
          const where = node.where === undefined ? undefined : go(node.where);
          const keys = node.orderBy.map((k) => sortKey(go(k.expr), k.ascending, k.nullsFirst));
          const same =
            args.every((a, i) => a === node.args[i]) &&
            where === node.where &&
            keys.every((k, i) => k.expr === node.orderBy[i]?.expr);
          out = same
            ? node
            : AggregateCallNode.create(node.op, args, { distinct: node.distinct, where, orderBy: keys }, registry);
          break;
        }
        case "scalarSubquery":
          out = node;
          break;
        case "inSubquery": {
          const needle = go(node.needle);
          out = needle === node.needle ? node : InSubqueryNode.create(needle, node.relation, node.negated);
          break;
        }
        case "window": {
          const func = go(node.func);
          const parts = node.partitionBy.map(go);
          const keys = node.orderBy.map((k) => sortKey(go(k.expr), k.ascending, k.nullsFirst));
          const same =
            func === node.func &&
            parts.every((p, i) => p === node.partitionBy[i]) &&
            keys.every((k, i) => k.expr === node.orderBy[i]?.expr);
          if (same) {
            out = node;
          } else if (func.kind !== "aggregateCall") {
            throw new Error("rewriteValue: a window's function must stay an aggregate call");
          } else {
            out = WindowNode.create(func, { partitionBy: parts, orderBy: keys, frame: node.frame }, registry);
          }
          break;
        }
        default: {
          const never: never = node;
          throw new Error(`unhandled value kind ${(never as ValueNode).kind}`);
        }
      }
    }
    memo.set(node, out);
    return out;
  };
  return go(root);
}

/**
 * The distinct aggregate calls in an expression that reduce its groups:
 * outermost first, not inside one another, and not those under a window.
 */
export function aggregatesOf(root: ValueNode): readonly AggregateCallNode[] {
  const found = new Map<string, AggregateCallNode>();
  rewriteValue(root, (n) => {
    if (n.kind === "window") return n;
    if (n.kind === "aggregateCall") {
      found.set(n.hash, n);
      return n;
    }
    return undefined;
  });
  return [...found.values()];
}

/** The distinct windows in expressions, in first-seen order (not inside one another). */
export function windowsOf(exprs: readonly ValueNode[]): readonly WindowNode[] {
  const found = new Map<string, WindowNode>();
  for (const e of exprs) {
    rewriteValue(e, (n) => {
      if (n.kind !== "window") return undefined;
      if (!found.has(n.hash)) found.set(n.hash, n);
      return n;
    });
  }
  return [...found.values()];
}
