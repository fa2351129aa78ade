import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, typeToString, withNullable } from "../types/data-type.js";
import { commonType } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

// Substrait's standard window functions live in the arithmetic extension.
const ARITHMETIC = "extension:io.substrait:functions_arithmetic";

const ranking = (name: string, substraitName: string, kind: "int64" | "float64", doc: string): OpDefinition => ({
  name,
  family: "window",
  arity: 0,
  doc,
  resolve: () => ({ type: dataType(kind, false) }),
  substrait: { urn: ARITHMETIC, name: substraitName, signature: "any" },
});

function requireInt(op: string, position: number, t: DataType | undefined): void {
  if (t !== undefined && t.kind !== "int64") {
    throw new IbexTypeError(op, `argument ${position}`, `has type ${typeToString(t)}, expected int64`);
  }
}

const offsetFn = (name: string, substraitName: string, doc: string): OpDefinition => ({
  name,
  family: "window",
  arity: { min: 1, max: 3 },
  literalArgs: [1, 2],
  doc,
  resolve: (args) => {
    const [x, offset, fallback] = args as readonly [DataType, DataType?, DataType?];
    requireInt(name, 2, offset);
    if (fallback === undefined) return { type: withNullable(x, true) };
    // The default fills rows with no neighbour, so it shares the value's type.
    const common = commonType(name, [x, fallback]);
    return { type: withNullable(common, true), operands: [common, undefined, common] };
  },
  substrait: { urn: ARITHMETIC, name: substraitName, signature: "any" },
});

const valueAt = (name: string, substraitName: string, doc: string): OpDefinition => ({
  name,
  family: "window",
  arity: 1,
  doc,
  resolve: (args) => ({ type: withNullable(args[0] as DataType, true) }),
  substrait: { urn: ARITHMETIC, name: substraitName, signature: "any" },
});

/**
 * Analytic functions: valid only over a window. Ranks follow SQL here (1-based);
 * the DSL's Ibis-style `rowNumber()`/`rank()`/... subtract one.
 */
export const WINDOW_OPS: readonly OpDefinition[] = Object.freeze([
  ranking("rowNumber", "row_number", "int64", "1-based number of the row in its partition"),
  ranking("rank", "rank", "int64", "1-based rank with gaps after ties"),
  ranking("denseRank", "dense_rank", "int64", "1-based rank without gaps"),
  ranking("percentRank", "percent_rank", "float64", "(rank - 1) / (rows - 1)"),
  ranking("cumeDist", "cume_dist", "float64", "fraction of rows ordered at or before this one"),
  {
    name: "ntile",
    family: "window",
    arity: 1,
    literalArgs: [0],
    doc: "1-based bucket number when the partition is split into n buckets",
    resolve: (args) => {
      requireInt("ntile", 1, args[0]);
      return { type: dataType("int64", false) };
    },
    substrait: { urn: ARITHMETIC, name: "ntile", signature: "any" },
  },
  offsetFn("lag", "lag", "value `offset` rows before (default 1), else the default"),
  offsetFn("lead", "lead", "value `offset` rows after (default 1), else the default"),
  valueAt("firstValue", "first_value", "first value of the frame"),
  valueAt("lastValue", "last_value", "last value of the frame"),
  {
    name: "nthValue",
    family: "window",
    arity: 2,
    literalArgs: [1],
    doc: "n-th value (1-based) of the frame",
    resolve: (args) => {
      requireInt("nthValue", 2, args[1]);
      return { type: withNullable(args[0] as DataType, true) };
    },
    substrait: { urn: ARITHMETIC, name: "nth_value", signature: "any" },
  },
]);
