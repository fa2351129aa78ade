/**
 * @packageDocumentation
 * One `DiagnosticsRecorder` for all of Ibex, its typed events and sinks.
 */
export * from "./diff/plan-diff.js";
export * from "./diff/plan-tree.js";
export * from "./events.js";
export * from "./lineage/column-lineage.js";
export * from "./lineage/openlineage.js";
export * from "./recorder.js";
export { ConsoleSink, formatEvent } from "./sinks/console-sink.js";
export { InMemorySink } from "./sinks/in-memory-sink.js";
export { JsonLinesSink } from "./sinks/json-lines-sink.js";
export { OpenTelemetrySink } from "./sinks/open-telemetry-sink.js";
