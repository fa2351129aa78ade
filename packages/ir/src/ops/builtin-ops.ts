import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, typeToString } from "../types/data-type.js";
import { anyNullable, commonNumericKind, comparableKind } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";
import { OpRegistry } from "./op-registry.js";

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

/** The ops Ibex ships with. */
export const BUILTIN_OPS: readonly OpDefinition[] = Object.freeze([
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
