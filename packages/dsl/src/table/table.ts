import type { Field, RelationNode, Schema, TypeKind } from "@ibex/ir";
import { ColumnNode, FilterNode, IbexArgumentError, IbexError, IbexTypeError, ProjectNode } from "@ibex/ir";
import type * as arrow from "apache-arrow";
import type { Backend, ExecuteOptions } from "../backend.js";
import type { ExprLike } from "../expr/expr.js";
import { Expr, toExpr } from "../expr/expr.js";
import type { SchemaShape } from "../types/dtype.js";

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

/** Flattens an intersection into one mapped type (keeps hover text short). */
type Flat<T> = { readonly [K in keyof T]: T[K] } & {};

// Callbacks are declared with method syntax so they are checked bivariantly:
// a Table<{ a: "int64" }> stays assignable to Table (see Columns).
type Predicate<S extends SchemaShape> = Expr<"bool"> | { fn(t: Table<S>): Expr<"bool"> }["fn"];
type Computed<S extends SchemaShape, M> = M | { fn(t: Table<S>): M }["fn"];

/** An item of `select`: a column name, a (named) expression, or a record of them. */
export type SelectItem<S extends SchemaShape> =
  | (keyof S & string)
  | Expr
  | { readonly [name: string]: ExprLike | Expr };

/** The implementation behind {@link Table}; use the `Table` type in signatures. */
export class TableImpl<S extends SchemaShape> {
  /** The IR node of this query. */
  readonly node: RelationNode;
  /** The backend this table runs on, if bound. */
  readonly backend: Backend | undefined;

  protected constructor(node: RelationNode, backend: Backend | undefined) {
    this.node = node;
    this.backend = backend;
  }

  /** Wraps a relation node as a table (with column properties). */
  static wrap<S extends SchemaShape>(node: RelationNode, backend?: Backend): Table<S> {
    const impl = new TableImpl<S>(node, backend);
    Object.freeze(impl);
    return new Proxy(impl, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && !(prop in target) && prop !== "then") {
          const field = target.node.schema.find(prop);
          if (field !== undefined) return columnExpr(field);
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
    return columnExpr(this.node.schema.field(name, "col", "name")) as Expr<S[C]>;
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
    const exprs = predicates.map((p, i) => {
      const e = typeof p === "function" ? p(self) : p;
      if (!(e instanceof Expr)) {
        throw new IbexTypeError("filter", `predicate ${i + 1}`, `is a JS ${typeof e}, expected a boolean expression`);
      }
      return e.node;
    });
    return this.derive(FilterNode.create(this.node, exprs));
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
  ): Table<Flat<Omit<S, keyof M> & KindsOf<M>>> {
    const record = typeof values === "function" ? values(this.self()) : values;
    const computed = new Map(Object.entries(record).map(([name, v]) => [name, toExpr(v, undefined, "mutate").node]));
    const columns = this.node.schema.fields.map((f) => ({
      name: f.name,
      expr: computed.get(f.name) ?? columnExpr(f).node,
    }));
    for (const [name, expr] of computed) {
      if (this.node.schema.find(name) === undefined) columns.push({ name, expr });
    }
    return this.derive(ProjectNode.create(this.node, columns));
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
  select(...items: SelectItem<S>[]): Table<SchemaShape>;
  // The overloads carry the types; the implementation returns what they promise.
  select(...items: SelectItem<S>[]): unknown {
    if (items.length === 0) throw new IbexArgumentError("select", "columns", "must name at least one column");
    const columns = items.flatMap((item, i) => {
      if (typeof item === "string") return [{ name: item, expr: this.col(item).node }];
      if (item instanceof Expr) {
        const name = item.alias ?? (item.node.kind === "column" ? item.node.name : undefined);
        if (name === undefined) {
          throw new IbexArgumentError(
            "select",
            `item ${i + 1}`,
            'is an unnamed expression: give it a name with .name("...")',
          );
        }
        return [{ name, expr: item.node }];
      }
      if (typeof item === "object" && item !== null) {
        return Object.entries(item).map(([name, v]) => ({ name, expr: toExpr(v, undefined, "select").node }));
      }
      throw new IbexTypeError(
        "select",
        `item ${i + 1}`,
        `is a JS ${typeof item}, expected a column name or expression`,
      );
    });
    return this.derive(ProjectNode.create(this.node, columns));
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

  /** The same query, bound to `backend`. */
  bind(backend: Backend): Table<S> {
    return TableImpl.wrap<S>(this.node, backend);
  }

  private self(): Table<S> {
    return TableImpl.wrap<S>(this.node, this.backend);
  }

  private derive<T extends SchemaShape>(node: RelationNode): Table<T> {
    return TableImpl.wrap<T>(node, this.backend);
  }
}

function columnExpr(field: Field): Expr {
  return new Expr(ColumnNode.create(field.name, field.type));
}
