import type { ValueNode } from "./value-node.js";

/**
 * One sort key: an expression, its direction, and where nulls go. Ibex
 * follows Ibis: nulls sort last unless asked otherwise, in both directions.
 */
export interface SortKey {
  readonly expr: ValueNode;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

/** Canonical hash parts of sort keys. */
export function sortKeyParts(keys: readonly SortKey[]): string[] {
  return keys.flatMap((k) => [k.expr.hash, k.ascending ? "asc" : "desc", k.nullsFirst ? "nf" : "nl"]);
}

/** A frozen sort key. */
export function sortKey(expr: ValueNode, ascending = true, nullsFirst = false): SortKey {
  return Object.freeze({ expr, ascending, nullsFirst });
}
