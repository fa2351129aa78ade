import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, typeToString, withNullable } from "../types/data-type.js";
import type { OpDefinition } from "./op-registry.js";

// Ibex's own Rust functions over Arrow-level facts (native/src/udf/arrow_meta.rs).
const IBEX = "extension:dev.ibex:functions";

function requireUnion(op: string, t: DataType | undefined): DataType<"union"> {
  if (t?.kind !== "union") {
    throw new IbexTypeError(
      op,
      "argument 1",
      `has type ${t === undefined ? "nothing" : typeToString(t)}, expected a union`,
    );
  }
  return t as DataType<"union">;
}

function requireName(op: string, t: DataType | undefined, value: unknown, what: string): string {
  if (t?.kind !== "utf8" || typeof value !== "string") {
    throw new IbexTypeError(op, "argument 2", `must be a string literal (${what})`);
  }
  return value;
}

/** Field metadata and union members. */
export const ARROW_OPS: readonly OpDefinition[] = Object.freeze([
  {
    name: "arrowMetadata",
    arity: 2,
    literalArgs: [1],
    doc: "the value under a key in the Arrow field metadata of the argument's column; null when absent",
    resolve: (args, literals) => {
      requireName("arrowMetadata", args[1], literals[1], "the metadata key");
      return { type: dataType("utf8", true) };
    },
    substrait: { urn: IBEX, name: "ibex_arrow_metadata" },
  },
  {
    name: "unionTag",
    arity: 1,
    doc: "the name of the member each union value holds",
    resolve: (args) => {
      requireUnion("unionTag", args[0]);
      return { type: dataType("utf8", false) };
    },
    substrait: { urn: IBEX, name: "ibex_union_tag" },
  },
  {
    name: "unionExtract",
    arity: 2,
    literalArgs: [1],
    doc: "the value of the named member where the union holds it, else null",
    resolve: (args, literals) => {
      const u = requireUnion("unionExtract", args[0]);
      const tag = requireName("unionExtract", args[1], literals[1], "a member name");
      const member = (u.fields ?? []).find((f) => f.name === tag);
      if (member === undefined) {
        throw new IbexTypeError(
          "unionExtract",
          "argument 2",
          `names no member of ${typeToString(u)} (members: ${(u.fields ?? []).map((f) => f.name).join(", ")})`,
        );
      }
      return { type: withNullable(member.type, true) };
    },
    substrait: { urn: IBEX, name: "ibex_union_extract" },
  },
]);
