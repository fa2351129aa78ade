import type { DataType, IntervalValue, SimpleKind, TimeUnit, TypeKind } from "@ibex/ir";
import { CallNode, dataType, IbexArgumentError, LiteralNode, timestampOf, withNullable } from "@ibex/ir";
import type { KindOfOperand } from "./expr.js";
import { Expr, toExpr } from "./expr.js";

/**
 * A literal expression. With a kind or a type, the value is typed explicitly
 * (`lit(null, "utf8")`, `lit(3, "float64")`, `lit(7, "int8")`,
 * `lit("12.50", dt.decimal(6, 2))`, `lit("2024-05-01T12:00:00Z", dt.timestamp("us", "UTC"))`).
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
export function lit<K extends SimpleKind>(value: unknown, kind: K): Expr<K>;
export function lit<K extends TypeKind>(value: unknown, type: DataType<K>): Expr<K>;
export function lit<K extends TypeKind>(value: unknown, kindOrType?: K | DataType<K>): Expr<K> {
  if (kindOrType === undefined) return toExpr(value as never) as Expr<K>;
  const type: DataType = typeof kindOrType === "string" ? dataType(kindOrType as SimpleKind) : kindOrType;
  if (value === null) return new Expr(LiteralNode.create(null, withNullable(type, true)));
  return new Expr(LiteralNode.create(literalValue(value, type) as never, withNullable(type, false)));
}

const INTEGER_KINDS = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);

/** A JS value in the form the IR keeps for `type` (see `LiteralValue`). */
function literalValue(value: unknown, type: DataType): unknown {
  const bad = (expected: string) =>
    new IbexArgumentError("lit", "value", `${String(value)} is not a ${type.kind} literal (${expected})`);
  if (INTEGER_KINDS.has(type.kind) && typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw bad("a safe integer or a bigint");
    return BigInt(value);
  }
  switch (type.kind) {
    case "decimal":
      if (typeof value === "bigint") return value * 10n ** BigInt(type.scale as number);
      if (typeof value === "number" || typeof value === "string")
        return unscaled(String(value), type.scale as number, bad);
      throw bad('a decimal string like "12.34"');
    case "date32":
      return typeof value === "string" ? daysSinceEpoch(value) : value;
    case "time64":
      return typeof value === "string" ? microsOfDay(value) : typeof value === "number" ? BigInt(value) : value;
    case "timestamp":
      if (typeof value === "string") return timestampValue(value, type.unit ?? "us", "lit");
      if (value instanceof Date) return timestampValue(value.toISOString(), type.unit ?? "us", "lit");
      return typeof value === "number" ? BigInt(value) : value;
    case "interval":
      return typeof value === "object" && value !== null && !("nanoseconds" in value)
        ? intervalValue(value as IntervalParts)
        : value;
    default:
      return value;
  }
}

function unscaled(text: string, scale: number, bad: (expected: string) => Error): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) throw bad('a decimal string like "12.34"');
  const frac = m[3] ?? "";
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) throw bad(`at most ${scale} digits after the point`);
  const digits = `${m[2] || "0"}${frac.slice(0, scale).padEnd(scale, "0")}`;
  const v = BigInt(digits);
  return m[1] === "-" ? -v : v;
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
 * The current instant as a UTC nanosecond timestamp, evaluated once per query.
 *
 * @example
 * ```ts
 * events.filter(events.at.gt(now().sub(interval({ hours: 1 }))));
 * ```
 */
export function now(): Expr<"timestamp"> {
  return new Expr(CallNode.create("now", []));
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

const NANOS_PER_UNIT: Readonly<Record<TimeUnit, bigint>> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1000n, ns: 1n };

/**
 * Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fffffffff]][Z|±HH:MM]` into a count of
 * `unit` since the epoch (UTC; a time without an offset is read as UTC).
 */
function timestampValue(iso: string, unit: TimeUnit, op: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    iso,
  );
  if (m === null) {
    throw new IbexArgumentError(op, "value", `"${iso}" is not an ISO timestamp (YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM])`);
  }
  const days = daysSinceEpoch(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, min, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || sec > 59) throw new IbexArgumentError(op, "value", `"${iso}" has an invalid time of day`);
  const offset =
    m[8] === undefined || m[8] === "Z"
      ? 0
      : (m[8].startsWith("-") ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4)));
  const seconds = BigInt(days) * 86_400n + BigInt(h * 3600 + min * 60 + sec - offset * 60);
  const nanos = seconds * 1_000_000_000n + BigInt((m[7] ?? "").padEnd(9, "0") || "0");
  const per = NANOS_PER_UNIT[unit];
  if (nanos % per !== 0n) throw new IbexArgumentError(op, "value", `"${iso}" is finer than the unit ${unit}`);
  return nanos / per;
}

function microsOfDay(text: string): bigint {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    throw new IbexArgumentError("time", "value", `"${text}" is not a time of day (HH:MM[:SS[.ffffff]])`);
  }
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  return BigInt(seconds) * 1_000_000n + BigInt((m[4] ?? "").padEnd(6, "0") || "0");
}

/**
 * A timestamp literal from an ISO string or a JS `Date` (zone-less unless
 * `timezone` is given, e.g. `"UTC"`).
 *
 * @example
 * ```ts
 * events.filter(events.at.ge(timestamp("2024-05-01T00:00:00Z", { timezone: "UTC" })));
 * ```
 */
export function timestamp(
  value: string | Date,
  options: { readonly unit?: TimeUnit; readonly timezone?: string | null } = {},
): Expr<"timestamp"> {
  const unit = options.unit ?? "us";
  const iso = value instanceof Date ? value.toISOString() : value;
  return new Expr(
    LiteralNode.create(timestampValue(iso, unit, "timestamp"), timestampOf(unit, options.timezone ?? null, false)),
  );
}

/**
 * A time-of-day literal from `HH:MM[:SS[.ffffff]]` (microsecond precision).
 *
 * @example
 * ```ts
 * shifts.filter(shifts.starts.lt(time("09:30")));
 * ```
 */
export function time(text: string): Expr<"time64"> {
  return new Expr(LiteralNode.create(microsOfDay(text), dataType("time64", false)));
}

/** The parts of an interval literal (all optional, any sign). */
export interface IntervalParts {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
  readonly microseconds?: number;
  readonly nanoseconds?: number;
}

function intervalValue(p: IntervalParts): IntervalValue {
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isSafeInteger(v)) throw new IbexArgumentError("interval", k, `must be an integer, got ${String(v)}`);
  }
  const n = (v: number | undefined) => BigInt(v ?? 0);
  return {
    months: (p.years ?? 0) * 12 + (p.months ?? 0),
    days: (p.weeks ?? 0) * 7 + (p.days ?? 0),
    nanoseconds:
      n(p.hours) * 3_600_000_000_000n +
      n(p.minutes) * 60_000_000_000n +
      n(p.seconds) * 1_000_000_000n +
      n(p.milliseconds) * 1_000_000n +
      n(p.microseconds) * 1000n +
      n(p.nanoseconds),
  };
}

/**
 * An interval literal (calendar months, days and a time part kept apart, as
 * Arrow's month-day-nano): add it to or subtract it from dates and timestamps.
 *
 * @example
 * ```ts
 * orders.mutate({ due: orders.o_orderdate.add(interval({ months: 1, days: 15 })) });
 * ```
 */
export function interval(parts: IntervalParts): Expr<"interval"> {
  return new Expr(LiteralNode.create(intervalValue(parts), dataType("interval", false)));
}
