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
 * with a stable `code`.
 *
 * @example
 * ```ts
 * try { await q.execute(); } catch (e) {
 *   if (e instanceof IbexEngineError && e.code === "IBEX_RESOURCES_EXHAUSTED") { ... }
 * }
 * ```
 */
export class IbexEngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IbexEngineError";
    this.code = code;
  }

  /** Wraps an error thrown by the addon (`"IBEX_CODE: message"`). */
  static fromNative(err: unknown): IbexEngineError {
    if (err instanceof IbexEngineError) return err;
    const text = err instanceof Error ? err.message : String(err);
    const m = /^(IBEX_[A-Z_]+): ([\s\S]*)$/.exec(text);
    if (m !== null && CODES.has(m[1] as string)) {
      return new IbexEngineError(m[1] as EngineErrorCode, m[2] as string, { cause: err });
    }
    return new IbexEngineError("IBEX_INTERNAL_ERROR", text, { cause: err });
  }
}
