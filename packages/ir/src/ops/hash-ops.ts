import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, isFloating, isInteger, typeToString } from "../types/data-type.js";
import { anyNullable } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

// Ibex's own Rust functions (native/src/udf/stable_hash.rs documents the
// canonical bytes and the hash, xxHash64, fixed by golden vectors).
const IBEX = "extension:dev.ibex:functions";

function requireHashable(op: string, t: DataType | undefined, position: number): void {
  const ok =
    t !== undefined && (isInteger(t) || isFloating(t) || ["bool", "date32", "utf8", "binary"].includes(t.kind));
  if (!ok) {
    throw new IbexTypeError(
      op,
      `argument ${position}`,
      `has type ${t === undefined ? "nothing" : typeToString(t)}, expected an integer, float, bool, date32, utf8 or binary`,
    );
  }
}

function requirePrefix(op: string, t: DataType | undefined, value: unknown): void {
  if (t?.kind !== "utf8" || typeof value !== "string") {
    throw new IbexTypeError(op, "argument 1", "must be a string literal (the prefix)");
  }
}

/** Stable hashes and ids (stable across runs, versions and platforms). */
export const HASH_OPS: readonly OpDefinition[] = Object.freeze([
  {
    name: "stableHash64",
    arity: 1,
    doc: "xxHash64 (seed 0) of the value's canonical bytes, as uint64",
    resolve: (args) => {
      requireHashable("stableHash64", args[0], 1);
      return { type: dataType("uint64", anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "ibex_stable_hash64" },
  },
  {
    name: "stableHash128",
    arity: 1,
    doc: "xxHash64 with seeds 0 and 1 of the canonical bytes, as 16 big-endian bytes",
    resolve: (args) => {
      requireHashable("stableHash128", args[0], 1);
      return { type: dataType("binary", anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "ibex_stable_hash128" },
  },
  {
    name: "prefixedHash64",
    arity: 2,
    literalArgs: [0],
    doc: "xxHash64 of the prefix's UTF-8, a 0x00 byte, then the value's canonical bytes",
    resolve: (args, literals) => {
      requirePrefix("prefixedHash64", args[0], literals[0]);
      requireHashable("prefixedHash64", args[1], 2);
      return { type: dataType("uint64", (args[1] as DataType).nullable) };
    },
    substrait: { urn: IBEX, name: "ibex_prefixed_hash64" },
  },
  {
    name: "stableId",
    arity: 2,
    literalArgs: [0],
    doc: 'prefix + "_" + the 16 hex digits of stableHash64(value)',
    resolve: (args, literals) => {
      requirePrefix("stableId", args[0], literals[0]);
      requireHashable("stableId", args[1], 2);
      return { type: dataType("utf8", (args[1] as DataType).nullable) };
    },
    substrait: { urn: IBEX, name: "ibex_stable_id" },
  },
  {
    name: "colToByte",
    arity: 1,
    doc: "the value's canonical bytes (what the stable hashes hash)",
    resolve: (args) => {
      requireHashable("colToByte", args[0], 1);
      return { type: dataType("binary", anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "ibex_col_to_byte" },
  },
]);
