import { IbexTypeError } from "../../errors.js";
import type { DataType } from "../../types/data-type.js";
import { typeToString, withNullable } from "../../types/data-type.js";
import type { Schema } from "../../types/schema.js";
import { schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { RelationNode } from "./relation-node.js";

/**
 * One row per element of a list column (Ibis's `unnest`): the column holds the
 * element, the other columns repeat. Rows whose list is null or empty produce
 * no rows.
 */
export interface UnnestNode {
  readonly kind: "unnest";
  readonly input: RelationNode;
  readonly column: string;
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link UnnestNode}. */
export const UnnestNode = Object.freeze({
  create(input: RelationNode, column: string): UnnestNode {
    const field = input.schema.field(column, "unnest", "column");
    if (field.type.kind !== "list") {
      throw new IbexTypeError("unnest", `column "${column}"`, `has type ${typeToString(field.type)}, expected a list`);
    }
    const element = withNullable(field.type.element as DataType, true);
    return Object.freeze({
      kind: "unnest",
      input,
      column,
      schema: schema(input.schema.fields.map((f) => (f.name === column ? { name: f.name, type: element } : f))),
      hash: hashParts(["unnest", input.hash, column]),
    });
  },
  is(node: { readonly kind: string }): node is UnnestNode {
    return node.kind === "unnest";
  },
});
