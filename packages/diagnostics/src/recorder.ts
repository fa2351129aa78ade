import type { DiagnosticEvent } from "./events.js";

/** Where events go. A sink must not throw; the recorder guards it anyway. */
export interface DiagnosticsSink {
  write(event: DiagnosticEvent): void;
}

/**
 * The one diagnostics interface every package records through.
 *
 * @example
 * ```ts
 * import { createRecorder, InMemorySink } from "@ibex/diagnostics";
 * const sink = new InMemorySink();
 * const recorder = createRecorder([sink]);
 * const con = await connect({ diagnostics: recorder });
 * await q.execute();
 * sink.ofType("execution")[0]?.rows;
 * ```
 */
export interface DiagnosticsRecorder {
  /** False when no sink listens: callers may skip building events. */
  readonly enabled: boolean;
  /** Whether callers should also record `artifact` events (IR JSON, plans): they can be large. */
  readonly artifacts: boolean;
  record(event: DiagnosticEvent): void;
}

/** Options of {@link createRecorder}. */
export interface RecorderOptions {
  /** Also record `artifact` events: each query's IR JSON and Substrait plan (default false). */
  readonly artifacts?: boolean;
}

/** A recorder fanning events out to sinks. A failing sink never breaks a query. */
export function createRecorder(sinks: readonly DiagnosticsSink[], options: RecorderOptions = {}): DiagnosticsRecorder {
  const all = [...sinks];
  return Object.freeze({
    enabled: all.length > 0,
    artifacts: all.length > 0 && options.artifacts === true,
    record(event: DiagnosticEvent) {
      for (const sink of all) {
        try {
          sink.write(event);
        } catch {
          // Diagnostics must never change a query's outcome.
        }
      }
    },
  });
}

/** A recorder with no sinks: records nothing, costs a property read. */
export const noopRecorder: DiagnosticsRecorder = createRecorder([]);
