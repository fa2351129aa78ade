import { IbexArgumentError, IbexTypeError } from "../../errors.js";
import { sameTypeIgnoringNullability, typeToString, withNullable } from "../../types/data-type.js";
import type { Schema } from "../../types/schema.js";
import { schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { RelationNode } from "./relation-node.js";

/** The set operations. */
export type SetOpKind = "union" | "intersect" | "difference";

/**
 * A set operation of two relations with the same column names and kinds.
 * `distinct: false` keeps duplicates: UNION ALL only. INTERSECT ALL and
 * EXCEPT ALL have no node of their own (DataFusion runs them as semi/anti
 * joins, not as multiset operations); the DSL rewrites them into distinct
 * set operations over rows numbered within their duplicates.
 */
export interface SetOpNode {
  readonly kind: "setOp";
  readonly op: SetOpKind;
  readonly distinct: boolean;
  readonly left: RelationNode;
  readonly right: RelationNode;
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link SetOpNode}. */
export const SetOpNode = Object.freeze({
  create(op: SetOpKind, left: RelationNode, right: RelationNode, distinct: boolean): SetOpNode {
    if (!distinct && op !== "union") {
      throw new IbexArgumentError(
        op,
        "distinct",
        "false has no IR node: build the multiset form with the DSL, which rewrites it into distinct set operations",
      );
    }
    const l = left.schema;
    const r = right.schema;
    if (l.names.join("\u0000") !== r.names.join("\u0000")) {
      throw new IbexTypeError(
        op,
        "other",
        `has columns (${r.names.join(", ")}), expected the same columns as this table (${l.names.join(", ")})`,
      );
    }
    const fields = l.fields.map((f, i) => {
      const g = r.fields[i] as (typeof r.fields)[number];
      if (!sameTypeIgnoringNullability(f.type, g.type)) {
        throw new IbexTypeError(
          op,
          `column "${f.name}"`,
          `has type ${typeToString(g.type)} in the other table, ${typeToString(f.type)} in this one`,
        );
      }
      return { name: f.name, type: withNullable(f.type, f.type.nullable || g.type.nullable) };
    });
    return Object.freeze({
      kind: "setOp",
      op,
      distinct,
      left,
      right,
      schema: schema(fields),
      hash: hashParts(["setOp", op, distinct ? "distinct" : "all", left.hash, right.hash]),
    });
  },
  is(node: { readonly kind: string }): node is SetOpNode {
    return node.kind === "setOp";
  },
});
