import type { Schema } from "@ibex/ir";
import { MemTableNode, TableNode } from "@ibex/ir";
import type * as arrow from "apache-arrow";
import type { Backend } from "../backend.js";
import { schemaFromArrow } from "../types/arrow-schema.js";
import type { SchemaShape, ShapeOfArrow } from "../types/dtype.js";
import type { Table } from "./table.js";
import { TableImpl } from "./table.js";

let memtableCounter = 0;

/** Options for {@link memtable}. */
export interface MemtableOptions {
  /** The name the data is registered under (default: a unique generated name). */
  readonly name?: string;
  /** The backend to bind the table to. */
  readonly backend?: Backend;
}

/**
 * A table over in-memory Arrow data. The column types come from the Arrow
 * schema, at compile time and at run time.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * const t = con.memtable(tableFromArrays({ id: BigInt64Array.from([1n, 2n]), x: Float64Array.from([0.5, 2]) }));
 * t.x; // Expr<"float64">
 * ```
 */
export function memtable<T extends arrow.TypeMap>(
  data: arrow.Table<T>,
  options: MemtableOptions = {},
): Table<ShapeOfArrow<T>> {
  const name =
    options.name ?? `ibex_memtable_${(++memtableCounter).toString(36)}_${globalThis.crypto.randomUUID().slice(0, 8)}`;
  return TableImpl.wrap(MemTableNode.create(name, schemaFromArrow(data.schema), data), options.backend);
}

/**
 * A table registered in a backend's catalog, with a known schema. Usually
 * reached through `con.table(name)`, which reads the schema from the engine.
 */
export function table<S extends SchemaShape = SchemaShape>(name: string, schema: Schema, backend?: Backend): Table<S> {
  return TableImpl.wrap<S>(TableNode.create(name, schema), backend);
}
