import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, listOf, typeToString, withNullable } from "../types/data-type.js";
import { anyNullable, commonNumericKind, comparableKind } from "../types/promotion.js";
import { FUNCTION_OPS } from "./function-ops.js";
import { LIST_OPS } from "./list-ops.js";
import type { OpDefinition } from "./op-registry.js";
import { OpRegistry } from "./op-registry.js";
import { SCALAR_OPS } from "./scalar-ops.js";
import { WINDOW_OPS } from "./window-ops.js";

const COMPARISON = "extension:io.substrait:functions_comparison";
const ARITHMETIC = "extension:io.substrait:functions_arithmetic";
const BOOLEAN = "extension:io.substrait:functions_boolean";

function requireBool(op: string, args: readonly DataType[]): void {
  args.forEach((a, i) => {
    if (a.kind !== "bool") {
      throw new IbexTypeError(op, `argument ${i + 1}`, `has type ${typeToString(a)}, expected bool`);
    }
  });
}

const comparison = (name: string, substraitName: string, doc: string): OpDefinition => ({
  name,
  arity: 2,
  doc,
  resolve: (args) => {
    const kind = comparableKind(name, args);
    return { type: dataType("bool", anyNullable(args)), operands: [kind, kind] };
  },
  substrait: { urn: COMPARISON, name: substraitName, signature: "any" },
});

const arithmetic = (name: string, substraitName: string, doc: string): OpDefinition => ({
  name,
  arity: 2,
  doc,
  resolve: (args) => {
    const kind = commonNumericKind(name, args);
    return { type: dataType(kind, anyNullable(args)), operands: [kind, kind] };
  },
  substrait: { urn: ARITHMETIC, name: substraitName },
});

const logical = (name: string, doc: string): OpDefinition => ({
  name,
  arity: 2,
  doc,
  resolve: (args) => {
    requireBool(name, args);
    return { type: dataType("bool", anyNullable(args)) };
  },
  substrait: { urn: BOOLEAN, name, signature: "variadic" },
});

const AGGREGATE_GENERIC = "extension:io.substrait:functions_aggregate_generic";
const STRING = "extension:io.substrait:functions_string";
/** Ibex's own extension: functions whose standard Substrait form DataFusion cannot take. */
export const IBEX_URN = "extension:dev.ibex:functions";

const ORDERABLE = new Set(["int64", "float64", "utf8", "date32", "bool"]);

function requireNumeric(op: string, args: readonly DataType[]): void {
  args.forEach((a, i) => {
    if (a.kind !== "int64" && a.kind !== "float64") {
      throw new IbexTypeError(
        op,
        `argument ${i + 1}`,
        `has type ${typeToString(a)}, expected a numeric type (int64 or float64)`,
      );
    }
  });
}

const aggregate = (
  name: string,
  arity: OpDefinition["arity"],
  doc: string,
  substrait: OpDefinition["substrait"],
  resolve: OpDefinition["resolve"],
  extra: Partial<OpDefinition> = {},
): OpDefinition => ({ name, family: "aggregate", arity, doc, substrait, resolve, ...extra });

// DataFusion's bool_and/bool_or/string_agg accumulators cannot retract rows,
// so they run over frames that start at the partition's start only.
const NOT_SLIDING = { slidingWindow: false } as const;

const numericToFloat = (name: string, substraitName: string, doc: string, urn = IBEX_URN): OpDefinition =>
  aggregate(name, 1, doc, { urn, name: substraitName }, (args) => {
    requireNumeric(name, args);
    return { type: dataType("float64", true), operands: ["float64"] };
  });

/** The aggregate ops Ibex ships with (Ibis names). Results are nullable: an empty group gives null. */
export const AGGREGATE_OPS: readonly OpDefinition[] = Object.freeze([
  aggregate(
    "count",
    { min: 0, max: 1 },
    "number of rows (or of non-null values of the argument)",
    {
      urn: AGGREGATE_GENERIC,
      name: "count",
      signature: "any",
    },
    () => ({ type: dataType("int64", false) }),
  ),
  aggregate("sum", 1, "sum of values", { urn: ARITHMETIC, name: "sum" }, (args) => {
    requireNumeric("sum", args);
    return { type: withNullable(args[0] as DataType, true) };
  }),
  numericToFloat("mean", "avg", "arithmetic mean", ARITHMETIC),
  aggregate("min", 1, "smallest value", { urn: ARITHMETIC, name: "min" }, (args) => {
    const a = args[0] as DataType;
    if (!ORDERABLE.has(a.kind))
      throw new IbexTypeError("min", "argument 1", `has type ${typeToString(a)}, which has no order`);
    return { type: dataType(a.kind, true) };
  }),
  aggregate("max", 1, "largest value", { urn: ARITHMETIC, name: "max" }, (args) => {
    const a = args[0] as DataType;
    if (!ORDERABLE.has(a.kind))
      throw new IbexTypeError("max", "argument 1", `has type ${typeToString(a)}, which has no order`);
    return { type: dataType(a.kind, true) };
  }),
  numericToFloat("stdSample", "stddev", "sample standard deviation"),
  numericToFloat("stdPop", "stddev_pop", "population standard deviation"),
  numericToFloat("varSample", "var_samp", "sample variance"),
  numericToFloat("varPop", "var_pop", "population variance"),
  numericToFloat("median", "median", "median (exact)"),
  aggregate(
    "quantile",
    2,
    "exact quantile q in [0, 1] (continuous interpolation)",
    { urn: IBEX_URN, name: "quantile_cont" },
    (args) => {
      requireNumeric("quantile", args);
      return { type: dataType("float64", true), operands: ["float64", "float64"] };
    },
  ),
  aggregate("first", 1, "first value (in the aggregate's order)", { urn: IBEX_URN, name: "first_value" }, (args) => ({
    type: withNullable(args[0] as DataType, true),
  })),
  aggregate("last", 1, "last value (in the aggregate's order)", { urn: IBEX_URN, name: "last_value" }, (args) => ({
    type: withNullable(args[0] as DataType, true),
  })),
  aggregate(
    "any",
    1,
    "true if any value is true",
    { urn: BOOLEAN, name: "bool_or" },
    (args) => {
      requireBool("any", args);
      return { type: dataType("bool", true) };
    },
    NOT_SLIDING,
  ),
  aggregate(
    "all",
    1,
    "true if every value is true",
    { urn: BOOLEAN, name: "bool_and" },
    (args) => {
      requireBool("all", args);
      return { type: dataType("bool", true) };
    },
    NOT_SLIDING,
  ),
  aggregate(
    "collect",
    1,
    "the values as a list, in the aggregate's order (nulls included, like SQL's ARRAY_AGG)",
    { urn: IBEX_URN, name: "array_agg" },
    (args) => ({ type: listOf(withNullable(args[0] as DataType, true), true) }),
  ),
  aggregate(
    "groupConcat",
    2,
    "values joined by a separator",
    { urn: STRING, name: "string_agg" },
    (args) => {
      args.forEach((a, i) => {
        if (a.kind !== "utf8")
          throw new IbexTypeError("groupConcat", `argument ${i + 1}`, `has type ${typeToString(a)}, expected utf8`);
      });
      return { type: dataType("utf8", true) };
    },
    NOT_SLIDING,
  ),
]);

/** The ops Ibex ships with. */
export const BUILTIN_OPS: readonly OpDefinition[] = Object.freeze([
  ...AGGREGATE_OPS,
  ...WINDOW_OPS,
  ...SCALAR_OPS,
  ...FUNCTION_OPS,
  ...LIST_OPS,
  comparison("eq", "equal", "a = b"),
  comparison("ne", "not_equal", "a <> b"),
  comparison("lt", "lt", "a < b"),
  comparison("le", "lte", "a <= b"),
  comparison("gt", "gt", "a > b"),
  comparison("ge", "gte", "a >= b"),
  arithmetic("add", "add", "a + b"),
  arithmetic("sub", "subtract", "a - b"),
  arithmetic("mul", "multiply", "a * b"),
  {
    name: "div",
    arity: 2,
    doc: "a / b as float64 (true division, like Ibis); x / 0 is ±inf or NaN",
    resolve: (args) => {
      commonNumericKind("div", args);
      return { type: dataType("float64", anyNullable(args)), operands: ["float64", "float64"] };
    },
    substrait: { urn: ARITHMETIC, name: "divide" },
  },
  logical("and", "a AND b (three-valued)"),
  logical("or", "a OR b (three-valued)"),
  {
    name: "not",
    arity: 1,
    doc: "NOT a",
    resolve: (args) => {
      requireBool("not", args);
      return { type: dataType("bool", anyNullable(args)) };
    },
    substrait: { urn: BOOLEAN, name: "not" },
  },
  {
    name: "isNull",
    arity: 1,
    doc: "a IS NULL",
    resolve: () => ({ type: dataType("bool", false) }),
    substrait: { urn: COMPARISON, name: "is_null", signature: "any" },
  },
]);

/** The registry every node uses unless given another. */
export const builtinOps = new OpRegistry(BUILTIN_OPS);
