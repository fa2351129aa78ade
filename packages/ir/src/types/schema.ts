import { UnknownColumnError } from "../errors.js";
import type { DataType } from "./data-type.js";
import { typeToString } from "./data-type.js";

/** One named, typed column of a schema. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
}

/**
 * An ordered list of uniquely named fields. Frozen; build it with {@link schema}.
 *
 * @example
 * ```ts
 * import { dt, schema } from "@ibex/ir";
 * const s = schema([{ name: "id", type: dt.int64(false) }, { name: "name", type: dt.utf8() }]);
 * s.field("id").type; // !int64
 * ```
 */
export interface Schema {
  readonly fields: readonly Field[];
  readonly names: readonly string[];
  /** The field called `name`, or undefined. */
  find(name: string): Field | undefined;
  /** The position of `name`, or -1. */
  indexOf(name: string): number;
  /**
   * The field called `name`; throws {@link UnknownColumnError} naming `op` and
   * `argument` (and the closest existing column) when there is none.
   */
  field(name: string, op?: string, argument?: string): Field;
}

/** Builds a schema; throws on duplicate names. */
export function schema(fields: readonly Field[]): Schema {
  const index = new Map<string, number>();
  fields.forEach((f, i) => {
    if (index.has(f.name)) {
      throw new Error(`schema: duplicate column name "${f.name}"`);
    }
    index.set(f.name, i);
  });
  const frozenFields = Object.freeze(fields.map((f) => Object.freeze({ name: f.name, type: f.type })));
  const names = Object.freeze(frozenFields.map((f) => f.name));
  const s: Schema = {
    fields: frozenFields,
    names,
    find: (name) => {
      const i = index.get(name);
      return i === undefined ? undefined : frozenFields[i];
    },
    indexOf: (name) => index.get(name) ?? -1,
    field: (name, op = "column", argument = "name") => {
      const i = index.get(name);
      if (i === undefined) throw new UnknownColumnError(op, argument, name, names);
      return frozenFields[i] as Field;
    },
  };
  return Object.freeze(s);
}

/** Renders a schema as `{a: int64, b: !utf8}`. */
export function schemaToString(s: Schema): string {
  return `{${s.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(", ")}}`;
}
