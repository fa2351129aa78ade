import { closestName } from "./util/suggest.js";

/** Stable error codes carried by every Ibex error (`err.code`). */
export type IbexErrorCode =
  | "IBEX_UNKNOWN_COLUMN"
  | "IBEX_TYPE_ERROR"
  | "IBEX_INVALID_ARGUMENT"
  | "IBEX_UNKNOWN_OP"
  | "IBEX_INVALID_JSON";

/**
 * Base class of every error Ibex raises: while building a query (the codes
 * above) and, through `IbexEngineError` and its subclasses in
 * `@ibex/engine-native`, while running one. `code` is stable.
 */
export class IbexError<C extends string = IbexErrorCode> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A column name that is not in the schema. Names the op and argument, lists
 * the available columns and suggests the closest one.
 */
export class UnknownColumnError extends IbexError {
  readonly op: string;
  readonly argument: string;
  readonly column: string;
  readonly available: readonly string[];
  readonly suggestion: string | undefined;
  constructor(op: string, argument: string, column: string, available: readonly string[]) {
    const suggestion = closestName(column, available);
    const hint = suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
    super(
      "IBEX_UNKNOWN_COLUMN",
      `${op}: ${argument} refers to unknown column "${column}" (available: ${available.join(", ") || "none"})${hint}`,
    );
    this.op = op;
    this.argument = argument;
    this.column = column;
    this.available = available;
    this.suggestion = suggestion;
  }
}

/** An argument whose type the op does not accept. Names op, argument and types. */
export class IbexTypeError extends IbexError {
  readonly op: string;
  readonly argument: string;
  constructor(op: string, argument: string, message: string) {
    super("IBEX_TYPE_ERROR", `${op}: ${argument} ${message}`);
    this.op = op;
    this.argument = argument;
  }
}

/** An argument that is malformed for reasons other than its type. */
export class IbexArgumentError extends IbexError {
  readonly op: string;
  readonly argument: string;
  constructor(op: string, argument: string, message: string) {
    super("IBEX_INVALID_ARGUMENT", `${op}: ${argument} ${message}`);
    this.op = op;
    this.argument = argument;
  }
}
