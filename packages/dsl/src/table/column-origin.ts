import type { RelationNode, ValueNode } from "@ibex/ir";
import { childrenOf, IbexArgumentError, isValueNode } from "@ibex/ir";

/**
 * Which table expression each value node was taken from (`t.x` and
 * `t.count()` record t's origin token). Joins use it to tell `t.id` from
 * `s.id`, which are equal IR nodes by structure but different objects, and
 * subqueries (`t.x.max().asScalar()`) to find the table an expression reads.
 * Kept beside the IR, not in it: column nodes stay pure name references.
 */
const origins = new WeakMap<ValueNode, object>();
/** The relation of each origin token. */
const relations = new WeakMap<object, RelationNode>();

export function recordOrigin<N extends ValueNode>(node: N, origin: object): N {
  origins.set(node, origin);
  return node;
}

export function originOf(node: ValueNode): object | undefined {
  return origins.get(node);
}

/** Remembers which relation a table expression's origin token stands for. */
export function recordRelation(origin: object, node: RelationNode): void {
  relations.set(origin, node);
}

/**
 * The one table an expression reads (by origin), for subqueries. Throws,
 * naming `op`, when it reads none or several.
 */
export function relationOfExpr(node: ValueNode, op: string): RelationNode {
  const found = new Set<object>();
  const seen = new Set<object>();
  const walk = (n: ValueNode): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const o = origins.get(n);
    if (o !== undefined) found.add(o);
    for (const child of childrenOf(n)) if (isValueNode(child)) walk(child);
  };
  walk(node);
  const [only, ...rest] = [...found];
  const relation = only === undefined ? undefined : relations.get(only);
  if (relation === undefined || rest.length > 0) {
    throw new IbexArgumentError(
      op,
      "expression",
      only === undefined
        ? "reads no table column, so there is no table to query"
        : "reads columns of several tables; a subquery reads one",
    );
  }
  return relation;
}
