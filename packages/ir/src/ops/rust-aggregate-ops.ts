import { IbexTypeError } from "../errors.js";
import type { DataType } from "../types/data-type.js";
import { dataType, typeToString, withNullable } from "../types/data-type.js";
import type { OpDefinition } from "./op-registry.js";

// Ibex's own Rust aggregates and window functions (native/src/udf/aggregates.rs
// and windows.rs), resolved by name on both lanes under the Ibex URN.
const IBEX = "extension:dev.ibex:functions";

// Their accumulators keep whole states and cannot retract rows, so over a
// window the frame must start at the partition's start.
const NOT_SLIDING = { slidingWindow: false } as const;

function requireNumeric(op: string, t: DataType | undefined): void {
  const numeric = t !== undefined && /^(u?int(8|16|32|64)|float(32|64)|decimal)$/.test(t.kind);
  if (!numeric) {
    throw new IbexTypeError(
      op,
      "argument 1",
      `has type ${t === undefined ? "nothing" : typeToString(t)}, expected a numeric type`,
    );
  }
}

const byOrder = (name: string, substrait: string, doc: string): OpDefinition => ({
  name,
  family: "aggregate",
  arity: 1,
  doc,
  resolve: (args) => ({ type: withNullable(args[0] as DataType, true) }),
  substrait: { urn: IBEX, name: substrait },
  ...NOT_SLIDING,
});

/** Rust aggregates: first/last non-null value by order, distinct count, ordered string join. */
export const RUST_AGGREGATE_OPS: readonly OpDefinition[] = Object.freeze([
  byOrder("firstValueAgg", "ibex_first_value_agg", "the first non-null value in the aggregate's order"),
  byOrder("lastValueAgg", "ibex_last_value_agg", "the last non-null value in the aggregate's order"),
  {
    name: "countDistinctAgg",
    family: "aggregate",
    arity: 1,
    doc: "the number of distinct non-null values",
    resolve: (args) => {
      const t = args[0] as DataType;
      if (t.kind === "list" || t.kind === "struct" || t.kind === "map") {
        throw new IbexTypeError(
          "countDistinctAgg",
          "argument 1",
          `has type ${typeToString(t)}, expected a scalar type (not a ${t.kind})`,
        );
      }
      return { type: dataType("int64", false) };
    },
    substrait: { urn: IBEX, name: "ibex_count_distinct_agg" },
    ...NOT_SLIDING,
  },
  {
    name: "stringAgg",
    family: "aggregate",
    arity: 2,
    literalArgs: [1],
    doc: "the non-null strings joined by a separator, in the aggregate's order",
    resolve: (args) => {
      args.forEach((a, i) => {
        if (a.kind !== "utf8")
          throw new IbexTypeError("stringAgg", `argument ${i + 1}`, `has type ${typeToString(a)}, expected utf8`);
      });
      return { type: dataType("utf8", true) };
    },
    substrait: { urn: IBEX, name: "ibex_string_agg" },
    ...NOT_SLIDING,
  },
]);

const positional = (name: string, substrait: string, doc: string): OpDefinition => ({
  name,
  family: "window",
  arity: 0,
  doc,
  resolve: () => ({ type: dataType("int64", false) }),
  substrait: { urn: IBEX, name: substrait },
});

const offsetWindow = (name: string, substrait: string, doc: string): OpDefinition => ({
  name,
  family: "window",
  arity: { min: 1, max: 3 },
  literalArgs: [1, 2],
  doc,
  resolve: (args) => {
    const [x, offset, fallback] = args as readonly [DataType, DataType?, DataType?];
    if (offset !== undefined && offset.kind !== "int64")
      throw new IbexTypeError(name, "argument 2", `has type ${typeToString(offset)}, expected int64`);
    if (fallback !== undefined && fallback.kind !== "null" && withNullable(fallback, true) !== withNullable(x, true))
      throw new IbexTypeError(
        name,
        "argument 3",
        `has type ${typeToString(fallback)}, expected the value's type ${typeToString(x)}`,
      );
    return { type: withNullable(x, true), operands: [undefined, undefined, withNullable(x, false)] };
  },
  substrait: { urn: IBEX, name: substrait },
});

/** Rust window functions, defined by row position in the window's order (the frame is ignored). */
export const RUST_WINDOW_OPS: readonly OpDefinition[] = Object.freeze([
  positional("rowIndex", "ibex_row_index", "0-based position of the row in its partition"),
  positional("rowNumberWindow", "ibex_row_number_window", "1-based position of the row in its partition"),
  {
    name: "runningCount",
    family: "window",
    arity: 1,
    doc: "non-null values up to and including the row",
    resolve: () => ({ type: dataType("int64", false) }),
    substrait: { urn: IBEX, name: "ibex_running_count" },
  },
  {
    name: "runningTotal",
    family: "window",
    arity: 1,
    doc: "sum of the non-null values up to and including the row (int64 for integers, else float64); null before the first",
    resolve: (args) => {
      const t = args[0] as DataType;
      requireNumeric("runningTotal", t);
      return { type: dataType(/int/.test(t.kind) ? "int64" : "float64", true) };
    },
    substrait: { urn: IBEX, name: "ibex_running_total" },
  },
  offsetWindow("lagWindow", "ibex_lag_window", "the value `offset` rows before (default 1), else the default"),
  offsetWindow("leadWindow", "ibex_lead_window", "the value `offset` rows after (default 1), else the default"),
]);
