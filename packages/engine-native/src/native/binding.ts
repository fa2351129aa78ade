import { createRequire } from "node:module";

/** Options of the Rust `Session` constructor (`native/src/session.rs`). */
export interface NativeSessionOptions {
  targetPartitions?: number;
  batchSize?: number;
  memoryLimit?: number;
}

/**
 * One chunk of a result (`native/src/transfer/mod.rs`): batches laid out over
 * `buffers` (an arena of copied small pieces, then regions of engine memory
 * lent to JS), `pieces` placing each buffer as `[buffer, byteOffset,
 * byteLength]`; or an Arrow IPC stream for types that cannot be lent.
 */
export type NativeChunk =
  | {
      readonly layout: Float64Array;
      readonly pieces: Float64Array;
      readonly buffers: readonly ArrayBuffer[];
    }
  | { readonly ipc: Buffer };

/** A running query's result, pulled batch by batch (`native/src/stream.rs`). */
export interface NativeResultStream {
  schema(): Buffer;
  /** The next chunk of batches, or null at the end. */
  next(): Promise<NativeChunk | null>;
  /** DataFusion's per-operator metrics so far, as JSON (complete once exhausted). */
  metrics(): string;
  /** Stops the query and frees its resources. */
  close(): Promise<void>;
}

/** A result from the Rust side: Arrow IPC bytes plus figures. */
export interface NativeExecutionResult {
  ipc: Buffer;
  rows: number;
  batches: number;
  planMillis: number;
  executeMillis: number;
}

/** How to read files (`native/src/io.rs`). */
export interface NativeFileSourceOptions {
  format: "parquet" | "csv" | "json";
  fileExtension?: string;
  partitionCols?: { name: string; typeJson: string }[];
  fileSortOrder?: { name: string; descending?: boolean; nullsFirst?: boolean }[];
  hasHeader?: boolean;
  delimiter?: string;
}

/** How to write a result (`native/src/io.rs`). */
export interface NativeWriteOptions {
  format: "parquet" | "csv" | "json";
  partitionBy?: string[];
  singleFile?: boolean;
}

/** A write running in the engine (`native/src/write_job.rs`). */
export interface NativeWriteJob {
  rowsWritten(): number;
  done(): Promise<number>;
  cancel(): void;
}

/** The Rust `Session` class as JS sees it. */
export interface NativeSession {
  /** An Arrow IPC stream in pieces (read in place, in order, not joined). */
  registerIpc(name: string, ipcChunks: readonly Uint8Array[]): Promise<void>;
  registerFiles(name: string, path: string, options: NativeFileSourceOptions): Promise<Buffer>;
  startWriteSubstrait(plan: Uint8Array, path: string, options: NativeWriteOptions): NativeWriteJob;
  startWriteIr(irJson: string, path: string, options: NativeWriteOptions): NativeWriteJob;
  streamSubstrait(plan: Uint8Array): Promise<NativeResultStream>;
  streamIr(irJson: string): Promise<NativeResultStream>;
  registerTpch(scaleFactor: number): Promise<string[]>;
  registerRange(name: string, start: bigint, stop: bigint, step: bigint): Promise<number>;
  deregister(name: string): Promise<boolean>;
  tableNames(): string[];
  requiredFunctionCount(): number;
  tableSchema(name: string): Promise<Buffer>;
  executeSubstrait(plan: Uint8Array): Promise<NativeExecutionResult>;
  executeIr(irJson: string): Promise<NativeExecutionResult>;
  substraitToJson(plan: Uint8Array): string;
  explainSubstrait(plan: Uint8Array): Promise<string>;
  explainIr(irJson: string): Promise<string>;
  debugSqlOfSubstrait(plan: Uint8Array): Promise<string>;
  debugSqlOfIr(irJson: string): Promise<string>;
  debugSqlIngest(name: string, sql: string): Promise<Buffer>;
  analyzeSubstrait(plan: Uint8Array): Promise<string>;
  analyzeIr(irJson: string): Promise<string>;
  explainPhysicalSubstrait(plan: Uint8Array): Promise<string>;
}

/** The addon's exports. Kept in step with the Rust `#[napi]` items by a test. */
export interface NativeBinding {
  Session: new (options?: NativeSessionOptions) => NativeSession;
  debugPanic(message: string): Promise<void>;
  requiredFunctions(): string[];
  engineVersions(): { datafusion: string; irJson: number };
}

let cached: NativeBinding | undefined;

/**
 * Loads the addon built by `scripts/build-native.mjs` (once). The path is
 * the same from `src/native` (tests) and `dist/native` (built package).
 */
export function loadBinding(): NativeBinding {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    try {
      cached = require("../../native/ibex_engine.node") as NativeBinding;
    } catch (err) {
      throw new Error(
        `@ibex/engine-native: the native addon is not built (${(err as Error).message}); run the setup command from README.md`,
      );
    }
  }
  return cached;
}
