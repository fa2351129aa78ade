import type { DataType } from "../../types/data-type.js";
import { typeToString } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";

/** A reference, by name, to a column of the relation the expression is used on. */
export interface ColumnNode {
  readonly kind: "column";
  readonly name: string;
  readonly type: DataType;
  readonly hash: string;
}

/** Factory for {@link ColumnNode}. */
export const ColumnNode = Object.freeze({
  create(name: string, type: DataType): ColumnNode {
    return Object.freeze({
      kind: "column",
      name,
      type,
      hash: hashParts(["column", name, typeToString(type)]),
    });
  },
  is(node: { readonly kind: string }): node is ColumnNode {
    return node.kind === "column";
  },
});
