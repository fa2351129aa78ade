import { IbexArgumentError } from "../../errors.js";
import type { Schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { RelationNode } from "./relation-node.js";

/** Skips `offset` rows, then keeps at most `count` rows (all when null). */
export interface LimitNode {
  readonly kind: "limit";
  readonly input: RelationNode;
  readonly count: number | null;
  readonly offset: number;
  readonly schema: Schema;
  readonly hash: string;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Factory for {@link LimitNode}. */
export const LimitNode = Object.freeze({
  create(input: RelationNode, count: number | null, offset = 0): LimitNode {
    if (count !== null && !isCount(count))
      throw new IbexArgumentError("limit", "n", `must be a whole number >= 0, got ${count}`);
    if (!isCount(offset)) throw new IbexArgumentError("limit", "offset", `must be a whole number >= 0, got ${offset}`);
    return Object.freeze({
      kind: "limit",
      input,
      count,
      offset,
      schema: input.schema,
      hash: hashParts(["limit", input.hash, String(count), String(offset)]),
    });
  },
  is(node: { readonly kind: string }): node is LimitNode {
    return node.kind === "limit";
  },
});
