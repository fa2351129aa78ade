import { compileSubstrait, SubstraitUnsupportedError } from "@ibex/compiler-substrait";
import type { DiagnosticEvent, DiagnosticEventInit, DiagnosticsRecorder } from "@ibex/diagnostics";
import { noopRecorder } from "@ibex/diagnostics";
import type { Backend, ExecuteOptions, Lane, SchemaShape, ShapeOfArrow, Table } from "@ibex/dsl";
import { memtable, schemaFromArrow, TableImpl, table } from "@ibex/dsl";
import type { RelationNode } from "@ibex/ir";
import { IbexError, toJson } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { IbexEngineError } from "./engine-error.js";
import { memtablesOf } from "./memtables.js";
import type { NativeExecutionResult, NativeSession } from "./native/binding.js";
import { loadBinding } from "./native/binding.js";

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** Where diagnostics go (default: nowhere). */
  readonly diagnostics?: DiagnosticsRecorder;
  /** Parallelism of query plans (default: number of cores). */
  readonly targetPartitions?: number;
  /** Rows per batch inside the engine (default 8192). */
  readonly batchSize?: number;
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
  /** Memtables registered in this session, by name (pending or done). */
  readonly #registered = new Map<string, Promise<void>>();
  /** Drops a memtable's registration once its data is garbage collected. */
  readonly #finalizer = new FinalizationRegistry<string>((name) => {
    this.#registered.delete(name);
    this.#session.deregister(name).catch(() => undefined);
  });

  /** @internal use {@link connect}. */
  constructor(session: NativeSession, diagnostics: DiagnosticsRecorder) {
    this.#session = session;
    this.#diagnostics = diagnostics;
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
   * returns it as a table.
   */
  async createTable<T extends arrow.TypeMap>(name: string, data: arrow.Table<T>): Promise<Table<ShapeOfArrow<T>>> {
    await this.#registerArrow(name, data);
    return table(name, schemaFromArrow(data.schema, "createTable"), this);
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
  async registerTpch(scaleFactor: number): Promise<readonly string[]> {
    const started = performance.now();
    const names = await this.#call(() => this.#session.registerTpch(scaleFactor));
    for (const name of names) {
      this.#record({
        type: "registration",
        action: "register",
        table: name,
        source: "tpch",
        durationMs: performance.now() - started,
      });
    }
    return names;
  }

  /** Removes a table; resolves to whether it existed. */
  async dropTable(name: string): Promise<boolean> {
    const started = performance.now();
    const existed = await this.#call(() => this.#session.deregister(name));
    this.#registered.delete(name);
    this.#record({
      type: "registration",
      action: "deregister",
      table: name,
      source: "arrow",
      durationMs: performance.now() - started,
    });
    return existed;
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
    const node = nodeOf(query);
    const requested = options.lane ?? "auto";
    const started = performance.now();
    await this.#registerMemtables(node);
    let lane: Lane = requested === "auto" ? "substrait" : requested;
    let compiled: CompiledQuery;
    try {
      compiled = this.compile(query, lane);
    } catch (err) {
      if (requested !== "auto" || !(err instanceof SubstraitUnsupportedError)) throw err;
      this.#record({ type: "lane-fallback", queryHash: node.hash, construct: err.construct, reason: err.message });
      lane = "dataframe";
      compiled = this.compile(query, lane);
    }
    const compileMs = performance.now() - started;
    let result: NativeExecutionResult;
    try {
      result = await this.#run(compiled);
    } catch (err) {
      let e = IbexEngineError.fromNative(err);
      if (requested === "auto" && lane === "substrait" && FALLBACK_CODES.has(e.code)) {
        // DataFusion's consumer refused the plan, or planning it hit an
        // internal DataFusion error: same query, the other lowering. Queries
        // are read-only, so running again is safe.
        this.#record({
          type: "lane-fallback",
          queryHash: node.hash,
          construct: e.code === "IBEX_SUBSTRAIT_REJECTED" ? "plan" : "datafusion-planning",
          reason: e.message,
        });
        lane = "dataframe";
        compiled = this.compile(query, lane);
        try {
          result = await this.#run(compiled);
        } catch (err2) {
          e = IbexEngineError.fromNative(err2);
          this.#record({ type: "error", lane, code: e.code, message: e.message });
          throw e;
        }
      } else {
        this.#record({ type: "error", lane, code: e.code, message: e.message });
        throw e;
      }
    }
    const out = arrow.tableFromIPC(result.ipc);
    this.#record({
      type: "execution",
      lane,
      queryHash: node.hash,
      compileMs,
      planBytes: compiled.lane === "substrait" ? compiled.bytes.byteLength : Buffer.byteLength(compiled.json),
      planMs: result.planMillis,
      executeMs: result.executeMillis,
      totalMs: performance.now() - started,
      rows: result.rows,
      batches: result.batches,
      resultBytes: result.ipc.byteLength,
    });
    return out;
  }

  #run(compiled: CompiledQuery): Promise<NativeExecutionResult> {
    return compiled.lane === "substrait"
      ? this.#session.executeSubstrait(compiled.bytes)
      : this.#session.executeIr(compiled.json);
  }

  /** Lowers a query for a lane without running it. */
  compile(query: Query, lane: Lane = "substrait"): CompiledQuery {
    const node = nodeOf(query);
    return lane === "substrait"
      ? { lane, bytes: compileSubstrait(node).bytes }
      : { lane, json: JSON.stringify(toJson(node)) };
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

  /** DataFusion's optimized logical plan of the query (Substrait lane). */
  async explain(query: Query): Promise<string> {
    const node = nodeOf(query);
    await this.#registerMemtables(node);
    return this.#call(() => this.#session.explainSubstrait(compileSubstrait(node).bytes));
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
          pending = this.#registerArrow(m.name, m.data);
          this.#registered.set(m.name, pending);
          this.#finalizer.register(m.data, m.name);
          pending.catch(() => this.#registered.delete(m.name));
        }
        return pending;
      }),
    );
  }

  async #registerArrow(name: string, data: arrow.Table): Promise<void> {
    const started = performance.now();
    await this.#call(() => this.#session.registerIpc(name, arrow.tableToIPC(data, "stream")));
    this.#record({
      type: "registration",
      action: "register",
      table: name,
      source: "arrow",
      rows: data.numRows,
      durationMs: performance.now() - started,
    });
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
  const { Session } = loadBinding();
  const session = new Session({
    ...(options.targetPartitions === undefined ? {} : { targetPartitions: options.targetPartitions }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  return new Connection(session, options.diagnostics ?? noopRecorder);
}
