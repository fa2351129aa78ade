import type { SchemaShape } from "../types/dtype.js";
import type { JoinPredicateItem } from "./join.js";
import type { Table } from "./table.js";

/**
 * An `EXISTS (subquery)` filter condition, made by {@link exists} or
 * {@link notExists}. `filter` runs it as a semi (or anti) join, which is how
 * engines decorrelate it, so both lanes run it the same way.
 */
export class ExistsSpec {
  constructor(
    readonly table: Table<SchemaShape>,
    readonly predicates: readonly JoinPredicateItem[],
    readonly negated: boolean,
  ) {
    Object.freeze(this);
  }
}

/**
 * Keeps rows for which `table` has a matching row: a correlated `EXISTS`.
 * Predicates are like `join`'s: column-name pairs or boolean expressions over
 * both tables. Use it as a `filter` condition.
 *
 * @example
 * ```ts
 * // orders with at least one late line item (TPC-H Q4)
 * orders.filter(exists(lineitem, lineitem.l_orderkey.eq(orders.o_orderkey).and(lineitem.l_commitdate.lt(lineitem.l_receiptdate))));
 * ```
 */
export function exists(table: Table<SchemaShape>, ...predicates: JoinPredicateItem[]): ExistsSpec {
  return new ExistsSpec(table, predicates, false);
}

/** Keeps rows for which `table` has no matching row: a correlated `NOT EXISTS`. */
export function notExists(table: Table<SchemaShape>, ...predicates: JoinPredicateItem[]): ExistsSpec {
  return new ExistsSpec(table, predicates, true);
}
