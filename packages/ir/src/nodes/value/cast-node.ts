import { IbexTypeError } from "../../errors.js";
import type { DataType, TypeKind } from "../../types/data-type.js";
import { dataType, typeToString } from "../../types/data-type.js";
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

/** The conversions Ibex allows (and both lanes run), from → to. */
const CASTS: Readonly<Record<TypeKind, readonly TypeKind[]>> = {
  int64: ["int64", "float64", "utf8", "bool", "date32"],
  float64: ["int64", "float64", "utf8", "bool"],
  utf8: ["int64", "float64", "utf8", "bool", "date32"],
  bool: ["int64", "float64", "utf8", "bool"],
  date32: ["int64", "utf8", "date32"],
  list: [],
};

/** Factory for {@link CastNode}. */
export const CastNode = Object.freeze({
  create(input: ValueNode, to: DataType["kind"], safe = false): CastNode {
    const from = input.type.kind;
    if (!CASTS[from].includes(to)) {
      throw new IbexTypeError(
        safe ? "tryCast" : "cast",
        "to",
        `cannot convert ${typeToString(input.type)} to ${to} (${from} converts to: ${CASTS[from].join(", ") || "nothing"})`,
      );
    }
    const type = dataType(to, input.type.nullable || safe);
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
