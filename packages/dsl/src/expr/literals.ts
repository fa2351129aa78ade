import type { TypeKind } from "@ibex/ir";
import { CallNode, dataType, IbexArgumentError, LiteralNode } from "@ibex/ir";
import type { KindOfOperand } from "./expr.js";
import { Expr, toExpr } from "./expr.js";

/**
 * A literal expression. With a kind, the value is typed explicitly
 * (`lit(null, "utf8")`, `lit(3, "float64")`).
 *
 * @example
 * ```ts
 * t.mutate({ one: lit(1), label: lit("x"), missing: lit(null, "float64") });
 * ```
 */
export function lit<V extends number>(value: V): Expr<KindOfOperand<V>>;
export function lit(value: bigint): Expr<"int64">;
export function lit(value: string): Expr<"utf8">;
export function lit(value: boolean): Expr<"bool">;
export function lit<K extends TypeKind>(value: unknown, kind: K): Expr<K>;
export function lit<K extends TypeKind>(value: unknown, kind?: K): Expr<K> {
  if (kind === undefined) return toExpr(value as never) as Expr<K>;
  if (value === null) return new Expr(LiteralNode.create(null, dataType(kind, true)));
  const v = kind === "int64" && typeof value === "number" ? BigInt(value) : value;
  const w = kind === "date32" && typeof value === "string" ? daysSinceEpoch(value) : v;
  return new Expr(LiteralNode.create(w as never, dataType(kind, false)));
}

/**
 * The current date (UTC), evaluated once per query.
 *
 * @example
 * ```ts
 * orders.filter(orders.o_orderdate.lt(today()));
 * ```
 */
export function today(): Expr<"date32"> {
  return new Expr(CallNode.create("today", []));
}

/**
 * A date literal from `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * lineitem.filter(lineitem.l_shipdate.le(date("1998-09-02")));
 * ```
 */
export function date(iso: string): Expr<"date32"> {
  return new Expr(LiteralNode.create(daysSinceEpoch(iso), dataType("date32", false)));
}

function daysSinceEpoch(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new IbexArgumentError("date", "value", `"${iso}" is not a valid date (expected YYYY-MM-DD)`);
  }
  return ms / 86_400_000;
}
