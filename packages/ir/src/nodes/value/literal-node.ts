import { IbexTypeError } from "../../errors.js";
import type { DataType } from "../../types/data-type.js";
import { dataType, typeToString } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";

/**
 * A literal's JS value: `bigint` for int64, `number` for float64 and for
 * date32 (days since 1970-01-01), `string`, `boolean`, or `null`.
 */
export type LiteralValue = bigint | number | string | boolean | null;

/** A constant value with its type. */
export interface LiteralNode {
  readonly kind: "literal";
  readonly value: LiteralValue;
  readonly type: DataType;
  readonly hash: string;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function check(value: LiteralValue, type: DataType): void {
  const bad = (expected: string) =>
    new IbexTypeError("literal", "value", `${String(value)} is not a valid ${typeToString(type)} (${expected})`);
  if (value === null) {
    if (!type.nullable) throw bad("null needs a nullable type");
    return;
  }
  switch (type.kind) {
    case "int64":
      if (typeof value !== "bigint" || value < INT64_MIN || value > INT64_MAX) throw bad("a bigint in int64 range");
      return;
    case "float64":
      if (typeof value !== "number") throw bad("a number");
      return;
    case "utf8":
      if (typeof value !== "string") throw bad("a string");
      return;
    case "bool":
      if (typeof value !== "boolean") throw bad("a boolean");
      return;
    case "date32":
      if (typeof value !== "number" || !Number.isInteger(value)) throw bad("whole days since 1970-01-01");
      return;
    case "list":
      throw bad("a scalar: list literals are not supported");
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
  return `${typeof value}:${String(value)}`;
}

/** Factory for {@link LiteralNode}. */
export const LiteralNode = Object.freeze({
  /**
   * A literal of an explicit type. Non-null literals default to a
   * non-nullable type: a constant is known not to be null.
   */
  create(value: LiteralValue, type: DataType): LiteralNode {
    const t = value === null ? dataType(type.kind, true) : type;
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
