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
