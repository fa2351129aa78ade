import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, typeToString, withNullable } from "../types/data-type.js";
import { anyNullable, commonType, comparableType } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

const STRING = "extension:io.substrait:functions_string";
const COMPARISON = "extension:io.substrait:functions_comparison";
const BOOLEAN = "extension:io.substrait:functions_boolean";
const IBEX = "extension:dev.ibex:functions";

function requireKind(op: string, args: readonly DataType[], kinds: readonly DataType["kind"][]): void {
  args.forEach((a, i) => {
    const want = kinds[i];
    if (want !== undefined && a.kind !== want) {
      throw new IbexTypeError(op, `argument ${i + 1}`, `has type ${typeToString(a)}, expected ${want}`);
    }
  });
}

const likeOp = (name: "like" | "ilike", doc: string): OpDefinition => ({
  name,
  arity: 2,
  doc,
  resolve: (args) => {
    requireKind(name, args, ["utf8", "utf8"]);
    return { type: dataType("bool", anyNullable(args)) };
  },
  // Substrait spells ILIKE as `like` with a case_sensitivity option, which
  // DataFusion's consumer does not read; ilike is DataFusion's own name.
  substrait: { urn: name === "like" ? STRING : IBEX, name, signature: "typed" },
});

/** String and conditional scalar ops (Ibis names); temporal ones are in temporal-ops.ts. */
export const SCALAR_OPS: readonly OpDefinition[] = Object.freeze([
  likeOp("like", "SQL LIKE: `%` matches any run of characters, `_` one character"),
  likeOp("ilike", "case-insensitive LIKE"),
  {
    name: "substr",
    arity: { min: 2, max: 3 },
    doc: "substring from a 1-based start, of an optional length (SQL's SUBSTRING)",
    resolve: (args) => {
      requireKind("substr", args, ["utf8", "int64", "int64"]);
      return { type: dataType("utf8", anyNullable(args)) };
    },
    substrait: { urn: STRING, name: "substring", signature: "typed" },
  },
  {
    name: "ifElse",
    arity: 3,
    doc: "`then` where the condition is true, else `otherwise` (a null condition picks `otherwise`)",
    resolve: (args) => {
      const [cond, then, otherwise] = args as readonly [DataType, DataType, DataType];
      if (cond.kind !== "bool")
        throw new IbexTypeError("ifElse", "argument 1", `has type ${typeToString(cond)}, expected bool`);
      const common = commonType("ifElse", [then, otherwise]);
      return { type: withNullable(common, then.nullable || otherwise.nullable), operands: [undefined, common, common] };
    },
    substrait: { urn: BOOLEAN, name: "if_then", form: "ifThen" },
  },
  {
    name: "isin",
    arity: { min: 2, max: Number.POSITIVE_INFINITY },
    doc: "true where the value equals one of the listed values (SQL IN)",
    resolve: (args) => {
      const [needle, ...options] = args as readonly [DataType, ...DataType[]];
      let common = needle;
      for (const o of options) common = comparableType("isin", [common, o]);
      return { type: dataType("bool", anyNullable(args)), operands: args.map(() => common) };
    },
    substrait: { urn: COMPARISON, name: "in", form: "singularOrList" },
  },
]);
