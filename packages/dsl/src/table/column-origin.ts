import type { ColumnNode } from "@ibex/ir";

/**
 * Which table expression each column node was taken from (`t.x` records t's
 * origin token). Joins use it to tell `t.id` from `s.id`, which are equal IR
 * nodes by structure but different objects. Kept beside the IR, not in it:
 * column nodes stay pure name references.
 */
const origins = new WeakMap<ColumnNode, object>();

export function recordOrigin(node: ColumnNode, origin: object): ColumnNode {
  origins.set(node, origin);
  return node;
}

export function originOf(node: ColumnNode): object | undefined {
  return origins.get(node);
}
