import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import {
  dataType,
  listOf,
  sameTypeIgnoringNullability,
  typeEquals,
  typeToString,
  withNullable,
} from "../types/data-type.js";
import { anyNullable, comparableType } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

// No standard Substrait extension covers lists: DataFusion's names, under Ibex's URN.
const IBEX = "extension:dev.ibex:functions";

function requireList(op: string, t: DataType | undefined, position = 1): DataType {
  if (t === undefined || t.kind !== "list" || t.element === undefined) {
    throw new IbexTypeError(
      op,
      `argument ${position}`,
      `has type ${t === undefined ? "nothing" : typeToString(t)}, expected a list`,
    );
  }
  return t.element;
}

function requireInt(op: string, t: DataType | undefined, position: number): void {
  if (t?.kind !== "int64") {
    throw new IbexTypeError(
      op,
      `argument ${position}`,
      `has type ${t === undefined ? "nothing" : typeToString(t)}, expected int64`,
    );
  }
}

/** Functions of list values. Indexes are 1-based here; the DSL's are 0-based, like Ibis. */
export const LIST_OPS: readonly OpDefinition[] = Object.freeze([
  {
    name: "arrayLength",
    arity: 1,
    doc: "number of elements",
    resolve: (args) => {
      requireList("arrayLength", args[0]);
      return { type: dataType("int64", anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "array_length" },
  },
  {
    name: "arrayIndex",
    arity: 2,
    doc: "the element at a 1-based index (null out of range)",
    resolve: (args) => {
      const element = requireList("arrayIndex", args[0]);
      requireInt("arrayIndex", args[1], 2);
      return { type: withNullable(element, true) };
    },
    substrait: { urn: IBEX, name: "array_element" },
  },
  {
    name: "arraySlice",
    arity: 3,
    doc: "the elements from a 1-based start to an end, inclusive",
    resolve: (args) => {
      requireList("arraySlice", args[0]);
      requireInt("arraySlice", args[1], 2);
      requireInt("arraySlice", args[2], 3);
      return { type: withNullable(args[0] as DataType, anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "array_slice" },
  },
  {
    name: "arrayContains",
    arity: 2,
    doc: "true where the list holds the value",
    resolve: (args) => {
      const element = requireList("arrayContains", args[0]);
      const common = comparableType("arrayContains", [element, args[1] as DataType]);
      if (!sameTypeIgnoringNullability(common, element)) {
        throw new IbexTypeError(
          "arrayContains",
          "argument 2",
          `has type ${typeToString(args[1] as DataType)}, expected ${typeToString(element)}`,
        );
      }
      return { type: dataType("bool", anyNullable(args)), operands: [undefined, common] };
    },
    substrait: { urn: IBEX, name: "array_has" },
  },
  {
    name: "arrayConcat",
    arity: { min: 2, max: Number.POSITIVE_INFINITY },
    doc: "the lists one after the other",
    resolve: (args) => {
      const first = requireList("arrayConcat", args[0]);
      args.forEach((a, i) => {
        const e = requireList("arrayConcat", a, i + 1);
        if (e.kind !== first.kind)
          throw new IbexTypeError(
            "arrayConcat",
            `argument ${i + 1}`,
            `has type ${typeToString(a)}, expected a list of ${first.kind}`,
          );
      });
      const same = args.every((a) => typeEquals(a, args[0] as DataType));
      return {
        type: withNullable(same ? (args[0] as DataType) : withNullable(args[0] as DataType, true), anyNullable(args)),
      };
    },
    substrait: { urn: IBEX, name: "array_concat" },
  },
  // Ibex's own Rust functions (native/src/udf/list_map.rs).
  {
    name: "listExtract",
    arity: 2,
    doc: "the element at a 0-based index (negative: from the end, -1 is the last); null out of range",
    resolve: (args) => {
      const element = requireList("listExtract", args[0]);
      requireInt("listExtract", args[1], 2);
      return { type: withNullable(element, true) };
    },
    substrait: { urn: IBEX, name: "ibex_list_extract" },
  },
  {
    name: "listUnique",
    arity: 1,
    doc: "the distinct elements in order of first appearance (one null kept)",
    resolve: (args) => {
      const element = requireList("listUnique", args[0]);
      return { type: listOf(withNullable(element, true), (args[0] as DataType).nullable) };
    },
    substrait: { urn: IBEX, name: "ibex_list_unique" },
  },
]);
