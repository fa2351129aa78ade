import { IbexTypeError } from "../../errors.js";
import type { DataType, SimpleKind, TypeKind } from "../../types/data-type.js";
import { dataType, NUMERIC_KINDS, typeToString, withNullable } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";
import type { ValueNode } from "./value-node.js";

/**
 * A conversion of a value to another type kind. Nullability follows the
 * input (a `safe` cast, `tryCast`, may also give null: where the value does
 * not convert). Implicit promotions (int64 → float64 in mixed arithmetic) are
 * made explicit as casts when a call is built, so every lowering sees them.
 */
export interface CastNode {
  readonly kind: "cast";
  readonly input: ValueNode;
  readonly type: DataType;
  /** Null instead of an error where a value does not convert (`tryCast`). */
  readonly safe: boolean;
  readonly hash: string;
}

const NUMBERS: readonly TypeKind[] = NUMERIC_KINDS;
const INTS_AND_FLOATS = NUMBERS.filter((k) => k !== "decimal");

/**
 * The conversions Ibex allows (and both lanes run, through Arrow's cast
 * kernels), from kind → to kinds. Nested types convert to the same kind
 * (element or field types converted one by one).
 */
const CASTS: Readonly<Record<TypeKind, readonly TypeKind[]>> = {
  null: [...NUMBERS, "bool", "utf8", "binary", "date32", "time64", "timestamp", "interval", "list", "struct", "map"],
  // Arrow casts no union to anything else: read a member with unionExtract.
  bool: [...INTS_AND_FLOATS, "bool", "utf8"],
  int8: [...NUMBERS, "bool", "utf8", "date32", "timestamp"],
  int16: [...NUMBERS, "bool", "utf8", "date32", "timestamp"],
  int32: [...NUMBERS, "bool", "utf8", "date32", "timestamp"],
  int64: [...NUMBERS, "bool", "utf8", "date32", "timestamp"],
  uint8: [...NUMBERS, "bool", "utf8"],
  uint16: [...NUMBERS, "bool", "utf8"],
  uint32: [...NUMBERS, "bool", "utf8"],
  uint64: [...NUMBERS, "bool", "utf8"],
  float32: [...NUMBERS, "bool", "utf8"],
  float64: [...NUMBERS, "bool", "utf8"],
  decimal: [...NUMBERS, "utf8"],
  utf8: [...NUMBERS, "bool", "utf8", "binary", "date32", "time64", "timestamp", "interval"],
  binary: ["binary", "utf8"],
  date32: ["int32", "int64", "utf8", "date32", "timestamp"],
  time64: ["int64", "utf8", "time64"],
  timestamp: ["int64", "utf8", "date32", "time64", "timestamp"],
  interval: ["utf8", "interval"],
  list: ["list"],
  struct: ["struct"],
  map: ["map"],
  union: [],
};

function castable(from: DataType, to: DataType): boolean {
  if (!CASTS[from.kind].includes(to.kind)) return false;
  if (from.kind === "list" && to.kind === "list") return castable(from.element as DataType, to.element as DataType);
  if (from.kind === "map" && to.kind === "map")
    return castable(from.key as DataType, to.key as DataType) && castable(from.value as DataType, to.value as DataType);
  if (from.kind === "struct" && to.kind === "struct") {
    const [f, t] = [from.fields ?? [], to.fields ?? []];
    return f.length === t.length && f.every((x, i) => x.name === t[i]?.name && castable(x.type, t[i].type));
  }
  return true;
}

/** Factory for {@link CastNode}. */
export const CastNode = Object.freeze({
  /**
   * A cast of `input` to `to` (a type, or a kind without parameters). The
   * result's nullability follows the input (a safe cast is always nullable).
   */
  create(input: ValueNode, to: DataType | SimpleKind, safe = false): CastNode {
    const from = input.type.kind;
    const target = typeof to === "string" ? dataType(to) : to;
    if (!castable(input.type, target)) {
      throw new IbexTypeError(
        safe ? "tryCast" : "cast",
        "to",
        `cannot convert ${typeToString(input.type)} to ${typeToString(withNullable(target, true))} (${from} converts to: ${CASTS[from].join(", ") || "nothing"})`,
      );
    }
    const type = withNullable(target, input.type.nullable || safe);
    return Object.freeze({
      kind: "cast",
      input,
      type,
      safe,
      hash: hashParts(["cast", safe ? "safe" : "strict", input.hash, typeToString(type)]),
    });
  },
  is(node: { readonly kind: string }): node is CastNode {
    return node.kind === "cast";
  },
});
