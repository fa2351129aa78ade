import type { Attributes, Tracer } from "@opentelemetry/api";
import type { DiagnosticEvent } from "../events.js";
import type { DiagnosticsSink } from "../recorder.js";

/** `SpanStatusCode.ERROR` of @opentelemetry/api (a type-only import keeps the package optional). */
const STATUS_ERROR = 2;

/** How long an event's work took, in ms, where it says. */
function durationOf(e: DiagnosticEvent): number {
  switch (e.type) {
    case "execution":
      return e.totalMs;
    case "compile":
    case "registration":
    case "write":
      return e.durationMs;
    default:
      return 0;
  }
}

/** The event's scalar fields as span attributes (`ibex.rows`, ...); nested values as JSON. */
function attributesOf(e: DiagnosticEvent): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === "at" || k === "type" || v === undefined) continue;
    out[`ibex.${k}`] = typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * Turns each event into an OpenTelemetry span (`ibex.execution`,
 * `ibex.compile`, ...) with the event's fields as `ibex.*` attributes, its
 * duration as the span's, and an error status for `error` events. It needs
 * `@opentelemetry/api`, which Ibex does not install: add it (and an SDK) to
 * your app. Spans go to whatever tracer provider the app registered.
 *
 * @example
 * ```ts
 * const sink = await OpenTelemetrySink.create(); // throws if @opentelemetry/api is missing
 * const con = await connect({ diagnostics: createRecorder([sink]) });
 * ```
 */
export class OpenTelemetrySink implements DiagnosticsSink {
  readonly #tracer: Tracer;

  constructor(tracer: Tracer) {
    this.#tracer = tracer;
  }

  /** A sink on the app's global tracer provider (`trace.getTracer(name)`). */
  static async create(options: { readonly tracerName?: string } = {}): Promise<OpenTelemetrySink> {
    let api: typeof import("@opentelemetry/api");
    try {
      api = await import("@opentelemetry/api");
    } catch {
      throw new Error(
        "OpenTelemetrySink needs the @opentelemetry/api package, which Ibex does not install: add it to your app (npm install @opentelemetry/api)",
      );
    }
    return new OpenTelemetrySink(api.trace.getTracer(options.tracerName ?? "ibex"));
  }

  write(event: DiagnosticEvent): void {
    const end = event.at;
    const span = this.#tracer.startSpan(`ibex.${event.type}`, {
      startTime: end - durationOf(event),
      attributes: attributesOf(event),
    });
    if (event.type === "error") span.setStatus({ code: STATUS_ERROR, message: `${event.code}: ${event.message}` });
    span.end(end);
  }
}
