import { IbexArgumentError } from "../../errors.js";
import type { Schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { SortKey } from "../value/sort-key.js";
import { sortKeyParts } from "../value/sort-key.js";
import { checkBound } from "./bind-check.js";
import type { RelationNode } from "./relation-node.js";

/** Orders rows by the keys (the only op that defines result order). */
export interface SortNode {
  readonly kind: "sort";
  readonly input: RelationNode;
  readonly keys: readonly SortKey[];
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link SortNode}. */
export const SortNode = Object.freeze({
  create(input: RelationNode, keys: readonly SortKey[]): SortNode {
    if (keys.length === 0) throw new IbexArgumentError("orderBy", "keys", "must not be empty");
    keys.forEach((k, i) => {
      checkBound("orderBy", `key ${i + 1}`, k.expr, input.schema);
    });
    const frozen = Object.freeze(keys.map((k) => Object.freeze({ ...k })));
    return Object.freeze({
      kind: "sort",
      input,
      keys: frozen,
      schema: input.schema,
      hash: hashParts(["sort", input.hash, ...sortKeyParts(frozen)]),
    });
  },
  is(node: { readonly kind: string }): node is SortNode {
    return node.kind === "sort";
  },
});
