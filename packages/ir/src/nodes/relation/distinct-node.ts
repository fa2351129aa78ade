import type { Schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { RelationNode } from "./relation-node.js";

/** Removes duplicate rows. */
export interface DistinctNode {
  readonly kind: "distinct";
  readonly input: RelationNode;
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link DistinctNode}. */
export const DistinctNode = Object.freeze({
  create(input: RelationNode): DistinctNode {
    return Object.freeze({ kind: "distinct", input, schema: input.schema, hash: hashParts(["distinct", input.hash]) });
  },
  is(node: { readonly kind: string }): node is DistinctNode {
    return node.kind === "distinct";
  },
});
