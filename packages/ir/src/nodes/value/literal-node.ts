import { IbexTypeError } from "../../errors.js";
import type { DataType } from "../../types/data-type.js";
import { typeToString, withNullable } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";

/** An interval: calendar months, days and nanoseconds (Arrow's month-day-nano). */
export interface IntervalValue {
  readonly months: number;
  readonly days: number;
  readonly nanoseconds: bigint;
}

/**
 * A literal's JS value, by type kind:
 * - integers (int8–uint64): `bigint`; float32/float64: `number`;
 * - decimal: the unscaled `bigint` (`12.34` as decimal(4, 2) is `1234n`);
 * - utf8: `string`; binary: `Uint8Array`; bool: `boolean`;
 * - date32: days since 1970-01-01 (`number`); time64: microseconds since
 *   midnight (`bigint`); timestamp: units since 1970-01-01 UTC (`bigint`);
 * - interval: {@link IntervalValue}; any kind: `null`.
 */
export type LiteralValue = bigint | number | string | boolean | Uint8Array | IntervalValue | null;

/** A constant value with its type. */
export interface LiteralNode {
  readonly kind: "literal";
  readonly value: LiteralValue;
  readonly type: DataType;
  readonly hash: string;
}

const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

const MICROS_PER_DAY = 86_400_000_000n;

function check(value: LiteralValue, type: DataType): void {
  const bad = (expected: string) =>
    new IbexTypeError("literal", "value", `${String(value)} is not a valid ${typeToString(type)} (${expected})`);
  if (value === null) {
    if (!type.nullable) throw bad("null needs a nullable type");
    return;
  }
  switch (type.kind) {
    case "int8":
    case "int16":
    case "int32":
    case "int64":
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64": {
      const [min, max] = INT_RANGE[type.kind] as readonly [bigint, bigint];
      if (typeof value !== "bigint" || value < min || value > max) throw bad(`a bigint in ${type.kind} range`);
      return;
    }
    case "float32":
    case "float64":
      if (typeof value !== "number") throw bad("a number");
      return;
    case "decimal": {
      const limit = 10n ** BigInt(type.precision as number);
      if (typeof value !== "bigint" || value <= -limit || value >= limit)
        throw bad(`an unscaled bigint of at most ${type.precision} digits`);
      return;
    }
    case "utf8":
      if (typeof value !== "string") throw bad("a string");
      return;
    case "binary":
      if (!(value instanceof Uint8Array)) throw bad("a Uint8Array");
      return;
    case "bool":
      if (typeof value !== "boolean") throw bad("a boolean");
      return;
    case "date32":
      if (typeof value !== "number" || !Number.isInteger(value)) throw bad("whole days since 1970-01-01");
      return;
    case "time64":
      if (typeof value !== "bigint" || value < 0n || value >= MICROS_PER_DAY) throw bad("microseconds since midnight");
      return;
    case "timestamp":
      if (
        typeof value !== "bigint" ||
        value < (INT_RANGE.int64 as [bigint, bigint])[0] ||
        value > (INT_RANGE.int64 as [bigint, bigint])[1]
      )
        throw bad(`a bigint count of ${type.unit} since 1970-01-01`);
      return;
    case "interval":
      if (
        typeof value !== "object" ||
        value instanceof Uint8Array ||
        !Number.isInteger(value.months) ||
        !Number.isInteger(value.days) ||
        typeof value.nanoseconds !== "bigint"
      )
        throw bad("{ months, days, nanoseconds }");
      return;
    case "null":
      throw bad("null: the null type has no other value");
    case "list":
    case "struct":
    case "map":
    case "union":
      throw bad(`a scalar: ${type.kind} literals are not supported; build them from scalars`);
    default: {
      const never: never = type.kind;
      throw new Error(`unhandled type kind ${String(never)}`);
    }
  }
}

/** Canonical text of a literal value, used for hashing (distinguishes 1n from 1). */
export function literalKey(value: LiteralValue): string {
  if (value === null) return "null";
  if (typeof value === "number") return Object.is(value, -0) ? "n:-0" : `n:${value}`;
  if (value instanceof Uint8Array) return `bytes:${[...value].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  if (typeof value === "object") return `interval:${value.months}:${value.days}:${value.nanoseconds}`;
  return `${typeof value}:${String(value)}`;
}

/** Factory for {@link LiteralNode}. */
export const LiteralNode = Object.freeze({
  /**
   * A literal of an explicit type. Non-null literals default to a
   * non-nullable type: a constant is known not to be null.
   */
  create(value: LiteralValue, type: DataType): LiteralNode {
    const t = value === null ? withNullable(type, true) : type;
    check(value, t);
    return Object.freeze({
      kind: "literal",
      value,
      type: t,
      hash: hashParts(["literal", literalKey(value), typeToString(t)]),
    });
  },
  is(node: { readonly kind: string }): node is LiteralNode {
    return node.kind === "literal";
  },
});
