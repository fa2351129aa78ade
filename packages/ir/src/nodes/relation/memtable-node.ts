import { IbexArgumentError } from "../../errors.js";
import type { Schema } from "../../types/schema.js";
import { schemaToString } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";

/**
 * In-memory data (an apache-arrow Table in the DSL) with a unique name.
 * Identity is the name: the data itself is an opaque payload that the
 * backend registers under that name before running a query. The JSON form
 * carries the name and schema, not the data.
 */
export interface MemTableNode {
  readonly kind: "memtable";
  readonly name: string;
  readonly schema: Schema;
  /** The payload (opaque to the IR); undefined after a JSON round trip. */
  readonly data: unknown;
  readonly hash: string;
}

/** Factory for {@link MemTableNode}. */
export const MemTableNode = Object.freeze({
  create(name: string, schema: Schema, data: unknown): MemTableNode {
    if (name.length === 0) throw new IbexArgumentError("memtable", "name", "must not be empty");
    return Object.freeze({
      kind: "memtable",
      name,
      schema,
      data,
      hash: hashParts(["memtable", name, schemaToString(schema)]),
    });
  },
  is(node: { readonly kind: string }): node is MemTableNode {
    return node.kind === "memtable";
  },
});
