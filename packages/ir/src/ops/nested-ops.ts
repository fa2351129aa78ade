import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { listOf, mapOf, structOf, typeToString, withNullable } from "../types/data-type.js";
import { anyNullable } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

// DataFusion's own names under Ibex's URN: Substrait has no standard struct
// or map functions (and DataFusion's consumer rejects nested field references).
const IBEX = "extension:dev.ibex:functions";

function requireKind(op: string, t: DataType | undefined, position: number, kind: DataType["kind"]): DataType {
  if (t?.kind !== kind) {
    throw new IbexTypeError(
      op,
      `argument ${position}`,
      `has type ${t === undefined ? "nothing" : typeToString(t)}, expected a ${kind}`,
    );
  }
  return t;
}

function requireName(op: string, t: DataType | undefined, value: unknown, position: number): string {
  if (t?.kind !== "utf8" || typeof value !== "string") {
    throw new IbexTypeError(op, `argument ${position}`, "must be a string literal naming a field");
  }
  return value;
}

/** Struct and map construction and access (Ibis names). */
export const NESTED_OPS: readonly OpDefinition[] = Object.freeze([
  {
    name: "struct",
    arity: { min: 2, max: Number.POSITIVE_INFINITY },
    doc: "a struct from (name, value) pairs: struct('a', x, 'b', y)",
    resolve: (args, literals) => {
      if (args.length % 2 !== 0) {
        throw new IbexTypeError("struct", "arguments", `come in (name, value) pairs, got ${args.length} arguments`);
      }
      const fields = [];
      for (let i = 0; i < args.length; i += 2) {
        const name = requireName("struct", args[i], literals[i], i + 1);
        fields.push({ name, type: args[i + 1] as DataType });
      }
      try {
        return { type: structOf(fields, false) };
      } catch (e) {
        throw new IbexTypeError("struct", "names", (e as Error).message);
      }
    },
    substrait: { urn: IBEX, name: "named_struct" },
  },
  {
    name: "structField",
    arity: 2,
    literalArgs: [1],
    doc: "the value of a struct's field (null where the struct is null)",
    resolve: (args, literals) => {
      const s = requireKind("structField", args[0], 1, "struct");
      const name = requireName("structField", args[1], literals[1], 2);
      const field = s.fields?.find((f) => f.name === name);
      if (field === undefined) {
        throw new IbexTypeError(
          "structField",
          "argument 2",
          `names no field of ${typeToString(s)} (fields: ${(s.fields ?? []).map((f) => f.name).join(", ")})`,
        );
      }
      return { type: withNullable(field.type, field.type.nullable || s.nullable) };
    },
    substrait: { urn: IBEX, name: "get_field" },
  },
  {
    name: "map",
    arity: 2,
    doc: "a map from a list of keys and a list of values of the same length (keys unique and not null)",
    resolve: (args) => {
      const keys = requireKind("map", args[0], 1, "list");
      const values = requireKind("map", args[1], 2, "list");
      return { type: mapOf(keys.element as DataType, values.element as DataType, anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "map" },
  },
  // The map readers are Ibex's own Rust functions (native/src/udf/list_map.rs).
  {
    name: "mapExtract",
    arity: 2,
    doc: "the value of the first entry with the key; null when there is none",
    resolve: (args) => {
      const m = requireKind("mapExtract", args[0], 1, "map");
      const key = m.key as DataType;
      const k = args[1] as DataType;
      if (withNullable(k, false) !== key) {
        throw new IbexTypeError(
          "mapExtract",
          "argument 2",
          `has type ${typeToString(k)}, expected the key type ${typeToString(key)}`,
        );
      }
      return { type: withNullable(m.value as DataType, true) };
    },
    substrait: { urn: IBEX, name: "ibex_map_extract" },
  },
  {
    name: "mapKeys",
    arity: 1,
    doc: "the keys, as a list, in entry order",
    resolve: (args) => {
      const m = requireKind("mapKeys", args[0], 1, "map");
      return { type: listOf(withNullable(m.key as DataType, true), m.nullable) };
    },
    substrait: { urn: IBEX, name: "ibex_map_keys" },
  },
  {
    name: "mapValues",
    arity: 1,
    doc: "the values, as a list, in entry order",
    resolve: (args) => {
      const m = requireKind("mapValues", args[0], 1, "map");
      return { type: listOf(withNullable(m.value as DataType, true), m.nullable) };
    },
    substrait: { urn: IBEX, name: "ibex_map_values" },
  },
  {
    name: "mapEntries",
    arity: 1,
    doc: "the entries, as a list of struct<key, value>, in entry order",
    resolve: (args) => {
      const m = requireKind("mapEntries", args[0], 1, "map");
      const entry = structOf(
        [
          { name: "key", type: withNullable(m.key as DataType, false) },
          { name: "value", type: withNullable(m.value as DataType, true) },
        ],
        true,
      );
      return { type: listOf(entry, m.nullable) };
    },
    substrait: { urn: IBEX, name: "ibex_map_entries" },
  },
]);
