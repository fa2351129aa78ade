import { IbexArgumentError } from "../../errors.js";
import type { Schema } from "../../types/schema.js";
import { schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { ValueNode } from "../value/value-node.js";
import { checkBound } from "./bind-check.js";
import type { RelationNode } from "./relation-node.js";

/** One output column of a projection. */
export interface ProjectColumn {
  readonly name: string;
  readonly expr: ValueNode;
}

/**
 * Computes a new row for each input row: the output columns, in order.
 * `select` and `mutate` in the DSL both build this node.
 */
export interface ProjectNode {
  readonly kind: "project";
  readonly input: RelationNode;
  readonly columns: readonly ProjectColumn[];
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link ProjectNode}. */
export const ProjectNode = Object.freeze({
  create(input: RelationNode, columns: readonly ProjectColumn[]): ProjectNode {
    if (columns.length === 0) throw new IbexArgumentError("project", "columns", "must not be empty");
    const seen = new Set<string>();
    for (const c of columns) {
      if (c.name.length === 0) throw new IbexArgumentError("project", "columns", "has a column with an empty name");
      if (seen.has(c.name)) throw new IbexArgumentError("project", `column "${c.name}"`, "appears more than once");
      seen.add(c.name);
      checkBound("project", `column "${c.name}"`, c.expr, input.schema, false, true);
    }
    const frozen = Object.freeze(columns.map((c) => Object.freeze({ name: c.name, expr: c.expr })));
    return Object.freeze({
      kind: "project",
      input,
      columns: frozen,
      schema: schema(frozen.map((c) => ({ name: c.name, type: c.expr.type }))),
      hash: hashParts(["project", input.hash, ...frozen.flatMap((c) => [c.name, c.expr.hash])]),
    });
  },
  is(node: { readonly kind: string }): node is ProjectNode {
    return node.kind === "project";
  },
});
