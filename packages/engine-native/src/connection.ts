import { createHash } from "node:crypto";
import { compileSubstrait, planToJson, SubstraitUnsupportedError } from "@ibex/compiler-substrait";
import type {
  ColumnLineage,
  DiagnosticEvent,
  DiagnosticEventInit,
  DiagnosticsRecorder,
  OperatorMetrics,
  PlanDiff,
} from "@ibex/diagnostics";
import { lineage as lineageOf, noopRecorder, diff as planDiff } from "@ibex/diagnostics";
import type { Backend, ExecuteOptions, ExplainOptions, Lane, SchemaShape, ShapeOfArrow, Table } from "@ibex/dsl";
import { memtable, schemaFromArrow, TableImpl, table } from "@ibex/dsl";
import type { DataType, RelationNode, Schema } from "@ibex/ir";
import {
  dataType,
  IbexArgumentError,
  IbexError,
  IbexTypeError,
  printTree,
  sameTypeIgnoringNullability,
  schema,
  schemaToString,
  toJson,
} from "@ibex/ir";
import * as arrow from "apache-arrow";
import { IbexEngineError } from "./engine-error.js";
import type { CsvReadOptions, FileFormat, LoweredPlan, ReadOptions, WriteOptions } from "./io/io-adapter.js";
import { IOAdapter } from "./io/io-adapter.js";
import { memtablesOf } from "./memtables.js";
import type { NativeSession } from "./native/binding.js";
import { loadBinding } from "./native/binding.js";
import { chunkBytes, lentBatches } from "./transfer/lent-batches.js";

let fileCounter = 0;

/** Rejects with IBEX_CANCELLED once `signal` has aborted. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw IbexEngineError.of(
      "IBEX_CANCELLED",
      `the query was cancelled${signal.reason === undefined ? "" : `: ${String(signal.reason)}`}`,
    );
  }
}

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** Where diagnostics go (default: nowhere). */
  readonly diagnostics?: DiagnosticsRecorder;
  /** Parallelism of query plans (default: number of cores). */
  readonly targetPartitions?: number;
  /** Rows per batch inside the engine (default 8192). */
  readonly batchSize?: number;
  /**
   * Bytes the engine may hold for query state (sorts, joins, aggregations).
   * A query that needs more fails with `IBEX_RESOURCES_EXHAUSTED`; the
   * session stays usable. Default: no limit.
   */
  readonly memoryLimit?: number;
}

/** Substrait-lane failures that `lane: "auto"` answers by running the DataFrame lane. */
// A plan error here is the engine's, not the user's: bad names and types
// already fail when the IR is built.
const FALLBACK_CODES = new Set(["IBEX_SUBSTRAIT_REJECTED", "IBEX_INTERNAL_ERROR", "IBEX_PLAN_ERROR"]);

/** A query given to the connection: a DSL table (anything with an IR `node`) or an IR relation. */
export type Query = { readonly node: RelationNode } | RelationNode;

// instanceof, not `"node" in q`: a table's columns are properties too.
const nodeOf = (q: Query): RelationNode => (q instanceof TableImpl ? q.node : (q as RelationNode));

/** The result of compiling a query for a lane (for debugging and tests). */
export type CompiledQuery =
  | { readonly lane: "substrait"; readonly bytes: Uint8Array }
  | { readonly lane: "dataframe"; readonly json: string };

/** What `analyze()` reports: the query ran in the engine, its rows stayed there. */
export interface QueryAnalysis {
  readonly lane: Lane;
  /** Every operator of the physical plan, root first, with DataFusion's metrics. */
  readonly operators: readonly OperatorMetrics[];
  readonly rows: number;
  /** Engine wall time from receiving the plan to the last row, in ms. */
  readonly engineMs: number;
}

/**
 * A connection to an embedded DataFusion session. Implements the DSL's
 * `Backend`: tables it makes run here on `execute()`.
 *
 * @example
 * ```ts
 * const con = await connect();
 * const t = con.memtable(arrowTable);
 * const out = await t.filter(t.x.gt(1)).execute();
 * ```
 */
export class Connection implements Backend {
  readonly #session: NativeSession;
  readonly #diagnostics: DiagnosticsRecorder;
  /** Every registration, deregistration and write goes through here. */
  readonly #io: IOAdapter;
  /** Memtables registered in this session, by name (pending or done). */
  readonly #registered = new Map<string, Promise<void>>();
  /** Drops a memtable's registration once its data is garbage collected. */
  readonly #finalizer = new FinalizationRegistry<string>((name) => {
    this.#registered.delete(name);
    this.#io.deregister(name).catch(() => undefined);
  });

  /** @internal use {@link connect}. */
  constructor(session: NativeSession, diagnostics: DiagnosticsRecorder) {
    this.#session = session;
    this.#diagnostics = diagnostics;
    this.#io = new IOAdapter(session, (event) => this.#record(event));
  }

  /**
   * A table registered in the session, with its schema read from the engine's catalog.
   *
   * @example
   * ```ts
   * await con.createTable("orders", arrowTable);
   * const orders = await con.table("orders");
   * ```
   */
  async table<S extends SchemaShape = SchemaShape>(name: string): Promise<Table<S>> {
    const ipc = await this.#call(() => this.#session.tableSchema(name));
    return table<S>(name, schemaFromArrow(arrow.tableFromIPC(ipc).schema, "table"), this);
  }

  /** In-memory Arrow data as a table bound to this connection (registered on first use). */
  memtable<T extends arrow.TypeMap>(
    data: arrow.Table<T>,
    options: { readonly name?: string } = {},
  ): Table<ShapeOfArrow<T>> {
    return memtable(data, { ...options, backend: this });
  }

  /**
   * Registers Arrow data under `name` (replacing any table of that name) and
   * returns it as a table: an apache-arrow Table, a RecordBatch, or batches
   * (all of one schema), e.g. collected from another query's `toBatches()`.
   */
  async createTable<T extends arrow.TypeMap>(
    name: string,
    data: arrow.Table<T> | arrow.RecordBatch<T> | readonly arrow.RecordBatch<T>[],
  ): Promise<Table<ShapeOfArrow<T>>> {
    // Record batches (one or many, as from a stream) register as one table.
    const whole =
      data instanceof arrow.Table ? data : new arrow.Table(data instanceof arrow.RecordBatch ? [data] : [...data]);
    await this.#io.registerArrow(name, whole);
    return table(name, schemaFromArrow(whole.schema, "createTable"), this);
  }

  /**
   * Generates the eight TPC-H tables at `scaleFactor` inside the engine (the
   * `tpchgen` crates: no files, no network) and registers them under their
   * standard names. Decimals arrive as float64, integers as int64.
   *
   * @example
   * ```ts
   * await con.registerTpch(0.01);
   * const lineitem = await con.table("lineitem");
   * ```
   */
  registerTpch(scaleFactor: number): Promise<readonly string[]> {
    return this.#io.registerTpch(scaleFactor);
  }

  /**
   * The integers `start, start + step, ...` up to, not including, `stop`
   * (like Python's `range`; a negative step counts down), as a table with one
   * non-null int64 column `value`. It is the Rust table function
   * `ibex_range_table`, registered in the session: rows are generated in the
   * engine, batch by batch, on both lanes.
   *
   * @example
   * ```ts
   * const r = await con.rangeTable(0, 10, 3); // value: 0, 3, 6, 9
   * await r.filter(r.value.gt(2)).execute();
   * ```
   */
  async rangeTable(
    start: number | bigint,
    stop: number | bigint,
    step: number | bigint = 1,
    options: { readonly name?: string } = {},
  ): Promise<Table<{ value: "int64" }>> {
    const ints = { start, stop, step };
    for (const [what, v] of Object.entries(ints)) {
      if (typeof v === "number" && !Number.isSafeInteger(v))
        throw new IbexArgumentError("rangeTable", what, `must be an integer, got ${v}`);
    }
    if (BigInt(step) === 0n) throw new IbexArgumentError("rangeTable", "step", "must not be 0");
    const name =
      options.name ?? `ibex_range_${(++fileCounter).toString(36)}_${globalThis.crypto.randomUUID().slice(0, 8)}`;
    await this.#io.registerRange(name, BigInt(start), BigInt(stop), BigInt(step));
    return table<{ value: "int64" }>(name, schema([{ name: "value", type: dataType("int64", false) }]), this);
  }

  /** Removes a table; resolves to whether it existed. */
  async dropTable(name: string): Promise<boolean> {
    this.#registered.delete(name);
    return this.#io.deregister(name);
  }

  /** Names of the tables registered in the session. */
  listTables(): readonly string[] {
    return this.#session.tableNames();
  }

  /**
   * Runs a query and returns its rows as an apache-arrow Table.
   * `lane` picks the lowering (default `"substrait"`).
   */
  async execute(query: Query, options: ExecuteOptions = {}): Promise<arrow.Table> {
    // The result crosses as a stream of IPC chunks (never one giant buffer),
    // which also lets a signal stop the query between chunks.
    return this.#collect(query, options);
  }

  /**
   * Runs a query and yields its result batch by batch. Each batch is produced
   * when asked for (backpressure: DataFusion computes the next one only when
   * the consumer pulls), and crosses from Rust as one Arrow IPC message read
   * in place. Leaving the loop early, or aborting `signal`, stops the query
   * and frees its resources.
   *
   * @example
   * ```ts
   * for await (const batch of con.stream(lineitem)) rows += batch.numRows;
   * ```
   */
  stream(query: Query, options: ExecuteOptions = {}): AsyncGenerator<arrow.RecordBatch, void, undefined> {
    return this.#stream(query, options);
  }

  async *#stream(
    query: Query,
    options: ExecuteOptions,
    onSchema?: (schema: arrow.Schema) => void,
  ): AsyncGenerator<arrow.RecordBatch, void, undefined> {
    const node = nodeOf(query);
    const { signal } = options;
    throwIfAborted(signal);
    await this.#registerMemtables(node);
    const started = performance.now();
    const {
      value: native,
      plan,
      compileMs,
    } = await this.#onLane(node, options.lane ?? "auto", (p) =>
      p.lane === "substrait" ? this.#session.streamSubstrait(p.bytes) : this.#session.streamIr(p.json),
    );
    const opened = performance.now();
    const schema = arrow.tableFromIPC(native.schema()).schema;
    onSchema?.(schema);
    const close = () => {
      native.close().catch(() => undefined);
    };
    signal?.addEventListener("abort", close, { once: true });
    let rows = 0;
    let batches = 0;
    let bytes = 0;
    try {
      for (;;) {
        throwIfAborted(signal);
        const chunk = await this.#call(() => native.next());
        throwIfAborted(signal);
        if (chunk === null) break;
        const chunkBatches = "ipc" in chunk ? arrow.RecordBatchReader.from(chunk.ipc) : lentBatches(schema, chunk);
        bytes += chunkBytes(chunk);
        for (const batch of chunkBatches) {
          // A chunk holds several batches: an abort stops between them too.
          throwIfAborted(signal);
          rows += batch.numRows;
          batches += 1;
          yield batch;
        }
      }
      // Reading the metrics walks the plan once; only worth it when someone listens.
      const operators = this.#diagnostics.enabled ? (JSON.parse(native.metrics()) as OperatorMetrics[]) : [];
      this.#record({
        type: "execution",
        lane: plan.lane,
        queryHash: node.hash,
        compileMs,
        planBytes: plan.lane === "substrait" ? plan.bytes.byteLength : Buffer.byteLength(plan.json),
        // planning, up to the first batch being ready to pull
        planMs: opened - started - compileMs,
        executeMs: performance.now() - opened,
        totalMs: performance.now() - started,
        rows,
        batches,
        resultBytes: bytes,
        operators,
      });
    } finally {
      signal?.removeEventListener("abort", close);
      await native.close();
    }
  }

  /** Collects a stream into one table (execute with a signal). */
  async #collect(query: Query, options: ExecuteOptions): Promise<arrow.Table> {
    const batches: arrow.RecordBatch[] = [];
    let schema = new arrow.Schema([]);
    for await (const batch of this.#stream(query, options, (s) => {
      schema = s;
    })) {
      batches.push(batch);
    }
    return batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(schema);
  }

  /**
   * Runs a query in the engine and writes its rows to `path` as Parquet, CSV
   * or newline-delimited JSON; the data never passes through JS. Resolves to
   * the number of rows written.
   *
   * @example
   * ```ts
   * await con.write(t.filter(t.x.gt(0)), "/tmp/out", "parquet", { partitionBy: ["region"] });
   * ```
   */
  async write(
    query: Query,
    path: string,
    format: FileFormat,
    options: WriteOptions & ExecuteOptions = {},
  ): Promise<number> {
    const node = nodeOf(query);
    await this.#registerMemtables(node);
    const { value } = await this.#onLane(node, options.lane ?? "auto", (plan) =>
      this.#io.write(plan, node.hash, path, format, options),
    );
    return value;
  }

  /**
   * Reads Parquet files (a file, or a directory with optional Hive partitions)
   * as a table; the schema comes from the files.
   *
   * @example
   * ```ts
   * const sales = await con.readParquet("data/sales", {
   *   partitionCols: [{ name: "year", type: dt.int32() }],
   *   fileSortOrder: ["day"],
   * });
   * ```
   */
  readParquet(path: string, options: ReadOptions = {}): Promise<Table> {
    return this.#readFiles(path, "parquet", options);
  }

  /** Reads CSV files (a file or a directory) as a table. */
  readCsv(path: string, options: CsvReadOptions = {}): Promise<Table> {
    return this.#readFiles(path, "csv", options);
  }

  /** Reads newline-delimited JSON files (a file or a directory) as a table. */
  readJson(path: string, options: ReadOptions = {}): Promise<Table> {
    return this.#readFiles(path, "json", options);
  }

  async #readFiles(path: string, format: FileFormat, options: CsvReadOptions): Promise<Table> {
    const name =
      options.name ?? `ibex_${format}_${(++fileCounter).toString(36)}_${globalThis.crypto.randomUUID().slice(0, 8)}`;
    const schema = await this.#io.registerFiles(name, path, format, options);
    return table(
      name,
      schemaFromArrow(schema, `read${format === "json" ? "Json" : format === "csv" ? "Csv" : "Parquet"}`),
      this,
    );
  }

  /**
   * Lowers a query for the requested lane and runs `run` on it. With
   * `"auto"`, a construct the Substrait compiler declines, or a plan
   * DataFusion's consumer rejects, runs on the DataFrame lane instead,
   * recorded as a `lane-fallback` event.
   */
  async #onLane<T>(
    node: RelationNode,
    requested: Lane | "auto",
    run: (plan: LoweredPlan) => Promise<T>,
  ): Promise<{ value: T; plan: LoweredPlan; compileMs: number }> {
    const started = performance.now();
    let lane: Lane = requested === "auto" ? "substrait" : requested;
    let plan: LoweredPlan;
    try {
      plan = this.#lower(node, lane);
    } catch (err) {
      if (requested !== "auto" || !(err instanceof SubstraitUnsupportedError)) throw err;
      this.#record({ type: "lane-fallback", queryHash: node.hash, construct: err.construct, reason: err.message });
      lane = "dataframe";
      plan = this.#lower(node, lane);
    }
    const compileMs = performance.now() - started;
    try {
      return { value: await run(plan), plan, compileMs };
    } catch (err) {
      let e = IbexEngineError.fromNative(err);
      if (requested === "auto" && lane === "substrait" && FALLBACK_CODES.has(e.code)) {
        // DataFusion's consumer refused the plan, or planning it hit an
        // internal DataFusion error: same query, the other lowering. These
        // fail while planning, before any row is read or written.
        this.#record({
          type: "lane-fallback",
          queryHash: node.hash,
          construct: e.code === "IBEX_SUBSTRAIT_REJECTED" ? "plan" : "datafusion-planning",
          reason: e.message,
        });
        plan = this.#lower(node, "dataframe");
        try {
          return { value: await run(plan), plan, compileMs };
        } catch (err2) {
          e = IbexEngineError.fromNative(err2);
          this.#record({ type: "error", lane: "dataframe", code: e.code, message: e.message });
          throw e;
        }
      }
      this.#record({ type: "error", lane, code: e.code, message: e.message });
      throw e;
    }
  }

  /** Lowers a query for a lane without running it. */
  compile(query: Query, lane: Lane = "substrait"): CompiledQuery {
    const node = nodeOf(query);
    return lane === "substrait"
      ? { lane, bytes: compileSubstrait(node).bytes }
      : { lane, json: JSON.stringify(toJson(node)) };
  }

  /** Lowers a query for a lane, recording a `compile` event (and artifacts, when asked). */
  #lower(node: RelationNode, lane: Lane): CompiledQuery {
    if (!this.#diagnostics.enabled) return this.compile(node, lane);
    const started = performance.now();
    const substrait = lane === "substrait" ? compileSubstrait(node) : undefined;
    const plan: CompiledQuery =
      substrait !== undefined
        ? { lane: "substrait", bytes: substrait.bytes }
        : { lane: "dataframe", json: JSON.stringify(toJson(node)) };
    const durationMs = performance.now() - started;
    const payload = plan.lane === "substrait" ? plan.bytes : Buffer.from(plan.json);
    this.#record({
      type: "compile",
      lane,
      queryHash: node.hash,
      durationMs,
      planHash: createHash("sha256").update(payload).digest("hex").slice(0, 16),
      planBytes: payload.byteLength,
    });
    if (this.#diagnostics.artifacts) {
      const irJson = plan.lane === "dataframe" ? plan.json : JSON.stringify(toJson(node));
      this.#record({ type: "artifact", kind: "ir-json", queryHash: node.hash, content: irJson });
      if (substrait !== undefined) {
        const content = JSON.stringify(planToJson(substrait.plan));
        this.#record({ type: "artifact", kind: "substrait-plan", queryHash: node.hash, content });
      }
    }
    return plan;
  }

  /**
   * Debugging: the query's Substrait plan as JSON, decoded by the engine from
   * the bytes TS produced (proves both sides read the same plan).
   */
  substraitJson(query: Query): string {
    const { bytes } = compileSubstrait(nodeOf(query));
    try {
      return this.#session.substraitToJson(bytes);
    } catch (err) {
      throw IbexEngineError.fromNative(err);
    }
  }

  /**
   * Runs a query to the end inside the engine, discarding its rows there,
   * and reports DataFusion's metrics for every operator, the row count, and
   * the engine's own wall time from receiving the plan to the last row: the
   * floor under any `execute()` of the same query. Records an
   * `operator-metrics` event.
   *
   * @example
   * ```ts
   * const { rows, engineMs, operators } = await con.analyze(q);
   * ```
   */
  async analyze(query: Query, options: { readonly lane?: Lane | "auto" } = {}): Promise<QueryAnalysis> {
    const node = nodeOf(query);
    await this.#registerMemtables(node);
    const { value, plan } = await this.#onLane(node, options.lane ?? "auto", (p) =>
      p.lane === "substrait" ? this.#session.analyzeSubstrait(p.bytes) : this.#session.analyzeIr(p.json),
    );
    const raw = JSON.parse(value) as { operators: OperatorMetrics[]; rows: number; elapsed_ms: number };
    this.#record({ type: "operator-metrics", lane: plan.lane, queryHash: node.hash, operators: raw.operators });
    return { lane: plan.lane, operators: raw.operators, rows: raw.rows, engineMs: raw.elapsed_ms };
  }

  /**
   * How a query is planned, as text: the IR tree, the Substrait plan (when
   * the Substrait lane takes it), and DataFusion's optimized logical and
   * physical plans. `physical: true` shows only the physical plan;
   * `analyze: true` runs the query (its rows are discarded in the engine),
   * shows the physical plan with every operator's metrics and records an
   * `operator-metrics` event.
   *
   * @example
   * ```ts
   * console.log(await con.explain(q));
   * console.log(await con.explain(q, { analyze: true }));
   * ```
   */
  async explain(query: Query, options: ExplainOptions = {}): Promise<string> {
    const node = nodeOf(query);
    await this.#registerMemtables(node);
    if (options.analyze === true) {
      const analysis = await this.analyze(node, options.lane === undefined ? {} : { lane: options.lane });
      const rows = analysis.operators.map(
        (o) =>
          `${"  ".repeat(o.depth)}${o.operator}\n${"  ".repeat(o.depth)}  metrics: ${Object.entries(o.metrics)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")}`,
      );
      return `== DataFusion physical plan with metrics (${analysis.lane} lane) ==\n${rows.join("\n")}`;
    }
    const { value: plans, plan } = await this.#onLane(node, options.lane ?? "auto", async (p) =>
      p.lane === "substrait"
        ? {
            logical: await this.#session.explainSubstrait(p.bytes),
            physical: await this.#session.explainPhysicalSubstrait(p.bytes),
          }
        : { logical: await this.#session.explainIr(p.json), physical: undefined },
    );
    if (options.physical === true) {
      if (plans.physical === undefined) {
        throw IbexEngineError.of(
          "IBEX_NOT_IMPLEMENTED",
          "explain: the physical plan is shown for the Substrait lane only",
        );
      }
      return plans.physical;
    }
    const sections = [
      ["IR", printTree(node)],
      ...(plan.lane === "substrait"
        ? [["Substrait plan", JSON.stringify(planToJson(compileSubstrait(node).plan), null, 1)] as const]
        : []),
      ["DataFusion logical plan", plans.logical],
      ...(plans.physical === undefined ? [] : [["DataFusion physical plan", plans.physical] as const]),
    ];
    return sections.map(([title, body]) => `== ${title} (${plan.lane} lane) ==\n${body.trimEnd()}`).join("\n\n");
  }

  /**
   * Debugging only: the query as SQL text (DataFusion's unparser, on the lane
   * the query runs on), for reading. It is never run; each use is recorded
   * as a `debug-sql` diagnostic. Refuses without `{ debug: true }`.
   *
   * @example
   * ```ts
   * console.log(await con.toSql(q, { debug: true }));
   * ```
   */
  async toSql(query: Query, options: { readonly debug: true }): Promise<string> {
    if (options?.debug !== true) {
      throw new IbexArgumentError("toSql", "options", "is for debugging only: pass { debug: true }");
    }
    const node = nodeOf(query);
    await this.#registerMemtables(node);
    const { value: sql } = await this.#onLane(node, "auto", (p) =>
      p.lane === "substrait" ? this.#session.debugSqlOfSubstrait(p.bytes) : this.#session.debugSqlOfIr(p.json),
    );
    this.#record({ type: "debug-sql", use: "show", sql });
    return sql;
  }

  /**
   * Debugging only: runs SQL text once in the engine and registers its rows
   * as a table, for seeding data by hand. Refuses unless `debugOnly: true`
   * and the expected `schema` are given; fails if the result's columns or
   * types differ from it. Each use is recorded as a `debug-sql` diagnostic.
   * Nothing else in Ibex accepts SQL.
   *
   * @example
   * ```ts
   * const seeded = await con.sqlDebug(seedSql, { debugOnly: true, schema: schema([{ name: "x", type: dt.int64() }]) });
   * ```
   */
  async sqlDebug<S extends SchemaShape = SchemaShape>(
    sql: string,
    options: { readonly debugOnly: true; readonly schema: Schema; readonly name?: string },
  ): Promise<Table<S>> {
    if (options?.debugOnly !== true) {
      throw new IbexArgumentError("sqlDebug", "options.debugOnly", "must be true: SQL is accepted for debugging only");
    }
    if (options.schema === undefined) {
      throw new IbexArgumentError("sqlDebug", "options.schema", "is required: declare the columns the SQL returns");
    }
    const name =
      options.name ?? `ibex_sql_${(++fileCounter).toString(36)}_${globalThis.crypto.randomUUID().slice(0, 8)}`;
    this.#record({ type: "debug-sql", use: "ingest", sql });
    const ipc = await this.#call(() => this.#session.debugSqlIngest(name, sql));
    const got = schemaFromArrow(arrow.tableFromIPC(ipc).schema, "sqlDebug");
    const want = options.schema;
    const same =
      got.names.length === want.names.length &&
      got.fields.every(
        (f, i) => f.name === want.names[i] && sameTypeIgnoringNullability(f.type, want.fields[i]?.type as DataType),
      );
    if (!same) {
      await this.#io.deregister(name);
      throw new IbexTypeError(
        "sqlDebug",
        "options.schema",
        `declares ${schemaToString(want)}, but the SQL returns ${schemaToString(got)}`,
      );
    }
    return table<S>(name, got, this);
  }

  /**
   * Column lineage of a query (see `lineage` in `@ibex/diagnostics`),
   * recorded as a `lineage` artifact when the recorder asks for artifacts.
   *
   * @example
   * ```ts
   * const [total] = con.lineage(t.aggregate({ total: t.qty.sum() }));
   * ```
   */
  lineage(query: Query): readonly ColumnLineage[] {
    const node = nodeOf(query);
    const result = lineageOf(node);
    if (this.#diagnostics.artifacts) {
      this.#record({ type: "artifact", kind: "lineage", queryHash: node.hash, content: JSON.stringify(result) });
    }
    return result;
  }

  /**
   * A semantic diff of two queries (see `diff` in `@ibex/diagnostics`),
   * recorded as a `diff` artifact (under the new query's hash) when the
   * recorder asks for artifacts.
   */
  diff(before: Query, after: Query): PlanDiff {
    const [a, b] = [nodeOf(before), nodeOf(after)];
    const result = planDiff(a, b);
    if (this.#diagnostics.artifacts) {
      this.#record({ type: "artifact", kind: "diff", queryHash: b.hash, content: JSON.stringify(result) });
    }
    return result;
  }

  async #registerMemtables(node: RelationNode): Promise<void> {
    await Promise.all(
      memtablesOf(node).map((m) => {
        let pending = this.#registered.get(m.name);
        if (pending === undefined) {
          if (!(m.data instanceof arrow.Table)) {
            throw new IbexError(
              "IBEX_INVALID_ARGUMENT",
              `execute: memtable "${m.name}" has no Arrow data (was it read back from JSON?)`,
            );
          }
          pending = this.#io.registerArrow(m.name, m.data);
          this.#registered.set(m.name, pending);
          this.#finalizer.register(m.data, m.name);
          pending.catch(() => this.#registered.delete(m.name));
        }
        return pending;
      }),
    );
  }

  async #call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw IbexEngineError.fromNative(err);
    }
  }

  #record(event: DiagnosticEventInit): void {
    if (this.#diagnostics.enabled) this.#diagnostics.record({ ...event, at: Date.now() } as DiagnosticEvent);
  }
}

/**
 * Opens an embedded DataFusion session.
 *
 * @example
 * ```ts
 * import { connect } from "@ibex/engine-native";
 * const con = await connect();
 * ```
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const { Session, requiredFunctions } = loadBinding();
  const diagnostics = options.diagnostics ?? noopRecorder;
  const record = (event: DiagnosticEventInit) => {
    if (diagnostics.enabled) diagnostics.record({ ...event, at: Date.now() } as DiagnosticEvent);
  };
  let session: NativeSession;
  try {
    // The engine checks that every function Ibex lowers to is registered,
    // and refuses to start, naming all the missing ones, when any is not.
    session = new Session({
      ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
      ...(options.targetPartitions === undefined ? {} : { targetPartitions: options.targetPartitions }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
  } catch (err) {
    const e = IbexEngineError.fromNative(err);
    const listed = /lowers to: (.*)$/.exec(e.message)?.[1];
    record({
      type: "required-functions",
      checked: requiredFunctions().length,
      missing: listed?.split(", ") ?? [e.message],
    });
    throw e;
  }
  record({ type: "required-functions", checked: session.requiredFunctionCount(), missing: [] });
  return new Connection(session, diagnostics);
}
