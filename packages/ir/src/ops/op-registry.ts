import { IbexError } from "../errors.js";
import type { LiteralValue } from "../nodes/value/literal-node.js";
import type { DataType } from "../types/data-type.js";

/** How an op appears in a Substrait plan: a standard (or Ibex) extension function. */
export interface SubstraitLowering {
  /** Extension URN, e.g. `extension:io.substrait:functions_comparison`. */
  readonly urn: string;
  /** Function name in that extension, e.g. `equal`. */
  readonly name: string;
  /**
   * How the compound signature names argument types: `"any"` for functions
   * declared over `any1` (`equal:any_any`), `"variadic"` for one repeated
   * argument (`and:bool`), else each argument's type (`add:i64_i64`).
   */
  readonly signature?: "any" | "variadic" | "typed";
  /**
   * The expression form: a scalar function (default), Substrait's if-then
   * (`ifElse(c, a, b)`), or its singular-or-list (`x IN (a, b, ...)`).
   */
  readonly form?: "function" | "ifThen" | "singularOrList";
  /** A string literal passed before the arguments (`date_part('year', x)`). */
  readonly leadingLiteral?: string;
}

/** The result of an op's type rule for one call. */
export interface ResolvedCall {
  /** The call's result type. */
  readonly type: DataType;
  /**
   * The type each argument is promoted to (undefined: left as is); a promoted
   * argument becomes an explicit cast, so both lanes compute in that type.
   * Nullability is ignored (a cast keeps its input's).
   */
  readonly operands?: readonly (DataType | undefined)[];
}

/**
 * What kind of function an op is: row-wise (`scalar`), a reduction over rows
 * (`aggregate`, valid in `aggregate(...)` and over a window), or an analytic
 * function that only exists over a window (`window`: rank, lag, ...).
 */
export type OpFamily = "scalar" | "aggregate" | "window";

/**
 * An op: name, signature, type rule and Substrait lowering, as data.
 * The DataFrame lane lowers ops by name in Rust (`ops.rs`), falling back to
 * the session's function registry, so a Rust UDF registered under the op's
 * name serves both lanes.
 */
export interface OpDefinition {
  /** The IR name, e.g. `"eq"`. */
  readonly name: string;
  /** Scalar (default) or aggregate. */
  readonly family?: OpFamily;
  /** Number of arguments: exact, or a range. */
  readonly arity: number | { readonly min: number; readonly max: number };
  /**
   * The type rule: returns the result type and operand promotions, or throws
   * an `IbexTypeError` naming this op, the argument and the types. `literals`
   * holds the value of each argument that is a literal (undefined for the
   * others), for ops whose type depends on one (a struct field's name).
   */
  readonly resolve: (args: readonly DataType[], literals: readonly (LiteralValue | undefined)[]) => ResolvedCall;
  readonly substrait: SubstraitLowering;
  /** Argument positions (0-based) that must be literals, e.g. `lag`'s offset. */
  readonly literalArgs?: readonly number[];
  /**
   * For aggregates: false when the engine cannot evaluate the op over a
   * sliding window frame (one whose start is not unbounded), so such a
   * window is rejected when it is built rather than when it runs.
   */
  readonly slidingWindow?: boolean;
  /** One-line description for docs and error messages. */
  readonly doc: string;
}

/**
 * A registry of ops. Built-in ops live in {@link builtinOps}; a library author
 * adds ops through the same `register` call.
 *
 * @example
 * ```ts
 * import { OpRegistry, dt } from "@ibex/ir";
 * const ops = new OpRegistry();
 * ops.register({
 *   name: "myHash", arity: 1, doc: "64-bit hash",
 *   resolve: () => ({ type: dt.int64(false) }),
 *   substrait: { urn: "extension:dev.ibex:functions", name: "my_hash" },
 * });
 * ```
 */
export class OpRegistry {
  readonly #ops = new Map<string, OpDefinition>();

  constructor(ops: Iterable<OpDefinition> = []) {
    for (const op of ops) this.register(op);
  }

  /** Adds an op; throws if the name is taken. */
  register(op: OpDefinition): this {
    if (this.#ops.has(op.name)) {
      throw new IbexError("IBEX_INVALID_ARGUMENT", `op "${op.name}" is already registered`);
    }
    this.#ops.set(op.name, Object.freeze({ ...op }));
    return this;
  }

  get(name: string): OpDefinition | undefined {
    return this.#ops.get(name);
  }

  names(): readonly string[] {
    return [...this.#ops.keys()];
  }
}
