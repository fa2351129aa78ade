import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Span, SpanOptions, Tracer, TracerProvider } from "@opentelemetry/api";
import { trace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import type { DiagnosticEvent } from "../src/index.js";
import { ConsoleSink, createRecorder, formatEvent, JsonLinesSink, OpenTelemetrySink } from "../src/index.js";

const events: DiagnosticEvent[] = [
  {
    type: "compile",
    lane: "substrait",
    queryHash: "abcdef0123",
    durationMs: 0.4,
    planHash: "00ff",
    planBytes: 803,
    at: 1000,
  },
  {
    type: "execution",
    lane: "substrait",
    queryHash: "abcdef0123",
    compileMs: 0.4,
    planBytes: 803,
    planMs: 1,
    executeMs: 2,
    totalMs: 4,
    rows: 4,
    batches: 1,
    resultBytes: 512,
    operators: [{ operator: "FilterExec: qty@1 > 2", depth: 0, metrics: { output_rows: 4, elapsed_compute: 1200 } }],
    at: 1004,
  },
  { type: "error", lane: "dataframe", code: "IBEX_EXECUTION_ERROR", message: "Divide by zero", at: 1005 },
];

/** Spans as a recording tracer saw them. */
type Recorded = { name: string; options: SpanOptions; status?: { code: number; message?: string }; end?: unknown };

function recordingTracer(): { tracer: Tracer; spans: Recorded[] } {
  const spans: Recorded[] = [];
  const tracer = {
    startSpan(name: string, options: SpanOptions = {}) {
      const r: Recorded = { name, options };
      spans.push(r);
      return {
        setStatus(status: { code: number; message?: string }) {
          r.status = status;
          return this;
        },
        end(at?: unknown) {
          r.end = at;
        },
      } as unknown as Span;
    },
  } as unknown as Tracer;
  return { tracer, spans };
}

describe("sinks", () => {
  const dir = mkdtempSync(join(tmpdir(), "ibex-sinks-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("JSON Lines: one parseable line per event, appended", () => {
    const path = join(dir, "events.jsonl");
    const sink = new JsonLinesSink(path);
    const r = createRecorder([sink]);
    for (const e of events) r.record(e);
    sink.close();
    r.record(events[0] as DiagnosticEvent); // after close: dropped, no throw
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
  });

  it("console: one readable line per event", () => {
    const lines: string[] = [];
    const r = createRecorder([new ConsoleSink((l) => lines.push(l))]);
    for (const e of events) r.record(e);
    expect(lines).toEqual([
      "[ibex] compile    substrait abcdef01: 0.40 ms, plan 803 B (00ff)",
      "[ibex] execution  substrait abcdef01: 4 rows in 1 batches, 512 B, 4.00 ms (plan 1.00 ms, run 2.00 ms), 1 operators",
      "[ibex] error      dataframe IBEX_EXECUTION_ERROR: Divide by zero",
    ]);
    expect(formatEvent(events[1] as DiagnosticEvent)).toContain("4 rows");
  });

  it("OpenTelemetry: a span per event on the app's tracer provider, with ibex.* attributes", async () => {
    const { tracer, spans } = recordingTracer();
    const provider: TracerProvider = { getTracer: () => tracer };
    expect(trace.setGlobalTracerProvider(provider)).toBe(true);
    const sink = await OpenTelemetrySink.create();
    const r = createRecorder([sink]);
    for (const e of events) r.record(e);
    trace.disable();
    expect(spans.map((s) => s.name)).toEqual(["ibex.compile", "ibex.execution", "ibex.error"]);
    expect(spans[1]?.options.attributes).toMatchObject({ "ibex.rows": 4, "ibex.lane": "substrait" });
    expect(spans[1]?.options.startTime).toBe(1000);
    expect(spans[1]?.end).toBe(1004);
    expect(spans[2]?.status).toEqual({ code: 2, message: "IBEX_EXECUTION_ERROR: Divide by zero" });
  });
});
