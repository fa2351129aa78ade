import { IbexArgumentError } from "../../errors.js";
import type { Schema } from "../../types/schema.js";
import { schemaToString } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";

/** A table registered in the engine's catalog, read by name. */
export interface TableNode {
  readonly kind: "table";
  readonly name: string;
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link TableNode}. */
export const TableNode = Object.freeze({
  create(name: string, schema: Schema): TableNode {
    if (name.length === 0) throw new IbexArgumentError("table", "name", "must not be empty");
    return Object.freeze({ kind: "table", name, schema, hash: hashParts(["table", name, schemaToString(schema)]) });
  },
  is(node: { readonly kind: string }): node is TableNode {
    return node.kind === "table";
  },
});
