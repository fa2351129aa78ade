import { IbexArgumentError, IbexTypeError } from "../../errors.js";
import { typeToString } from "../../types/data-type.js";
import type { Schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { ValueNode } from "../value/value-node.js";
import { checkBound } from "./bind-check.js";
import type { RelationNode } from "./relation-node.js";

/** Keeps the rows for which every predicate is true (predicates are ANDed). */
export interface FilterNode {
  readonly kind: "filter";
  readonly input: RelationNode;
  readonly predicates: readonly ValueNode[];
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link FilterNode}. */
export const FilterNode = Object.freeze({
  create(input: RelationNode, predicates: readonly ValueNode[]): FilterNode {
    if (predicates.length === 0) throw new IbexArgumentError("filter", "predicates", "must not be empty");
    predicates.forEach((p, i) => {
      const arg = `predicate ${i + 1}`;
      if (p.type.kind !== "bool") {
        throw new IbexTypeError("filter", arg, `has type ${typeToString(p.type)}, expected bool`);
      }
      checkBound("filter", arg, p, input.schema);
    });
    return Object.freeze({
      kind: "filter",
      input,
      predicates: Object.freeze([...predicates]),
      schema: input.schema,
      hash: hashParts(["filter", input.hash, ...predicates.map((p) => p.hash)]),
    });
  },
  is(node: { readonly kind: string }): node is FilterNode {
    return node.kind === "filter";
  },
});
