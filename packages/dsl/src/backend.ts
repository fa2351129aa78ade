import type { RelationNode } from "@ibex/ir";
import type * as arrow from "apache-arrow";

/** Which lowering runs a query. */
export type Lane = "substrait" | "dataframe";

/** Options for running a query. */
export interface ExecuteOptions {
  /**
   * `"auto"` (default): the Substrait lane whenever it can take the query,
   * else the DataFrame lane, recording a `lane-fallback` diagnostic.
   * `"substrait"`: IR -> Substrait -> DataFusion's consumer, no fallback.
   * `"dataframe"`: IR JSON -> DataFusion's DataFrame API, in Rust.
   */
  readonly lane?: Lane | "auto";
  /** Cancels the query (or stream): it stops, frees its resources and rejects with IBEX_CANCELLED. */
  readonly signal?: AbortSignal;
}

/**
 * What the DSL needs from an execution engine. `@ibex/engine-native`
 * implements it; a table bound to a backend runs there on `execute()`.
 */
export interface Backend {
  execute(query: RelationNode, options?: ExecuteOptions): Promise<arrow.Table>;
  /** Runs a query and yields its result batch by batch, produced on demand. */
  stream?(query: RelationNode, options?: ExecuteOptions): AsyncIterable<arrow.RecordBatch>;
  /** Runs a query and writes its rows to files in the engine; resolves to the row count. */
  write?(query: RelationNode, path: string, format: FileFormat, options?: FileWriteOptions): Promise<number>;
  /** Debugging only: the query as SQL text (never used to run it). */
  toSql?(query: RelationNode, options: { readonly debug: true }): Promise<string>;
  /** Shows how the backend plans (and with `analyze`, runs) a query. */
  explain?(query: RelationNode, options?: ExplainOptions): Promise<string>;
}

/** What `explain` shows. */
export interface ExplainOptions {
  /** Only DataFusion's physical plan (operators, partitioning, orderings). */
  readonly physical?: boolean;
  /** Run the query (rows discarded in the engine) and show each operator's metrics. */
  readonly analyze?: boolean;
  /** The lane to plan on (default: as `execute` would pick). */
  readonly lane?: Lane | "auto";
}

/** A file format a backend writes. */
export type FileFormat = "parquet" | "csv" | "json";

/** Options for writing a result to files. */
export interface FileWriteOptions extends ExecuteOptions {
  /** Columns to partition the output by: one Hive-style directory per value. */
  readonly partitionBy?: readonly string[];
  /** Write one file at the path (default: a directory of files). */
  readonly singleFile?: boolean;
  /**
   * Called with the rows written so far while the write runs (every
   * `progressIntervalMs`, default 100), and once with the total at the end.
   * It runs on the JS event loop, never inside the engine.
   */
  readonly onProgress?: (rowsWritten: number) => void;
  /** How often `onProgress` is called, in milliseconds (default 100). */
  readonly progressIntervalMs?: number;
}
