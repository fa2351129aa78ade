import { IbexTypeError } from "../errors.js";
import type { DataType, IntegerKind } from "./data-type.js";
import {
  dataType,
  decimalOf,
  isFloating,
  isInteger,
  isNumeric,
  sameTypeIgnoringNullability,
  timestampOf,
  typeToString,
  withNullable,
} from "./data-type.js";

/*
 * Implicit promotion rules, in one place (like Ibis's `highest_precedence`).
 * Every op that mixes types calls these; the promoted operands become
 * explicit casts in the IR, so both lanes compute in the same type.
 *
 * Numbers:
 * - integers: the wider of two signed (or two unsigned) kinds; a signed kind
 *   with an unsigned one gives the smallest signed kind holding both
 *   (`uint8`+`int8` → `int16`), and `int64` for `uint64` with any signed kind;
 * - floats: `float32` with `float32` or a ≤16-bit integer stays `float32`;
 *   any other mix with a float is `float64`;
 * - decimals: an integer joins a decimal as `decimal(digits, 0)` (`int32` →
 *   `decimal(10, 0)`, `int64` → `decimal(19, 0)`); two decimals meet at the
 *   larger scale with room for the larger integer part (precision at most
 *   38); a decimal with a float is `float64`.
 *
 * Other kinds never promote implicitly (use `cast`), except that timestamps
 * of the same zone-ness meet at the finer unit.
 */

const WIDTH: Readonly<Record<IntegerKind, number>> = {
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
};

/** Decimal digits needed for any value of an integer kind. */
const DIGITS: Readonly<Record<IntegerKind, number>> = {
  int8: 3,
  int16: 5,
  int32: 10,
  int64: 19,
  uint8: 3,
  uint16: 5,
  uint32: 10,
  uint64: 20,
};

const signed = (width: number): IntegerKind =>
  width <= 8 ? "int8" : width <= 16 ? "int16" : width <= 32 ? "int32" : "int64";
const unsigned = (width: number): IntegerKind =>
  width <= 8 ? "uint8" : width <= 16 ? "uint16" : width <= 32 ? "uint32" : "uint64";

function commonInteger(a: IntegerKind, b: IntegerKind): IntegerKind {
  const ua = a.startsWith("u");
  const ub = b.startsWith("u");
  if (ua === ub) return (ua ? unsigned : signed)(Math.max(WIDTH[a], WIDTH[b]));
  const [s, u] = ua ? [b, a] : [a, b];
  return WIDTH[s] > WIDTH[u] ? s : signed(Math.min(64, WIDTH[u] * 2));
}

/** The decimal an integer kind joins a decimal as. */
export function decimalForInteger(kind: IntegerKind): DataType<"decimal"> {
  return decimalOf(DIGITS[kind], 0, false);
}

function asDecimal(t: DataType): DataType {
  return isInteger(t) ? decimalForInteger(t.kind) : t;
}

/** Two decimals at the larger scale, with room for the larger integer part (capped at 38 digits). */
function commonDecimal(a: DataType, b: DataType): DataType {
  const scale = Math.max(a.scale as number, b.scale as number);
  const whole = Math.max((a.precision as number) - (a.scale as number), (b.precision as number) - (b.scale as number));
  return decimalOf(Math.min(38, whole + scale), Math.min(scale, 38), false);
}

/** The common type of two numeric types (non-null), per the rules above. */
function commonOfTwo(a: DataType, b: DataType): DataType {
  if (sameTypeIgnoringNullability(a, b)) return withNullable(a, false);
  if (isInteger(a) && isInteger(b)) return dataType(commonInteger(a.kind, b.kind), false);
  if (a.kind === "decimal" || b.kind === "decimal") {
    if (isFloating(a) || isFloating(b)) return dataType("float64", false);
    return commonDecimal(asDecimal(a), asDecimal(b));
  }
  // At least one float.
  const small = (t: DataType) => t.kind === "float32" || (isInteger(t) && WIDTH[t.kind] <= 16);
  return small(a) && small(b) ? dataType("float32", false) : dataType("float64", false);
}

function requireNumericArgs(op: string, args: readonly DataType[]): void {
  args.forEach((a, i) => {
    if (!isNumeric(a)) {
      throw new IbexTypeError(
        op,
        `argument ${i + 1}`,
        `has type ${typeToString(a)}, expected a numeric type; argument types: (${args.map(typeToString).join(", ")})`,
      );
    }
  });
}

/** The common (non-null) numeric type of the arguments; throws naming the first non-numeric one. */
export function commonNumericType(op: string, args: readonly DataType[]): DataType {
  requireNumericArgs(op, args);
  return args.slice(1).reduce(commonOfTwo, withNullable(args[0] as DataType, false));
}

/**
 * The (non-null) result type of `a op b` for `+`, `-`, `*`: the common type,
 * except for decimals, whose precision grows with the operation like
 * DataFusion's (`+`/`-`: one more integer digit; `*`: digits and scales add).
 */
export function arithmeticResultType(op: "add" | "sub" | "mul", name: string, args: readonly DataType[]): DataType {
  const common = commonNumericType(name, args);
  if (common.kind !== "decimal") return common;
  const [a, b] = args.map(asDecimal) as [DataType, DataType];
  const [p1, s1, p2, s2] = [a.precision, a.scale, b.precision, b.scale] as [number, number, number, number];
  if (op === "mul") {
    if (s1 + s2 > 38) {
      throw new IbexTypeError(
        name,
        "argument 2",
        `has type ${typeToString(b)}, expected a decimal whose scale plus argument 1's (${typeToString(a)}) is at most 38 (the product needs scale ${s1 + s2}); cast one side to float64 or a smaller scale`,
      );
    }
    return decimalOf(Math.min(38, p1 + p2 + 1), s1 + s2, false);
  }
  const scale = Math.max(s1, s2);
  return decimalOf(Math.min(38, Math.max(p1 - s1, p2 - s2) + scale + 1), scale, false);
}

/**
 * The (non-null) type two compared values are compared as: numeric types
 * promote to their common type, timestamps of the same zone-ness meet at the
 * finer unit, null meets anything; other types must match exactly. Lists,
 * structs and maps have no order or equality here.
 */
export function comparableType(op: string, args: readonly DataType[]): DataType {
  args.forEach((t, i) => {
    if (t.kind === "list" || t.kind === "struct" || t.kind === "map")
      throw new IbexTypeError(op, `argument ${i + 1}`, `has type ${typeToString(t)}: ${t.kind}s cannot be compared`);
  });
  return meet(op, args[0] as DataType, args[1] as DataType, 2, "compare");
}

function meet(op: string, a: DataType, b: DataType, position: number, why: "compare" | "match" = "match"): DataType {
  if (isNumeric(a) && isNumeric(b)) return commonNumericType(op, [a, b]);
  if (a.kind === "timestamp" && b.kind === "timestamp" && (a.timezone == null) === (b.timezone == null)) {
    const order = ["s", "ms", "us", "ns"];
    const unit = order.indexOf(a.unit as string) >= order.indexOf(b.unit as string) ? a.unit : b.unit;
    return timestampOf(unit, a.timezone ?? null, false);
  }
  if (a.kind === "null") return withNullable(b, false);
  if (b.kind === "null") return withNullable(a, false);
  if (!sameTypeIgnoringNullability(a, b)) {
    throw new IbexTypeError(
      op,
      `argument ${position}`,
      why === "compare"
        ? `has type ${typeToString(b)}, which cannot be compared with argument 1 of type ${typeToString(a)}`
        : `has type ${typeToString(b)}, which does not match ${position === 2 ? "argument 1" : "the earlier arguments"} of type ${typeToString(withNullable(a, true))}`,
    );
  }
  return withNullable(a, false);
}

/**
 * The common (non-null) type of several values that must meet (coalesce,
 * greatest, ifElse branches): {@link comparableType}'s rules, and nested
 * types meet when they are identical.
 */
export function commonType(op: string, args: readonly DataType[]): DataType {
  return args.slice(1).reduce((acc, t, i) => meet(op, acc, t, i + 2), withNullable(args[0] as DataType, false));
}

/** Nullable when any argument is nullable (SQL's null propagation). */
export function anyNullable(args: readonly DataType[]): boolean {
  return args.some((a) => a.nullable);
}
