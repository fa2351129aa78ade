import { describe, expect, it } from "vitest";
import type { DiagnosticEvent } from "../src/index.js";
import { createRecorder, InMemorySink, noopRecorder } from "../src/index.js";

const event: DiagnosticEvent = {
  type: "registration",
  action: "register",
  table: "t",
  source: "arrow",
  rows: 3,
  durationMs: 1,
  at: 0,
};

describe("DiagnosticsRecorder", () => {
  it("fans events out to every sink, filtered by type", () => {
    const a = new InMemorySink();
    const b = new InMemorySink();
    const r = createRecorder([a, b]);
    expect(r.enabled).toBe(true);
    r.record(event);
    expect(a.events).toEqual([event]);
    expect(b.ofType("registration")).toHaveLength(1);
    expect(b.ofType("execution")).toHaveLength(0);
  });

  it("survives a failing sink", () => {
    const good = new InMemorySink();
    const r = createRecorder([
      {
        write: () => {
          throw new Error("sink down");
        },
      },
      good,
    ]);
    expect(() => r.record(event)).not.toThrow();
    expect(good.events).toHaveLength(1);
  });

  it("is disabled without sinks", () => {
    expect(noopRecorder.enabled).toBe(false);
    expect(() => noopRecorder.record(event)).not.toThrow();
  });
});
