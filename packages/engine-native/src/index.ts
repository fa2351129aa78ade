/**
 * @packageDocumentation
 * Ibex's execution backend: Apache DataFusion embedded through a napi-rs
 * addon, reached through the Substrait lane or the DataFrame lane.
 */

export type { CompiledQuery, ConnectOptions, Query, QueryAnalysis } from "./connection.js";
export { Connection, connect } from "./connection.js";
export type { EngineErrorCode } from "./engine-error.js";
export {
  IbexCancelledError,
  IbexEngineError,
  IbexExecutionError,
  IbexInternalError,
  IbexInvalidPlanError,
  IbexIoError,
  IbexPlanningError,
  IbexResourcesExhaustedError,
} from "./engine-error.js";
export type { CsvReadOptions, FileFormat, ReadOptions, WriteOptions } from "./io/io-adapter.js";
export { IOAdapter } from "./io/io-adapter.js";
export type { NativeBinding } from "./native/binding.js";
export { loadBinding } from "./native/binding.js";
