import type { Field, RelationNode, Schema, SortKey, TypeKind, ValueNode } from "@ibex/ir";
import {
  AggregateCallNode,
  ColumnNode,
  DistinctNode,
  IbexArgumentError,
  IbexError,
  IbexTypeError,
  LimitNode,
  ProjectNode,
  ScalarSubqueryNode,
  SetOpNode,
  SortNode,
  sortKey,
  UnnestNode,
} from "@ibex/ir";
import type * as arrow from "apache-arrow";
import type { Backend, ExecuteOptions, ExplainOptions, FileFormat, FileWriteOptions } from "../backend.js";
import type { Deferred } from "../expr/deferred.js";
import { resolveDeferred } from "../expr/deferred.js";
import type { ExprLike, SortLike } from "../expr/expr.js";
import { Expr, toExpr, toSortKeys } from "../expr/expr.js";
import { implicitWindows } from "../expr/window.js";
import type { SchemaShape } from "../types/dtype.js";
import { buildAggregation } from "./aggregation.js";
import type { AsofJoinOptions } from "./asof-join.js";
import { buildAsofJoin } from "./asof-join.js";
import { recordOrigin, recordRelation } from "./column-origin.js";
import { ExistsSpec } from "./exists.js";
import type { JoinOptions, JoinPredicateItem } from "./join.js";
import { buildJoin } from "./join.js";
import { multisetSetOp } from "./multiset.js";
import { Across, Selector, selectColumns } from "./selectors.js";
import { filterWithWindows } from "./window-filter.js";

/**
 * The columns of a table as typed properties (names that clash with methods:
 * use `col`). An untyped table (`Table`, schema known only at run time) has
 * no column properties at the type level: use `t.col(name)`. This keeps every
 * typed table assignable to `Table`, so library code can accept any table.
 */
export type Columns<S extends SchemaShape> = string extends keyof S
  ? unknown
  : { readonly [C in keyof S as C extends keyof TableImpl<SchemaShape> | "then" ? never : C]: Expr<S[C]> };

/**
 * A lazy, immutable table expression. Every method returns a new table; the
 * query runs only on `execute()`.
 *
 * @example
 * ```ts
 * const q = t
 *   .filter((t) => t.price.gt(10), t.name.isNull().not())
 *   .mutate({ total: t.price.mul(t.qty) })
 *   .select("name", "total");
 * const result = await q.execute(); // apache-arrow Table
 * ```
 */
export type Table<S extends SchemaShape = SchemaShape> = TableImpl<S> & Columns<S>;

/** The names of a schema's list columns. */
export type ListColumns<S extends SchemaShape> = { [K in keyof S & string]: S[K] extends "list" ? K : never }[keyof S &
  string];

/** The kind of each value in a `mutate`/`select` record. */
export type KindsOf<M> = {
  readonly [C in keyof M]: M[C] extends Expr<infer K>
    ? K
    : M[C] extends bigint
      ? "int64"
      : M[C] extends number
        ? "int64" | "float64"
        : M[C] extends string
          ? "utf8"
          : M[C] extends boolean
            ? "bool"
            : TypeKind;
};

type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The columns one `select` item contributes, or `undefined` when only the run time knows them. */
type ItemShape<S extends SchemaShape, X> = X extends keyof S & string
  ? { readonly [P in X]: S[X] }
  : X extends Selector | Across
    ? undefined
    : X extends Expr & { readonly __kind: infer K extends TypeKind; readonly alias: infer N extends string }
      ? string extends N
        ? undefined
        : { readonly [P in N]: K }
      : X extends Expr | Deferred
        ? undefined
        : X extends { readonly [name: string]: unknown }
          ? KindsOf<X>
          : undefined;

/**
 * The output schema of `select(...items)`: names keep their kinds, named
 * expressions (`.name("x")`) and records give their kinds; selectors, deferred
 * and unnamed column expressions are resolved only at run time, so a select
 * holding one is typed by its run-time schema (`SchemaShape`).
 */
export type SelectedShape<S extends SchemaShape, I extends readonly unknown[]> = 0 extends 1 & I[number]
  ? SchemaShape
  : undefined extends ItemShape<S, I[number]>
    ? SchemaShape
    : Flat<Intersect<ItemShape<S, I[number]>>> extends infer R extends SchemaShape
      ? R
      : SchemaShape;

/** Flattens an intersection into one mapped type (keeps hover text short). */
type Flat<T> = { readonly [K in keyof T]: T[K] } & {};

// Callbacks are declared with method syntax so they are checked bivariantly:
// a Table<{ a: "int64" }> stays assignable to Table (see Columns).
type Predicate<S extends SchemaShape> =
  | Expr<"bool">
  | ExistsSpec
  | { fn(t: Table<S>): Expr<"bool"> | ExistsSpec }["fn"];
type Computed<S extends SchemaShape, M> = M | { fn(t: Table<S>): M }["fn"];

/** An item of `select`: a column name, a (named) expression, or a record of them. */
export type SelectItem<S extends SchemaShape> =
  | (keyof S & string)
  | Selector
  | Across
  | Deferred
  | Expr
  | { readonly [name: string]: ExprLike | Expr };

/** The implementation behind {@link Table}; use the `Table` type in signatures. */
export class TableImpl<S extends SchemaShape> {
  /** The IR node of this query. */
  readonly node: RelationNode;
  /** The backend this table runs on, if bound. */
  readonly backend: Backend | undefined;
  /** Identity of this table expression, recorded on the columns taken from it (see `join`). */
  readonly origin: object;

  protected constructor(node: RelationNode, backend: Backend | undefined, origin: object) {
    this.node = node;
    this.backend = backend;
    this.origin = origin;
  }

  /**
   * Wraps a relation node as a table (with column properties). A new table
   * expression gets a new origin; the same one re-wrapped keeps its own.
   */
  static wrap<S extends SchemaShape>(
    node: RelationNode,
    backend?: Backend,
    origin: object = Object.freeze({}),
  ): Table<S> {
    const impl = new TableImpl<S>(node, backend, origin);
    Object.freeze(impl);
    recordRelation(origin, node);
    return new Proxy(impl, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && !(prop in target) && prop !== "then") {
          const field = target.node.schema.find(prop);
          if (field !== undefined) return columnExpr(field, target.origin);
        }
        return Reflect.get(target, prop, receiver);
      },
      has(target, prop) {
        return (typeof prop === "string" && target.node.schema.find(prop) !== undefined) || Reflect.has(target, prop);
      },
    }) as Table<S>;
  }

  /** The table's schema. */
  get schema(): Schema {
    return this.node.schema;
  }

  /** The column names, in order. */
  get columns(): readonly (keyof S & string)[] {
    return this.node.schema.names as readonly (keyof S & string)[];
  }

  /**
   * A column by name. Throws, naming the closest column, if there is none.
   * Use it for names that clash with methods (`t.col("filter")`).
   */
  col<C extends keyof S & string>(name: C): Expr<S[C]> {
    return columnExpr(this.node.schema.field(name, "col", "name"), this.origin) as Expr<S[C]>;
  }

  /**
   * Keeps rows where every predicate holds (predicates are ANDed).
   *
   * @example
   * ```ts
   * t.filter((t) => t.price.gt(10), (t) => t.qty.le(5));
   * ```
   */
  filter(...predicates: Predicate<S>[]): Table<S> {
    const self = this.self();
    const exprs: ValueNode[] = [];
    const subqueries: ExistsSpec[] = [];
    predicates.forEach((p, i) => {
      const e = typeof p === "function" ? p(self) : p;
      if (e instanceof ExistsSpec) {
        subqueries.push(e);
      } else if (e instanceof Expr) {
        exprs.push(implicitWindows(e.node));
      } else {
        throw new IbexTypeError("filter", `predicate ${i + 1}`, `is a JS ${typeof e}, expected a boolean expression`);
      }
    });
    // Windows see the unfiltered rows; EXISTS conditions then only drop rows.
    let node = exprs.length > 0 ? filterWithWindows(this.node, exprs) : this.node;
    for (const s of subqueries) {
      const on = s.predicates.length > 0 ? s.predicates : [toExpr(true) as Expr<"bool">];
      node = buildJoin({ node, origin: this.origin }, { node: s.table.node, origin: s.table.origin }, on, {
        how: s.negated ? "anti" : "semi",
      });
    }
    return this.derive(node);
  }

  /**
   * The single value of a one-column table that has at most one row (an
   * aggregate without keys, or `limit(1)`), as an expression: a scalar
   * subquery. Null when the table is empty.
   *
   * @example
   * ```ts
   * const avg = t.aggregate({ m: t.price.mean() }).asScalar();
   * t.filter(t.price.gt(avg));
   * ```
   */
  asScalar(): Expr<S[keyof S & string]> {
    return new Expr(ScalarSubqueryNode.create(this.node));
  }

  /**
   * Adds or replaces columns, keeping all others. Replaced columns keep their
   * position; new ones are appended in the record's order.
   *
   * @example
   * ```ts
   * t.mutate((t) => ({ total: t.price.mul(t.qty), price: t.price.add(1) }));
   * ```
   */
  mutate<M extends { readonly [name: string]: ExprLike | Expr }>(
    values: Computed<S, M>,
  ): Table<Flat<Omit<S, keyof M> & KindsOf<M>>>;
  mutate(values: Across): Table<SchemaShape>;
  mutate(values: unknown): unknown {
    const self = this.self();
    const record = (
      values instanceof Across ? values.resolve(self, "mutate") : typeof values === "function" ? values(self) : values
    ) as { readonly [name: string]: ExprLike | Expr };
    return this.derive(mutateNode(this.node, record, [], self));
  }

  /**
   * Chooses the output columns: names, expressions (named with `.name()`, or
   * column references), and records of `{ name: expression }`.
   *
   * @example
   * ```ts
   * t.select("id", t.price.mul(2).name("double"), { flag: t.qty.gt(0) });
   * ```
   */
  select<C extends keyof S & string>(...columns: C[]): Table<Flat<Pick<S, C>>>;
  select<const I extends readonly SelectItem<S>[]>(...items: I): Table<SelectedShape<S, I>>;
  // The overloads carry the types; the implementation returns what they promise.
  select(...items: SelectItem<S>[]): unknown {
    if (items.length === 0) throw new IbexArgumentError("select", "columns", "must name at least one column");
    const self = this.self();
    const columns = items.flatMap((raw, i) => {
      const item = resolveDeferred(raw, self);
      if (typeof item === "string") return [{ name: item, expr: this.col(item).node }];
      if (item instanceof Across) {
        return Object.entries(item.resolve(self, "select")).map(([name, e]) => ({
          name,
          expr: implicitWindows(e.node),
        }));
      }
      if (item instanceof Selector) {
        return selectColumns(item, this.node.schema, "select").map((name) => ({ name, expr: this.col(name).node }));
      }
      if (item instanceof Expr) {
        const name = item.alias ?? (item.node.kind === "column" ? item.node.name : undefined);
        if (name === undefined) {
          throw new IbexArgumentError(
            "select",
            `item ${i + 1}`,
            'is an unnamed expression: give it a name with .name("...")',
          );
        }
        return [{ name, expr: implicitWindows(item.node) }];
      }
      if (typeof item === "object" && item !== null) {
        return Object.entries(item).map(([name, v]) => ({
          name,
          expr: implicitWindows(toExpr(resolveDeferred(v, self), undefined, "select").node),
        }));
      }
      throw new IbexTypeError(
        "select",
        `item ${i + 1}`,
        `is a JS ${typeof item}, expected a column name or expression`,
      );
    });
    return this.derive(ProjectNode.create(this.node, columns));
  }

  // ---- aggregation ----------------------------------------------------------

  /**
   * Groups rows by keys (column names or named expressions) for `aggregate`.
   *
   * @example
   * ```ts
   * t.groupBy("region", t.year.name("y"))
   *   .having((t) => t.count().gt(10))
   *   .aggregate((t) => ({ revenue: t.price.mul(t.qty).sum(), n: t.count() }));
   * ```
   */
  groupBy<K extends keyof S & string = never>(...keys: (K | Expr | readonly (K | Expr)[])[]): GroupedTable<S, K> {
    return new GroupedTable<S, K>(this.self(), keys.flat() as GroupKey<S>[], []);
  }

  /**
   * Reduces the whole table (or, with `by`, each group) to one row of measures.
   *
   * @example
   * ```ts
   * t.aggregate((t) => ({ n: t.count(), avg: t.price.mean({ where: t.qty.gt(0) }) }));
   * ```
   */
  aggregate<M extends { readonly [name: string]: Expr }>(
    measures: Computed<S, M>,
    options: { readonly by?: readonly GroupKey<S>[]; readonly having?: readonly Predicate<S>[] } = {},
  ): Table<Flat<KindsOf<M>>> {
    return new GroupedTable<S>(this.self(), options.by ?? [], options.having ?? []).aggregate(measures) as never;
  }

  /** The number of rows (an aggregate: use it in `aggregate` or `having`). */
  count(options: { readonly where?: Expr<"bool"> } = {}): Expr<"int64"> {
    return new Expr(recordOrigin(AggregateCallNode.create("count", [], { where: options.where?.node }), this.origin));
  }

  // ---- ordering and limits --------------------------------------------------

  /**
   * Sorts rows. Keys are column names, expressions (ascending) or sort specs
   * (`t.x.desc()`, `desc("x")`); nulls sort last unless asked otherwise.
   *
   * @example
   * ```ts
   * t.orderBy(desc("revenue"), "name", t.qty.asc({ nullsFirst: true }));
   * ```
   */
  orderBy(...keys: (OrderKey<S> | readonly OrderKey<S>[])[]): Table<S> {
    const self = this.self();
    const sortKeys = (keys.flat() as OrderKey<S>[]).map((raw) => {
      const k = resolveDeferred(raw, self);
      if (typeof k === "string") return sortKey(self.col(k).node);
      if (k instanceof NamedSort) return sortKey(self.col(k.name as keyof S & string).node, k.ascending, k.nullsFirst);
      return toSortKeys(k)[0] as SortKey;
    });
    return this.derive(SortNode.create(this.node, sortKeys));
  }

  /** Keeps at most `n` rows (all when `n` is null), after skipping `offset`. */
  limit(n: number | null, options: { readonly offset?: number } = {}): Table<S> {
    return this.derive(LimitNode.create(this.node, n, options.offset ?? 0));
  }

  /** The first `n` rows (5 by default). */
  head(n = 5): Table<S> {
    return this.limit(n);
  }

  /**
   * One row per element of a list column, which then holds the element; the
   * other columns repeat. Rows with a null or empty list give no rows (Ibis's
   * `unnest` with `keep_empty=False`). Runs on the DataFrame lane: Substrait
   * has no unnest relation.
   *
   * @example
   * ```ts
   * posts.unnest("tags").groupBy("tags").aggregate({ n: posts.id.count() });
   * ```
   */
  unnest<C extends ListColumns<S>>(column: C): Table<Flat<Omit<S, C> & { readonly [K in C]: TypeKind }>> {
    return this.derive(UnnestNode.create(this.node, column)) as never;
  }

  // ---- distinct and set operations ---------------------------------------

  /**
   * Removes duplicate rows; with `on`, keeps one row per distinct value of
   * those columns (the other columns from an arbitrary row of each group,
   * or the first in `orderBy` order when given).
   */
  distinct(
    options: { readonly on?: readonly (keyof S & string)[]; readonly orderBy?: readonly SortLike[] } = {},
  ): Table<S> {
    if (options.on === undefined) return this.derive(DistinctNode.create(this.node));
    const on = new Set<string>(options.on);
    const self = this.self();
    const keys = [...on].map((name) => ({ name, expr: self.col(name as keyof S & string).node }));
    const rest = this.node.schema.fields
      .filter((f) => !on.has(f.name))
      .map((f) => ({
        name: f.name,
        expr: AggregateCallNode.create("first", [ColumnNode.create(f.name, f.type)], {
          orderBy: toSortKeys(options.orderBy as readonly SortLike[] | undefined),
        }) as ValueNode,
      }));
    const agg = buildAggregation(this.node, keys, rest);
    // back to the input's column order
    return this.derive(
      ProjectNode.create(
        agg,
        this.node.schema.fields.map((f) => ({
          name: f.name,
          expr: ColumnNode.create(f.name, agg.schema.field(f.name).type),
        })),
      ),
    );
  }

  /** Rows of both tables; `distinct: true` removes duplicates (default false, like Ibis). */
  union(other: TableImpl<SchemaShape>, options: { readonly distinct?: boolean } = {}): Table<S> {
    return this.derive(SetOpNode.create("union", this.node, other.node, options.distinct ?? false));
  }

  /**
   * Rows found in both tables: distinct rows (default), or with
   * `{ distinct: false }` each row as often as it occurs in both (INTERSECT ALL).
   */
  intersect(other: TableImpl<SchemaShape>, options: { readonly distinct?: boolean } = {}): Table<S> {
    return this.derive(
      options.distinct === false
        ? multisetSetOp("intersect", this.node, other.node)
        : SetOpNode.create("intersect", this.node, other.node, true),
    );
  }

  /**
   * Rows of this table not found in `other`: distinct rows (default), or with
   * `{ distinct: false }` each row as often as it occurs here beyond its
   * occurrences in `other` (EXCEPT ALL).
   */
  difference(other: TableImpl<SchemaShape>, options: { readonly distinct?: boolean } = {}): Table<S> {
    return this.derive(
      options.distinct === false
        ? multisetSetOp("difference", this.node, other.node)
        : SetOpNode.create("difference", this.node, other.node, true),
    );
  }

  // ---- column housekeeping -------------------------------------------------

  /** All columns but the named ones. */
  drop<C extends keyof S & string>(...columns: C[]): Table<Flat<Omit<S, C>>>;
  drop(...columns: (string | Selector)[]): Table<SchemaShape>;
  drop(...columns: (string | Selector)[]): unknown {
    const self = this.self();
    const names = columns.flatMap((c) =>
      c instanceof Selector ? selectColumns(c, this.node.schema, "drop") : [self.col(c as keyof S & string) && c],
    ); // unknown names fail in col(), with a suggestion
    const gone = new Set<string>(names);
    const keep = this.node.schema.fields.filter((f) => !gone.has(f.name));
    if (keep.length === 0) throw new IbexArgumentError("drop", "columns", "would drop every column");
    return this.derive(
      ProjectNode.create(
        this.node,
        keep.map((f) => ({ name: f.name, expr: columnExpr(f).node })),
      ),
    );
  }

  /**
   * Renames columns: `{ newName: "oldName" }` (Ibis's order).
   *
   * @example
   * ```ts
   * t.rename({ unit_price: "price" });
   * ```
   */
  rename<R extends { readonly [newName: string]: keyof S & string }>(
    mapping: R,
  ): Table<Flat<Omit<S, R[keyof R]> & { readonly [N in keyof R]: S[R[N]] }>> {
    const self = this.self();
    const byOld = new Map<string, string>();
    for (const [to, from] of Object.entries(mapping)) {
      self.col(from);
      byOld.set(from, to);
    }
    return this.derive(
      ProjectNode.create(
        this.node,
        this.node.schema.fields.map((f) => ({ name: byOld.get(f.name) ?? f.name, expr: columnExpr(f).node })),
      ),
    );
  }

  /** Moves columns to the front, or `before`/`after` another column. */
  relocate(
    columns: (keyof S & string) | readonly (keyof S & string)[],
    options: { readonly before?: keyof S & string; readonly after?: keyof S & string } = {},
  ): Table<S> {
    const self = this.self();
    const moving = (typeof columns === "string" ? [columns] : [...columns]).map((c) => self.col(c) && c);
    const moved = new Set<string>(moving);
    const rest = this.node.schema.names.filter((n) => !moved.has(n));
    let at = 0;
    if (options.before !== undefined) at = rest.indexOf(self.col(options.before) && options.before);
    if (options.after !== undefined) at = rest.indexOf(self.col(options.after) && options.after) + 1;
    if (at < 0) throw new IbexArgumentError("relocate", "before/after", "must not be one of the moved columns");
    const order = [...rest.slice(0, at), ...moving, ...rest.slice(at)];
    return this.derive(
      ProjectNode.create(
        this.node,
        order.map((n) => ({ name: n, expr: self.col(n).node })),
      ),
    );
  }

  /**
   * Runs the query on the table's backend and returns an apache-arrow Table.
   *
   * @example
   * ```ts
   * const rows = await q.execute({ lane: "dataframe" });
   * ```
   */
  execute(options?: ExecuteOptions): Promise<arrow.Table> {
    if (this.backend === undefined) {
      return Promise.reject(
        new IbexError(
          "IBEX_INVALID_ARGUMENT",
          "execute: this table is not bound to a backend; build it from con.table(...) or con.memtable(...), or run con.execute(query)",
        ),
      );
    }
    return this.backend.execute(this.node, options);
  }
  /**
   * How the query is planned: the IR tree, the Substrait plan, and
   * DataFusion's logical and physical plans. `{ analyze: true }` runs it
   * (rows discarded in the engine) and shows every operator's metrics;
   * `{ physical: true }` shows only the physical plan.
   *
   * @example
   * ```ts
   * console.log(await t.filter(t.qty.gt(1)).explain());
   * console.log(await t.filter(t.qty.gt(1)).explain({ analyze: true }));
   * ```
   */
  explain(options?: ExplainOptions): Promise<string> {
    if (this.backend?.explain === undefined) {
      throw new IbexError(
        "IBEX_INVALID_ARGUMENT",
        "explain: this table is not bound to a backend that explains; build it from a connection",
      );
    }
    return this.backend.explain(this.node, options);
  }
  /**
   * Debugging only: the query as SQL text, from DataFusion's unparser, for
   * reading. Ibex never runs it (queries reach the engine as Substrait or IR);
   * each use is recorded as a `debug-sql` diagnostic.
   *
   * @example
   * ```ts
   * console.log(await t.filter(t.qty.gt(1)).toSql({ debug: true }));
   * ```
   */
  toSql(options: { readonly debug: true }): Promise<string> {
    if (this.backend?.toSql === undefined) {
      throw new IbexError(
        "IBEX_INVALID_ARGUMENT",
        "toSql: this table is not bound to a backend that shows SQL; build it from a connection",
      );
    }
    return this.backend.toSql(this.node, options);
  }
  /** The same as {@link execute}: the result as an apache-arrow Table. */
  toArrow(options?: ExecuteOptions): Promise<arrow.Table> {
    return this.execute(options);
  }

  /**
   * Runs the query and yields its result as apache-arrow RecordBatches,
   * produced on demand: memory stays bounded by a few batches however large
   * the result. Breaking out of the loop (or `signal`) stops the query.
   *
   * @example
   * ```ts
   * for await (const batch of lineitem.toBatches()) total += batch.numRows;
   * ```
   */
  toBatches(options?: ExecuteOptions): AsyncIterable<arrow.RecordBatch> {
    const backend = this.backend;
    if (backend?.stream === undefined) {
      throw new IbexError(
        "IBEX_INVALID_ARGUMENT",
        "toBatches: this table is not bound to a backend that streams; build it from a connection",
      );
    }
    return backend.stream(this.node, options);
  }

  /**
   * Runs the query and writes its rows as Parquet files under `path` (one
   * file with `singleFile`, Hive-style directories with `partitionBy`). The
   * engine writes them: no row passes through JS. Resolves to the row count.
   *
   * @example
   * ```ts
   * await sales.filter(sales.qty.gt(1)).toParquet("/tmp/sales", { partitionBy: ["region"] });
   * ```
   */
  toParquet(path: string, options?: FileWriteOptions): Promise<number> {
    return writeFiles(this.backend, this.node, path, "parquet", options);
  }
  /** Runs the query and writes its rows as CSV files (with a header line). */
  toCsv(path: string, options?: FileWriteOptions): Promise<number> {
    return writeFiles(this.backend, this.node, path, "csv", options);
  }
  /** Runs the query and writes its rows as newline-delimited JSON files. */
  toJson(path: string, options?: FileWriteOptions): Promise<number> {
    return writeFiles(this.backend, this.node, path, "json", options);
  }

  // ---- joins ------------------------------------------------------------------

  /**
   * Joins another table. Predicates are column names shared by both sides,
   * `[leftName, rightName]` pairs, boolean expressions over both tables
   * (`t.id.eq(s.t_id)`, also non-equi), or a function of the two tables;
   * several are ANDed. Colliding names are suffixed like Ibis (`rname`,
   * default `"{name}_right"`); an inner join on equal same-named keys keeps
   * one copy of the key.
   *
   * @example
   * ```ts
   * orders.join(customers, [["customer_id", "id"]], { how: "left" });
   * t.join(s, (t, s) => t.start.le(s.at).and(s.at.lt(t.end)));
   * emp.join(emp.view(), (e, m) => e.manager_id.eq(m.id)); // self-join
   * ```
   */
  join<R extends SchemaShape>(
    right: Table<R>,
    predicates:
      | string
      | Expr<"bool">
      | readonly JoinPredicateItem[]
      | { fn(left: Table<S>, right: Table<R>): Expr<"bool"> | readonly Expr<"bool">[] }["fn"] = [],
    options: JoinOptions = {},
  ): Table<SchemaShape> {
    const self = this.self();
    const items =
      typeof predicates === "function"
        ? [predicates(self, right)].flat()
        : typeof predicates === "string" || predicates instanceof Expr
          ? [predicates]
          : [...(predicates as readonly JoinPredicateItem[])];
    return this.derive(
      buildJoin({ node: this.node, origin: this.origin }, { node: right.node, origin: right.origin }, items, options),
    );
  }

  /**
   * As-of join: each row of this table with the `right` row whose `on` value
   * is the latest not after its own (matching `by` keys exactly), or nulls
   * when there is none. `on` is a shared name or a `[left, right]` pair.
   *
   * @example
   * ```ts
   * trades.asofJoin(quotes, "time", { by: ["symbol"], tolerance: 5 });
   * ```
   */
  asofJoin(
    right: Table<SchemaShape>,
    on: string | readonly [string, string],
    options: AsofJoinOptions = {},
  ): Table<SchemaShape> {
    return buildAsofJoin(this.self() as Table<SchemaShape>, right, on, options);
  }

  /** Cross join: every pair of rows. */
  crossJoin(right: Table<SchemaShape>, options: Omit<JoinOptions, "how"> = {}): Table<SchemaShape> {
    return this.join(right, [], { ...options, how: "cross" });
  }

  /**
   * The same table as a distinct expression, for self-joins: columns taken
   * from the view are told apart from the original's.
   */
  view(): Table<S> {
    return TableImpl.wrap<S>(this.node, this.backend);
  }

  /** The same query, bound to `backend`. */
  bind(backend: Backend): Table<S> {
    return TableImpl.wrap<S>(this.node, backend);
  }

  /** @internal */
  self(): Table<S> {
    return TableImpl.wrap<S>(this.node, this.backend, this.origin);
  }

  /** @internal */
  derive<T extends SchemaShape>(node: RelationNode): Table<T> {
    return TableImpl.wrap<T>(node, this.backend);
  }
}

/** A group key: a column name or a named expression. */
export type GroupKey<S extends SchemaShape> = (keyof S & string) | Expr | Deferred;

/** A sort key: a column name, `asc`/`desc` of a name, an expression or a sort spec. */
export type OrderKey<S extends SchemaShape> = (keyof S & string) | NamedSort | SortLike | Deferred;

/** A sort by column name, made by {@link asc} and {@link desc}. */
export class NamedSort {
  constructor(
    readonly name: string,
    readonly ascending: boolean,
    readonly nullsFirst: boolean,
  ) {
    Object.freeze(this);
  }
}

/** Ascending by column name: `t.orderBy(asc("x"))`. */
export function asc(name: string, options: { readonly nullsFirst?: boolean } = {}): NamedSort {
  return new NamedSort(name, true, options.nullsFirst ?? false);
}

/** Descending by column name: `t.orderBy(desc("x"))`. */
export function desc(name: string, options: { readonly nullsFirst?: boolean } = {}): NamedSort {
  return new NamedSort(name, false, options.nullsFirst ?? false);
}

/**
 * A table grouped by keys, waiting for `aggregate` (made by `groupBy`).
 */
export class GroupedTable<S extends SchemaShape, K extends keyof S & string = never> {
  constructor(
    private readonly table: Table<S>,
    private readonly keys: readonly GroupKey<S>[],
    private readonly predicates: readonly Predicate<S>[],
  ) {
    Object.freeze(this);
  }

  /** Keeps only groups where every predicate (over aggregates) holds. */
  having(...predicates: Predicate<S>[]): GroupedTable<S, K> {
    return new GroupedTable<S, K>(this.table, this.keys, [...this.predicates, ...predicates]);
  }

  /** One row per group: the keys, then the measures. */
  aggregate<M extends { readonly [name: string]: Expr }>(
    measures: Computed<S, M>,
  ): Table<Flat<Pick<S, K> & KindsOf<M>>> {
    const t = this.table;
    const keys = this.keys.map((raw, i) => {
      const k = resolveDeferred(raw, t);
      if (typeof k === "string") return { name: k, expr: t.col(k).node };
      const name = k.alias ?? (k.node.kind === "column" ? k.node.name : undefined);
      if (name === undefined) {
        throw new IbexArgumentError(
          "groupBy",
          `key ${i + 1}`,
          'is an unnamed expression: give it a name with .name("...")',
        );
      }
      return { name, expr: k.node };
    });
    const record =
      measures instanceof Across
        ? measures.resolve(t, "aggregate")
        : typeof measures === "function"
          ? measures(t)
          : measures;
    const ms = Object.entries(record).map(([name, raw]) => {
      const e = resolveDeferred(raw, t);
      if (!(e instanceof Expr))
        throw new IbexTypeError(
          "aggregate",
          `measure "${name}"`,
          `is a JS ${typeof e}, expected an aggregate expression`,
        );
      return { name, expr: e.node };
    });
    const having = this.predicates.map((p, i) => {
      const e = typeof p === "function" ? p(t) : p;
      if (!(e instanceof Expr))
        throw new IbexTypeError("having", `predicate ${i + 1}`, `is a JS ${typeof e}, expected a boolean expression`);
      return e.node;
    });
    return t.derive(buildAggregation(t.node, keys, ms, having)) as never;
  }

  /**
   * Adds or replaces columns, with reductions evaluated per group (Ibis's
   * grouped mutate): `t.groupBy("g").mutate((t) => ({ share: t.x.div(t.x.sum()) }))`
   * divides by each group's sum. Every input row stays.
   */
  mutate<M extends { readonly [name: string]: ExprLike | Expr }>(
    values: Computed<S, M>,
  ): Table<Flat<Omit<S, keyof M> & KindsOf<M>>> {
    if (this.predicates.length > 0) {
      throw new IbexArgumentError("mutate", "having", "applies to aggregate(...) only, not to a grouped mutate");
    }
    const t = this.table;
    const partitionBy = this.keys.map((raw) => {
      const k = resolveDeferred(raw, t);
      return typeof k === "string" ? t.col(k).node : k.node;
    });
    const record = typeof values === "function" ? values(t) : values;
    return t.derive(mutateNode(t.node, record, partitionBy, t)) as never;
  }

  /** Number of rows per group, as column `count`. */
  count(): Table<SchemaShape> {
    return this.aggregate((t) => ({ count: t.count() })) as never;
  }
}

/** The projection of `mutate`: every input column (replaced where given), then new ones. */
function mutateNode(
  input: RelationNode,
  record: { readonly [name: string]: ExprLike | Expr },
  partitionBy: readonly ValueNode[],
  source: { col(name: string): Expr },
): RelationNode {
  const computed = new Map(
    Object.entries(record).map(([name, v]) => [
      name,
      implicitWindows(toExpr(resolveDeferred(v, source), undefined, "mutate").node, partitionBy),
    ]),
  );
  const columns = input.schema.fields.map((f) => ({
    name: f.name,
    expr: computed.get(f.name) ?? columnExpr(f).node,
  }));
  for (const [name, expr] of computed) {
    if (input.schema.find(name) === undefined) columns.push({ name, expr });
  }
  return ProjectNode.create(input, columns);
}

function columnExpr(field: Field, origin?: object): Expr {
  const node = ColumnNode.create(field.name, field.type);
  return new Expr(origin === undefined ? node : recordOrigin(node, origin));
}

// A function, not a private method: tables are proxies (columns as properties).
function writeFiles(
  backend: Backend | undefined,
  node: RelationNode,
  path: string,
  format: FileFormat,
  options: FileWriteOptions = {},
): Promise<number> {
  const write = backend?.write;
  if (backend === undefined || write === undefined) {
    return Promise.reject(
      new IbexError(
        "IBEX_INVALID_ARGUMENT",
        `to${format === "json" ? "Json" : format === "csv" ? "Csv" : "Parquet"}: this table is not bound to a backend that writes files; build it from a connection (con.table, con.memtable, con.readParquet)`,
      ),
    );
  }
  return write.call(backend, node, path, format, options);
}
