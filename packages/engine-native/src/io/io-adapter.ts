import type { DiagnosticEventInit } from "@ibex/diagnostics";
import type { DataType } from "@ibex/ir";
import { dataTypeToJson } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { IbexEngineError } from "../engine-error.js";
import type { NativeFileSourceOptions, NativeSession, NativeWriteOptions } from "../native/binding.js";

/** A file format the engine reads and writes. */
export type FileFormat = "parquet" | "csv" | "json";

/** Options shared by `readParquet`, `readCsv` and `readJson`. */
export interface ReadOptions {
  /** The table's name in the session (default: a unique generated name). */
  readonly name?: string;
  /**
   * Hive partition columns of a directory (`year=2024/month=1/…`), with their
   * types; they become columns of the table.
   */
  readonly partitionCols?: readonly { readonly name: string; readonly type: DataType }[];
  /**
   * The order every file's rows are already in: DataFusion uses it to skip
   * sorts (visible in the physical plan).
   */
  readonly fileSortOrder?: readonly (
    | string
    | { readonly name: string; readonly descending?: boolean; readonly nullsFirst?: boolean }
  )[];
  /** Only files with this extension are read (default `.parquet`, `.csv`, `.json`). */
  readonly fileExtension?: string;
}

/** CSV reading options. */
export interface CsvReadOptions extends ReadOptions {
  /** Whether the first line holds the column names (default true). */
  readonly hasHeader?: boolean;
  /** The field delimiter, one character (default `,`). */
  readonly delimiter?: string;
}

/** Options for writing a result to files. */
export interface WriteOptions {
  /** Columns to partition the output by: one Hive-style directory per value. */
  readonly partitionBy?: readonly string[];
  /** Write one file at the path (default: a directory of files). */
  readonly singleFile?: boolean;
  /** Called with the rows written so far while the write runs, and with the total at the end. */
  readonly onProgress?: (rowsWritten: number) => void;
  /** How often `onProgress` is called, in milliseconds (default 100). */
  readonly progressIntervalMs?: number;
  /** Cancels the write (IBEX_CANCELLED). */
  readonly signal?: AbortSignal;
}

/** A query lowered for one lane: what crosses into Rust. */
export type LoweredPlan =
  | { readonly lane: "substrait"; readonly bytes: Uint8Array }
  | { readonly lane: "dataframe"; readonly json: string };

/**
 * The one path for every registration, deregistration and write of a
 * session: Arrow data from JS, files and directories, TPC-H data, drops and
 * writes. Each is recorded as a diagnostic event. No SQL: tables are
 * registered through DataFusion's catalog API.
 */
export class IOAdapter {
  constructor(
    private readonly session: NativeSession,
    private readonly record: (event: DiagnosticEventInit) => void,
  ) {}

  /** Registers (or replaces) Arrow data under `name`. */
  async registerArrow(name: string, data: arrow.Table): Promise<void> {
    const started = performance.now();
    const chunks = await ipcChunks(data);
    await call(() => this.session.registerIpc(name, chunks));
    this.record({
      type: "registration",
      action: "register",
      table: name,
      source: "arrow",
      rows: data.numRows,
      durationMs: performance.now() - started,
    });
  }

  /** Registers (or replaces) a file or directory; resolves to the table's Arrow schema. */
  async registerFiles(name: string, path: string, format: FileFormat, options: CsvReadOptions): Promise<arrow.Schema> {
    const started = performance.now();
    const native: NativeFileSourceOptions = { format };
    if (options.fileExtension !== undefined) native.fileExtension = options.fileExtension;
    if (options.partitionCols !== undefined) {
      native.partitionCols = options.partitionCols.map((c) => ({
        name: c.name,
        typeJson: JSON.stringify(dataTypeToJson(c.type)),
      }));
    }
    if (options.fileSortOrder !== undefined) {
      native.fileSortOrder = options.fileSortOrder.map((k) => (typeof k === "string" ? { name: k } : { ...k }));
    }
    if (options.hasHeader !== undefined) native.hasHeader = options.hasHeader;
    if (options.delimiter !== undefined) native.delimiter = options.delimiter;
    const ipc = await call(() => this.session.registerFiles(name, path, native));
    this.record({
      type: "registration",
      action: "register",
      table: name,
      source: format,
      path,
      durationMs: performance.now() - started,
    });
    return arrow.tableFromIPC(ipc).schema;
  }

  /** Generates and registers the TPC-H tables inside the engine. */
  async registerTpch(scaleFactor: number): Promise<readonly string[]> {
    const started = performance.now();
    const names = await call(() => this.session.registerTpch(scaleFactor));
    for (const table of names) {
      this.record({
        type: "registration",
        action: "register",
        table,
        source: "tpch",
        durationMs: performance.now() - started,
      });
    }
    return names;
  }

  /** Registers the Rust table function `ibex_range_table(start, stop, step)` under `name`; resolves to its row count. */
  async registerRange(name: string, start: bigint, stop: bigint, step: bigint): Promise<number> {
    const started = performance.now();
    const rows = await call(() => this.session.registerRange(name, start, stop, step));
    this.record({
      type: "registration",
      action: "register",
      table: name,
      source: "range",
      rows,
      durationMs: performance.now() - started,
    });
    return rows;
  }

  /** Removes a table; resolves to whether it existed. */
  async deregister(name: string): Promise<boolean> {
    const started = performance.now();
    const existed = await call(() => this.session.deregister(name));
    this.record({
      type: "registration",
      action: "deregister",
      table: name,
      source: "arrow",
      durationMs: performance.now() - started,
    });
    return existed;
  }

  /** Runs a lowered query in the engine and writes its rows to `path`; resolves to the row count. */
  async write(
    plan: LoweredPlan,
    queryHash: string,
    path: string,
    format: FileFormat,
    options: WriteOptions,
  ): Promise<number> {
    const started = performance.now();
    const native: NativeWriteOptions = { format };
    if (options.partitionBy !== undefined) native.partitionBy = [...options.partitionBy];
    if (options.singleFile !== undefined) native.singleFile = options.singleFile;
    options.signal?.throwIfAborted();
    const job =
      plan.lane === "substrait"
        ? this.session.startWriteSubstrait(plan.bytes, path, native)
        : this.session.startWriteIr(plan.json, path, native);
    // Progress is polled from the engine's counter: no JS runs inside the write.
    const { onProgress } = options;
    const timer =
      onProgress === undefined
        ? undefined
        : setInterval(() => onProgress(job.rowsWritten()), options.progressIntervalMs ?? 100);
    const cancel = () => job.cancel();
    options.signal?.addEventListener("abort", cancel, { once: true });
    let rows: number;
    try {
      rows = await call(() => job.done());
    } catch (err) {
      const reason = options.signal?.reason;
      if (options.signal?.aborted && err instanceof IbexEngineError && err.code === "IBEX_CANCELLED") {
        throw IbexEngineError.of("IBEX_CANCELLED", `the write was cancelled: ${String(reason)}`);
      }
      throw err;
    } finally {
      if (timer !== undefined) clearInterval(timer);
      options.signal?.removeEventListener("abort", cancel);
    }
    onProgress?.(rows);
    this.record({
      type: "write",
      lane: plan.lane,
      queryHash,
      format,
      path,
      rows,
      durationMs: performance.now() - started,
    });
    return rows;
  }
}

async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw IbexEngineError.fromNative(err);
  }
}

/**
 * A table as the pieces of an Arrow IPC stream, as apache-arrow's stream
 * writer emits them: message metadata, and views of the table's own buffers.
 * `tableToIPC` would join them into one new buffer, a copy; the engine reads
 * the pieces in place, so its decode is the one copy the data takes.
 */
async function ipcChunks(data: arrow.Table): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of arrow.RecordBatchStreamWriter.writeAll(data)) chunks.push(chunk);
  return chunks;
}
