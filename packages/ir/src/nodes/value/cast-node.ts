import type { DataType } from "../../types/data-type.js";
import { dataType, typeToString } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";
import type { ValueNode } from "./value-node.js";

/**
 * A conversion of a value to another type kind. Nullability follows the
 * input. Implicit promotions (int64 → float64 in mixed arithmetic) are made
 * explicit as casts when a call is built, so every lowering sees them.
 */
export interface CastNode {
  readonly kind: "cast";
  readonly input: ValueNode;
  readonly type: DataType;
  readonly hash: string;
}

/** Factory for {@link CastNode}. */
export const CastNode = Object.freeze({
  create(input: ValueNode, to: DataType["kind"]): CastNode {
    const type = dataType(to, input.type.nullable);
    return Object.freeze({
      kind: "cast",
      input,
      type,
      hash: hashParts(["cast", input.hash, typeToString(type)]),
    });
  },
  is(node: { readonly kind: string }): node is CastNode {
    return node.kind === "cast";
  },
});
