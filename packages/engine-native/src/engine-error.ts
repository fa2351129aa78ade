import { IbexError } from "@ibex/ir";

/** Stable codes of errors raised by the engine (mirrors `native/src/errors.rs`). */
export type EngineErrorCode =
  | "IBEX_PLAN_ERROR"
  | "IBEX_EXECUTION_ERROR"
  | "IBEX_NOT_IMPLEMENTED"
  | "IBEX_SUBSTRAIT_ERROR"
  | "IBEX_SUBSTRAIT_REJECTED"
  | "IBEX_RESOURCES_EXHAUSTED"
  | "IBEX_CANCELLED"
  | "IBEX_INVALID_INPUT"
  | "IBEX_IO_ERROR"
  | "IBEX_PANIC"
  | "IBEX_INTERNAL_ERROR";

const CODES = new Set<string>([
  "IBEX_PLAN_ERROR",
  "IBEX_EXECUTION_ERROR",
  "IBEX_NOT_IMPLEMENTED",
  "IBEX_SUBSTRAIT_ERROR",
  "IBEX_SUBSTRAIT_REJECTED",
  "IBEX_RESOURCES_EXHAUSTED",
  "IBEX_CANCELLED",
  "IBEX_INVALID_INPUT",
  "IBEX_IO_ERROR",
  "IBEX_PANIC",
  "IBEX_INTERNAL_ERROR",
]);

/**
 * An error raised inside the engine (DataFusion, the addon, or a Rust panic),
 * with a stable `code`. It is an `IbexError`; each category has a subclass:
 * {@link IbexPlanningError}, {@link IbexExecutionError}, {@link IbexIoError},
 * {@link IbexCancelledError}, {@link IbexResourcesExhaustedError},
 * {@link IbexInvalidPlanError} and {@link IbexInternalError}.
 *
 * @example
 * ```ts
 * try { await q.execute({ signal }); } catch (e) {
 *   if (e instanceof IbexCancelledError) { ... }            // or e.code === "IBEX_CANCELLED"
 *   if (e instanceof IbexResourcesExhaustedError) { ... }
 * }
 * ```
 */
export class IbexEngineError extends IbexError<EngineErrorCode> {
  /** An error of the subclass `code` belongs to. */
  static of(code: EngineErrorCode, message: string, options?: { cause?: unknown }): IbexEngineError {
    return new SUBCLASS[code](code, message, options);
  }

  /** Wraps an error thrown by the addon (`"IBEX_CODE: message"`). */
  static fromNative(err: unknown): IbexEngineError {
    if (err instanceof IbexEngineError) return err;
    const text = err instanceof Error ? err.message : String(err);
    const m = /^(IBEX_[A-Z_]+): ([\s\S]*)$/.exec(text);
    if (m !== null && CODES.has(m[1] as string)) {
      return IbexEngineError.of(m[1] as EngineErrorCode, m[2] as string, { cause: err });
    }
    return IbexEngineError.of("IBEX_INTERNAL_ERROR", text, { cause: err });
  }
}

/** The plan is wrong for the data: unknown table, type mismatch in the engine, an unsupported construct. */
export class IbexPlanningError extends IbexEngineError {}
/** The query failed while running (a division by zero, a bad cast, a failing function). */
export class IbexExecutionError extends IbexEngineError {}
/** A file or directory could not be read or written (missing, corrupt, schema mismatch). */
export class IbexIoError extends IbexEngineError {}
/** The query, stream or write was cancelled (an `AbortSignal`). */
export class IbexCancelledError extends IbexEngineError {}
/** The query needed more memory than `connect({ memoryLimit })` allows. */
export class IbexResourcesExhaustedError extends IbexEngineError {}
/** The plan or input bytes were malformed or rejected (Substrait, IR JSON, Arrow IPC). */
export class IbexInvalidPlanError extends IbexEngineError {}
/** A bug inside the engine: an internal error or a Rust panic (the session stays usable). */
export class IbexInternalError extends IbexEngineError {}

type EngineErrorClass = new (code: EngineErrorCode, message: string, options?: { cause?: unknown }) => IbexEngineError;

const SUBCLASS: Readonly<Record<EngineErrorCode, EngineErrorClass>> = {
  IBEX_PLAN_ERROR: IbexPlanningError,
  IBEX_NOT_IMPLEMENTED: IbexPlanningError,
  IBEX_EXECUTION_ERROR: IbexExecutionError,
  IBEX_IO_ERROR: IbexIoError,
  IBEX_CANCELLED: IbexCancelledError,
  IBEX_RESOURCES_EXHAUSTED: IbexResourcesExhaustedError,
  IBEX_SUBSTRAIT_ERROR: IbexInvalidPlanError,
  IBEX_SUBSTRAIT_REJECTED: IbexInvalidPlanError,
  IBEX_INVALID_INPUT: IbexInvalidPlanError,
  IBEX_PANIC: IbexInternalError,
  IBEX_INTERNAL_ERROR: IbexInternalError,
};
