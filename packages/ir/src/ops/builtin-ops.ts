import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import {
  dataType,
  decimalOf,
  isInteger,
  isNumeric,
  isOrderable,
  listOf,
  typeToString,
  withNullable,
} from "../types/data-type.js";
import {
  anyNullable,
  arithmeticResultType,
  commonNumericType,
  comparableType,
  decimalForInteger,
} from "../types/promotion.js";
import { ARROW_OPS } from "./arrow-ops.js";
import { FUNCTION_OPS } from "./function-ops.js";
import { HASH_OPS } from "./hash-ops.js";
import { LIST_OPS } from "./list-ops.js";
import { NESTED_OPS } from "./nested-ops.js";
import type { OpDefinition } from "./op-registry.js";
import { OpRegistry } from "./op-registry.js";
import { RUST_AGGREGATE_OPS, RUST_WINDOW_OPS } from "./rust-aggregate-ops.js";
import { SCALAR_OPS } from "./scalar-ops.js";
import { TEMPORAL_OPS } from "./temporal-ops.js";
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
    const common = comparableType(name, args);
    return { type: dataType("bool", anyNullable(args)), operands: [common, common] };
  },
  substrait: { urn: COMPARISON, name: substraitName, signature: "any" },
});

const arithmetic = (name: "add" | "sub" | "mul", substraitName: string, doc: string): OpDefinition => ({
  name,
  arity: 2,
  doc,
  resolve: (args) => {
    const temporal = name === "mul" ? undefined : intervalArithmetic(name, args);
    if (temporal !== undefined) return { type: withNullable(temporal, anyNullable(args)) };
    const common = commonNumericType(name, args);
    const result = arithmeticResultType(name, name, args);
    // Decimals keep their own precision and scale (the engine aligns them and
    // widens the result; integers join as decimals); other kinds compute in
    // the common type.
    const operands =
      common.kind === "decimal"
        ? args.map((a) => (isInteger(a) ? decimalForInteger(a.kind) : undefined))
        : [common, common];
    return { type: withNullable(result, anyNullable(args)), operands };
  },
  substrait: { urn: ARITHMETIC, name: substraitName },
});

/**
 * Date and timestamp arithmetic with intervals: `date ± interval` and
 * `timestamp ± interval` keep the date or timestamp type, `interval + date`
 * too, and intervals add to and subtract from each other. Undefined when no
 * interval is involved (numeric arithmetic then applies).
 */
function intervalArithmetic(op: "add" | "sub", args: readonly DataType[]): DataType | undefined {
  const [a, b] = args as readonly [DataType, DataType];
  if (a.kind !== "interval" && b.kind !== "interval") return undefined;
  const dated = (t: DataType) => t.kind === "date32" || t.kind === "timestamp";
  if (a.kind === "interval" && b.kind === "interval") return dataType("interval", false);
  if (dated(a) && b.kind === "interval") return a;
  if (op === "add" && a.kind === "interval" && dated(b)) return b;
  throw new IbexTypeError(
    op,
    a.kind === "interval" ? "argument 2" : "argument 1",
    `cannot ${op === "add" ? "add" : "subtract"} ${typeToString(b)} ${op === "add" ? "to" : "from"} ${typeToString(a)}: intervals combine with dates, timestamps and intervals (date ${op === "add" ? "+" : "-"} interval)`,
  );
}

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

function requireNumeric(op: string, args: readonly DataType[]): void {
  args.forEach((a, i) => {
    if (!isNumeric(a)) {
      throw new IbexTypeError(op, `argument ${i + 1}`, `has type ${typeToString(a)}, expected a numeric type`);
    }
  });
}

const FLOAT64 = dataType("float64", false);

/** sum's result: int64 for signed integers, uint64 for unsigned, float64 for floats, 10 more digits for decimals (as DataFusion). */
function sumType(a: DataType): DataType {
  if (isInteger(a)) return dataType(a.kind.startsWith("u") ? "uint64" : "int64", true);
  if (a.kind === "decimal") return decimalOf(Math.min(38, (a.precision as number) + 10), a.scale as number, true);
  return dataType("float64", true);
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
    return { type: dataType("float64", true), operands: [FLOAT64] };
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
    return { type: sumType(args[0] as DataType) };
  }),
  numericToFloat("mean", "avg", "arithmetic mean", ARITHMETIC),
  aggregate("min", 1, "smallest value", { urn: ARITHMETIC, name: "min" }, (args) => {
    const a = args[0] as DataType;
    if (!isOrderable(a))
      throw new IbexTypeError("min", "argument 1", `has type ${typeToString(a)}, which has no order`);
    return { type: withNullable(a, true) };
  }),
  aggregate("max", 1, "largest value", { urn: ARITHMETIC, name: "max" }, (args) => {
    const a = args[0] as DataType;
    if (!isOrderable(a))
      throw new IbexTypeError("max", "argument 1", `has type ${typeToString(a)}, which has no order`);
    return { type: withNullable(a, true) };
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
      return { type: dataType("float64", true), operands: [FLOAT64, FLOAT64] };
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
  ...RUST_AGGREGATE_OPS,
  ...WINDOW_OPS,
  ...RUST_WINDOW_OPS,
  ...SCALAR_OPS,
  ...TEMPORAL_OPS,
  ...NESTED_OPS,
  ...HASH_OPS,
  ...ARROW_OPS,
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
    name: "intDiv",
    arity: 2,
    doc: "a / b of two integers, truncated toward zero, in their common type (exact at every width); x / 0 is an error",
    resolve: (args) => {
      const common = commonNumericType("intDiv", args);
      args.forEach((a, i) => {
        if (!isInteger(a))
          throw new IbexTypeError(
            "intDiv",
            `argument ${i + 1}`,
            `has type ${typeToString(a)}, expected an integer type`,
          );
      });
      return { type: withNullable(common, anyNullable(args)), operands: [common, common] };
    },
    substrait: { urn: ARITHMETIC, name: "divide" },
  },
  {
    name: "div",
    arity: 2,
    doc: "a / b as float64 (true division, like Ibis); x / 0 is ±inf or NaN",
    resolve: (args) => {
      commonNumericType("div", args);
      return { type: dataType("float64", anyNullable(args)), operands: [FLOAT64, FLOAT64] };
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
