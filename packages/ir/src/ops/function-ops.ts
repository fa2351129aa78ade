import { IbexTypeError } from "../errors.js";
import type { DataType, TypeKind } from "../types/data-type.js";
import { dataType, isInteger, isNumeric, isOrderable, listOf, typeToString, withNullable } from "../types/data-type.js";
import { anyNullable, commonNumericType, commonType, comparableType } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

// Standard Substrait extensions; DataFusion's consumer resolves by name (the
// engine registers aliases where its own names differ, see functions.rs).
const ARITHMETIC = "extension:io.substrait:functions_arithmetic";
const ROUNDING = "extension:io.substrait:functions_rounding";
const LOGARITHMIC = "extension:io.substrait:functions_logarithmic";
const STRING = "extension:io.substrait:functions_string";
const COMPARISON = "extension:io.substrait:functions_comparison";
const IBEX = "extension:dev.ibex:functions";

type Expected = TypeKind | "numeric" | "integer";

function expect(op: string, args: readonly DataType[], kinds: readonly Expected[]): void {
  args.forEach((a, i) => {
    const want = kinds[Math.min(i, kinds.length - 1)] as Expected;
    const ok = want === "numeric" ? isNumeric(a) : want === "integer" ? isInteger(a) : a.kind === want;
    if (!ok) {
      const wanted = want === "numeric" ? "a numeric type" : want === "integer" ? "an integer type" : want;
      throw new IbexTypeError(op, `argument ${i + 1}`, `has type ${typeToString(a)}, expected ${wanted}`);
    }
  });
}

const FLOAT64 = dataType("float64", false);

/** A numeric function computed in float64 (ints are promoted). */
const floatFn = (name: string, substrait: string, arity: number, doc: string, urn = ARITHMETIC): OpDefinition => ({
  name,
  arity,
  doc,
  resolve: (args) => {
    expect(name, args, ["numeric"]);
    return { type: dataType("float64", anyNullable(args)), operands: args.map(() => FLOAT64) };
  },
  substrait: { urn, name: substrait },
});

/** A numeric function whose result has its argument's kind. */
const sameKindFn = (name: string, substrait: string, doc: string): OpDefinition => ({
  name,
  arity: 1,
  doc,
  resolve: (args) => {
    expect(name, args, ["numeric"]);
    return { type: args[0] as DataType };
  },
  substrait: { urn: ARITHMETIC, name: substrait },
});

/** A string function with fixed argument kinds and result. */
const stringFn = (
  name: string,
  substrait: string,
  kinds: readonly TypeKind[],
  result: TypeKind,
  doc: string,
  extra: Partial<OpDefinition["substrait"]> = {},
  arity: OpDefinition["arity"] = kinds.length,
): OpDefinition => ({
  name,
  arity,
  doc,
  resolve: (args) => {
    expect(name, args, kinds);
    return { type: dataType(result, anyNullable(args)) };
  },
  substrait: { urn: STRING, name: substrait, ...extra },
});

/** Numeric, conditional and string functions (Ibis names). */
export const FUNCTION_OPS: readonly OpDefinition[] = Object.freeze([
  // numeric
  sameKindFn("negate", "negate", "-x"),
  sameKindFn("abs", "abs", "absolute value"),
  floatFn("sqrt", "sqrt", 1, "square root (NaN below 0)"),
  floatFn("exp", "exp", 1, "e to the power x"),
  floatFn("ln", "ln", 1, "natural logarithm", LOGARITHMIC),
  floatFn("log2", "log2", 1, "base-2 logarithm", LOGARITHMIC),
  floatFn("log10", "log10", 1, "base-10 logarithm", LOGARITHMIC),
  floatFn("pow", "power", 2, "x to the power y"),
  floatFn("sign", "sign", 1, "-1, 0 or 1 (as float64)"),
  floatFn("sin", "sin", 1, "sine"),
  floatFn("cos", "cos", 1, "cosine"),
  floatFn("tan", "tan", 1, "tangent"),
  floatFn("asin", "asin", 1, "arc sine"),
  floatFn("acos", "acos", 1, "arc cosine"),
  floatFn("atan", "atan", 1, "arc tangent"),
  floatFn("atan2", "atan2", 2, "arc tangent of y/x, by quadrant"),
  floatFn("ceil", "ceil", 1, "smallest integral value >= x (float64)", ROUNDING),
  floatFn("floor", "floor", 1, "largest integral value <= x (float64)", ROUNDING),
  {
    name: "round",
    arity: 2,
    doc: "x rounded to `digits` decimal places (half away from zero)",
    resolve: (args) => {
      expect("round", args, ["numeric", "int64"]);
      return { type: dataType("float64", anyNullable(args)), operands: [FLOAT64, undefined] };
    },
    substrait: { urn: ROUNDING, name: "round" },
    literalArgs: [1],
  },
  {
    name: "mod",
    arity: 2,
    doc: "remainder of a / b (sign of a); integer division by zero is an error",
    resolve: (args) => {
      const common = commonNumericType("mod", args);
      if (common.kind === "decimal") {
        const at = args.findIndex((a) => a.kind === "decimal");
        throw new IbexTypeError(
          "mod",
          `argument ${at + 1}`,
          `has type ${typeToString(args[at] as DataType)}, expected an integer or float type (decimals have no modulo: cast to float64 or an integer type first)`,
        );
      }
      return { type: withNullable(common, anyNullable(args)), operands: [common, common] };
    },
    substrait: { urn: ARITHMETIC, name: "modulus" },
  },
  ...(
    [
      ["bitwiseAnd", "bitwise_and", "bits set in both", ARITHMETIC],
      ["bitwiseOr", "bitwise_or", "bits set in either", ARITHMETIC],
      ["bitwiseXor", "bitwise_xor", "bits set in exactly one", ARITHMETIC],
      // Substrait's shift_left/shift_right have no DataFusion function (shifts
      // are operators there); the consumer maps DataFusion's own names.
      ["bitwiseLeftShift", "bitwise_shift_left", "bits shifted left", IBEX],
      ["bitwiseRightShift", "bitwise_shift_right", "bits shifted right (arithmetic)", IBEX],
    ] as const
  ).map(
    ([name, substrait, doc, urn]): OpDefinition => ({
      name,
      arity: 2,
      doc,
      resolve: (args) => {
        expect(name, args, ["integer", "integer"]);
        const common = commonNumericType(name, args);
        return { type: withNullable(common, anyNullable(args)), operands: [common, common] };
      },
      substrait: { urn, name: substrait },
    }),
  ),
  {
    name: "isNan",
    arity: 1,
    doc: "true for NaN",
    resolve: (args) => {
      expect("isNan", args, ["numeric"]);
      return { type: dataType("bool", anyNullable(args)), operands: [FLOAT64] };
    },
    substrait: { urn: COMPARISON, name: "is_nan" },
  },
  // conditional
  {
    name: "coalesce",
    arity: { min: 1, max: Number.POSITIVE_INFINITY },
    doc: "the first non-null argument",
    resolve: (args) => {
      const common = commonType("coalesce", args);
      return {
        type: withNullable(
          common,
          args.every((a) => a.nullable),
        ),
        operands: args.map(() => common),
      };
    },
    substrait: { urn: COMPARISON, name: "coalesce" },
  },
  {
    name: "nullif",
    arity: 2,
    doc: "null where a = b, else a",
    resolve: (args) => {
      const common = comparableType("nullif", args);
      return { type: withNullable(common, true), operands: [common, common] };
    },
    substrait: { urn: COMPARISON, name: "nullif" },
  },
  ...(["greatest", "least"] as const).map(
    (name): OpDefinition => ({
      name,
      arity: { min: 2, max: Number.POSITIVE_INFINITY },
      doc: `the ${name} non-null argument (null only if all are null)`,
      resolve: (args) => {
        args.forEach((a, i) => {
          if (!isOrderable(a))
            throw new IbexTypeError(name, `argument ${i + 1}`, `has type ${typeToString(a)}, which has no order`);
        });
        const common = commonType(name, args);
        return {
          type: withNullable(
            common,
            args.every((a) => a.nullable),
          ),
          operands: args.map(() => common),
        };
      },
      substrait: { urn: COMPARISON, name },
    }),
  ),
  // strings
  stringFn("length", "char_length", ["utf8"], "int64", "number of characters"),
  stringFn("lower", "lower", ["utf8"], "utf8", "lower case"),
  stringFn("upper", "upper", ["utf8"], "utf8", "upper case"),
  stringFn("strip", "trim", ["utf8"], "utf8", "without leading and trailing spaces"),
  stringFn("lstrip", "ltrim", ["utf8"], "utf8", "without leading spaces"),
  stringFn("rstrip", "rtrim", ["utf8"], "utf8", "without trailing spaces"),
  stringFn("contains", "contains", ["utf8", "utf8"], "bool", "true where the substring occurs"),
  stringFn("startsWith", "starts_with", ["utf8", "utf8"], "bool", "true where the string starts with the prefix"),
  stringFn("endsWith", "ends_with", ["utf8", "utf8"], "bool", "true where the string ends with the suffix"),
  stringFn("replace", "replace", ["utf8", "utf8", "utf8"], "utf8", "every occurrence of `from` replaced by `to`"),
  stringFn(
    "concat",
    "concat",
    ["utf8"],
    "utf8",
    "the strings joined (nulls are skipped)",
    {},
    {
      min: 2,
      max: Number.POSITIVE_INFINITY,
    },
  ),
  stringFn("lpad", "lpad", ["utf8", "int64", "utf8"], "utf8", "left-padded (or truncated) to a length"),
  stringFn("rpad", "rpad", ["utf8", "int64", "utf8"], "utf8", "right-padded (or truncated) to a length"),
  stringFn("repeat", "repeat", ["utf8", "int64"], "utf8", "the string repeated n times"),
  stringFn("reverse", "reverse", ["utf8"], "utf8", "characters in reverse order"),
  stringFn("strpos", "strpos", ["utf8", "utf8"], "int64", "1-based position of a substring, 0 if absent"),
  stringFn("left", "left", ["utf8", "int64"], "utf8", "the first n characters"),
  stringFn("right", "right", ["utf8", "int64"], "utf8", "the last n characters"),
  {
    // Substrait has no boolean regex match; DataFusion's own regexp_like
    ...stringFn("reSearch", "regexp_like", ["utf8", "utf8"], "bool", "true where the regex matches", { urn: IBEX }),
    literalArgs: [1],
  },
  {
    ...stringFn(
      "reReplace",
      "regexp_replace",
      ["utf8", "utf8", "utf8", "utf8"],
      "utf8",
      "every regex match replaced (flags as the 4th argument)",
    ),
    literalArgs: [1, 3],
    substrait: { urn: IBEX, name: "regexp_replace" },
  },
  {
    name: "reMatch",
    arity: 2,
    doc: "the capture groups of the first match of a regex, as a list (null without a match)",
    literalArgs: [1],
    resolve: (args) => {
      expect("reMatch", args, ["utf8", "utf8"]);
      return { type: listOf(dataType("utf8", true), true) };
    },
    substrait: { urn: IBEX, name: "regexp_match" },
  },
  {
    name: "reSplit",
    arity: 2,
    literalArgs: [1],
    doc: "the parts between matches of a regex, as a list (Ibex's Rust function regexp_split)",
    resolve: (args) => {
      expect("reSplit", args, ["utf8", "utf8"]);
      return { type: listOf(dataType("utf8", true), anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "regexp_split" },
  },
  {
    name: "split",
    arity: 2,
    doc: "the parts between delimiters, as a list",
    resolve: (args) => {
      expect("split", args, ["utf8", "utf8"]);
      return { type: listOf(dataType("utf8", true), anyNullable(args)) };
    },
    substrait: { urn: IBEX, name: "string_to_array" },
  },
]);
