/**
 * @packageDocumentation
 * One `DiagnosticsRecorder` for all of Ibex, its typed events and sinks.
 */
export * from "./events.js";
export * from "./recorder.js";
export { InMemorySink } from "./sinks/in-memory-sink.js";
