import { AggregateCallNode } from "../nodes/value/aggregate-call-node.js";
import { CallNode } from "../nodes/value/call-node.js";
import { CastNode } from "../nodes/value/cast-node.js";
import { sortKey } from "../nodes/value/sort-key.js";
import type { ValueNode } from "../nodes/value/value-node.js";
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
          out = input === node.input ? node : CastNode.create(input, node.type.kind);
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

/** The distinct aggregate calls in an expression, outermost first (not inside one another). */
export function aggregatesOf(root: ValueNode): readonly AggregateCallNode[] {
  const found = new Map<string, AggregateCallNode>();
  rewriteValue(root, (n) => {
    if (n.kind === "aggregateCall") {
      found.set(n.hash, n);
      return n;
    }
    return undefined;
  });
  return [...found.values()];
}
