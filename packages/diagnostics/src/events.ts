/** Which lowering ran a query. */
export type Lane = "substrait" | "dataframe";

interface EventBase {
  /** Milliseconds since the epoch when the event was recorded. */
  readonly at: number;
}

/** A query ran: its lane and what it cost. */
export interface ExecutionEvent extends EventBase {
  readonly type: "execution";
  readonly lane: Lane;
  /** Structural hash of the query's IR. */
  readonly queryHash: string;
  /** Time to lower the IR for the lane (TS side), in ms. */
  readonly compileMs: number;
  /** Size of what crossed into Rust: Substrait bytes or IR JSON bytes. */
  readonly planBytes: number;
  /** Time for DataFusion to plan the query, in ms. */
  readonly planMs: number;
  /** Time to execute and encode the result in Rust, in ms. */
  readonly executeMs: number;
  /** Wall time from the call to the decoded Arrow table, in ms. */
  readonly totalMs: number;
  readonly rows: number;
  readonly batches: number;
  /** Size of the Arrow IPC result. */
  readonly resultBytes: number;
  /**
   * DataFusion's metrics for every operator of the physical plan that ran,
   * root first (collected only when a sink listens; the engine keeps them anyway).
   */
  readonly operators: readonly OperatorMetrics[];
}

/** A query was lowered for a lane (TS side), before it crossed into Rust. */
export interface CompileEvent extends EventBase {
  readonly type: "compile";
  readonly lane: Lane;
  readonly queryHash: string;
  /** Time to lower the IR, in ms. */
  readonly durationMs: number;
  /** SHA-256 (first 16 hex digits) of what crosses into Rust: the plan bytes or the IR JSON. */
  readonly planHash: string;
  /** Size of that plan, in bytes. */
  readonly planBytes: number;
}

/** One operator of an executed physical plan, with DataFusion's metrics. */
export interface OperatorMetrics {
  /** The operator as DataFusion shows it, e.g. `FilterExec: a@0 > 1`. */
  readonly operator: string;
  /** Depth in the plan tree (0 = root). */
  readonly depth: number;
  /** DataFusion's metrics for it (`output_rows`, `elapsed_compute`, ...), summed over partitions. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** A query was run for its metrics alone (`explain({ analyze: true })`); the rows stayed in Rust. */
export interface OperatorMetricsEvent extends EventBase {
  readonly type: "operator-metrics";
  readonly lane: Lane;
  readonly queryHash: string;
  readonly operators: readonly OperatorMetrics[];
}

/** SQL text was used, in debug tooling only (`toSql({ debug: true })`, `sqlDebug`). */
export interface DebugSqlEvent extends EventBase {
  readonly type: "debug-sql";
  readonly use: "show" | "ingest";
  readonly sql: string;
}

/** Something a query produced for review: its IR JSON, Substrait plan, lineage or a diff. */
export interface ArtifactEvent extends EventBase {
  readonly type: "artifact";
  readonly kind: "ir-json" | "substrait-plan" | "lineage" | "diff";
  readonly queryHash: string;
  /** The artifact as JSON text. */
  readonly content: string;
}

/** A table was registered with (or removed from) a session. */
export interface RegistrationEvent extends EventBase {
  readonly type: "registration";
  readonly action: "register" | "deregister";
  readonly table: string;
  readonly source: "arrow" | "tpch" | "range" | "parquet" | "csv" | "json";
  /** The file or directory a file source reads. */
  readonly path?: string;
  readonly rows?: number;
  readonly durationMs: number;
}

/** A query's result was written to files by the engine. */
export interface WriteEvent extends EventBase {
  readonly type: "write";
  readonly lane: Lane;
  readonly queryHash: string;
  readonly format: "parquet" | "csv" | "json";
  readonly path: string;
  readonly rows: number;
  readonly durationMs: number;
}

/** A new session checked that every function Ibex lowers to is registered. */
export interface RequiredFunctionsEvent extends EventBase {
  readonly type: "required-functions";
  /** How many functions were checked. */
  readonly checked: number;
  /** The missing ones (the session was not created when any are). */
  readonly missing: readonly string[];
}

/** A query meant for the Substrait lane ran on the DataFrame lane instead. */
export interface LaneFallbackEvent extends EventBase {
  readonly type: "lane-fallback";
  readonly queryHash: string;
  /** The construct the Substrait lane could not take (e.g. `"join"`, `"plan"`). */
  readonly construct: string;
  readonly reason: string;
}

/** A query failed. */
export interface ErrorEvent extends EventBase {
  readonly type: "error";
  readonly lane: Lane;
  readonly code: string;
  readonly message: string;
}

/** Every event the recorder carries. */
export type DiagnosticEvent =
  | CompileEvent
  | OperatorMetricsEvent
  | DebugSqlEvent
  | ArtifactEvent
  | ExecutionEvent
  | RegistrationEvent
  | WriteEvent
  | RequiredFunctionsEvent
  | LaneFallbackEvent
  | ErrorEvent;

/** The `type` tags of all events. */
export type DiagnosticEventType = DiagnosticEvent["type"];

/** An event before the recorder stamps it (`at` omitted), for each event type. */
export type DiagnosticEventInit = DiagnosticEvent extends infer E
  ? E extends DiagnosticEvent
    ? Omit<E, "at">
    : never
  : never;
