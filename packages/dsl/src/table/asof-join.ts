import { IbexArgumentError, IbexTypeError } from "@ibex/ir";
import { rowNumber } from "../expr/analytic.js";
import type { Expr } from "../expr/expr.js";
import type { SchemaShape } from "../types/dtype.js";
import type { JoinPredicateItem } from "./join.js";
import type { Table } from "./table.js";

/** Options of `asofJoin`. */
export interface AsofJoinOptions {
  /** Equality keys matched exactly before the as-of match (`[left, right]` name pairs or shared names). */
  readonly by?: readonly (string | readonly [string, string])[];
  /** Only match right rows at most this far before the left row (`left.on - right.on <= tolerance`). */
  readonly tolerance?: number;
  readonly lname?: string;
  readonly rname?: string;
}

function unused(names: readonly string[], base: string): string {
  let name = base;
  while (names.includes(name)) name = `_${name}`;
  return name;
}

/**
 * For each left row, the right row with the largest `on` value not after the
 * left row's (with equal `by` keys): Ibis's `asof_join`. Built from a left
 * join and a row-number window, so it runs on both lanes; ties on `on` are
 * broken by the right row's columns, so the result is deterministic.
 */
export function buildAsofJoin(
  left: Table<SchemaShape>,
  right: Table<SchemaShape>,
  on: string | readonly [string, string],
  options: AsofJoinOptions,
): Table<SchemaShape> {
  const [lon, ron] = typeof on === "string" ? [on, on] : on;
  const lOn = left.col(lon);
  const rOn = right.col(ron);
  if (lOn.kind !== rOn.kind || !["int64", "float64", "date32"].includes(lOn.kind)) {
    throw new IbexTypeError(
      "asofJoin",
      "on",
      `must be ordered columns of the same numeric or date type, got ${lOn.kind} and ${rOn.kind}`,
    );
  }
  const rowId = unused([...left.columns, ...right.columns], "__ibex_asof_row");
  const numbered = left.mutate({ [rowId]: rowNumber().over() }) as unknown as Table<SchemaShape>;
  const preds: JoinPredicateItem[] = (options.by ?? []).map((k) =>
    typeof k === "string" ? k : ([k[0], k[1]] as const),
  );
  let within: Expr<"bool"> = numbered.col(lon).ge(rOn as never);
  if (options.tolerance !== undefined) {
    if (!(options.tolerance >= 0) || lOn.kind === "date32") {
      throw new IbexArgumentError("asofJoin", "tolerance", "must be a non-negative number on a numeric `on` column");
    }
    const gap = (numbered.col(lon) as unknown as Expr<"float64">).sub(rOn as unknown as Expr<"float64">);
    within = within.and(gap.le(options.tolerance));
  }
  const rname = options.rname ?? "{name}_right";
  const joined = numbered.join(right, [...preds, within], {
    how: "left",
    rname,
    ...(options.lname === undefined ? {} : { lname: options.lname }),
  });
  const outName = (n: string) => (numbered.columns.includes(n) ? rname.replaceAll("{name}", n) : n);
  const rank = unused(joined.columns, "__ibex_asof_rank");
  const ranked = (joined as Table<SchemaShape>).mutate({
    [rank]: rowNumber().over({
      groupBy: joined.col(rowId),
      orderBy: [joined.col(outName(ron)).desc(), ...right.columns.map((c) => joined.col(outName(c)))],
    }),
  });
  const kept = ranked as unknown as Table<SchemaShape>;
  return kept.filter(kept.col(rank).eq(0)).drop(rowId, rank);
}
