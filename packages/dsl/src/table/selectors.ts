import type { Schema, TypeKind } from "@ibex/ir";
import { IbexArgumentError, isNumeric } from "@ibex/ir";
import { Expr } from "../expr/expr.js";

/**
 * A column selector: picks column names from a schema, in schema order.
 * Selectors combine with `and`, `or` and `not`.
 *
 * @example
 * ```ts
 * t.select(s.startsWith("price_").or(s.cols("id")));
 * t.select(s.numeric().and(s.matches(/_usd$/).not()));
 * ```
 */
export class Selector {
  constructor(
    private readonly pick: (schema: Schema) => readonly string[],
    readonly description: string,
  ) {
    Object.freeze(this);
  }

  /** The selected column names of `schema`, in schema order. */
  select(schema: Schema): readonly string[] {
    const chosen = new Set(this.pick(schema));
    return schema.names.filter((n) => chosen.has(n));
  }

  and(other: Selector): Selector {
    return new Selector((s) => {
      const b = new Set(other.select(s));
      return this.select(s).filter((n) => b.has(n));
    }, `(${this.description} and ${other.description})`);
  }

  or(other: Selector): Selector {
    return new Selector(
      (s) => [...this.select(s), ...other.select(s)],
      `(${this.description} or ${other.description})`,
    );
  }

  not(): Selector {
    return new Selector((s) => {
      const a = new Set(this.select(s));
      return s.names.filter((n) => !a.has(n));
    }, `not ${this.description}`);
  }
}

/**
 * One expression per selected column (Ibis's `s.across`): use it as the
 * argument of `mutate`, `aggregate` or an item of `select`. `names` is a
 * pattern with `{col}` (default: the column's own name).
 */
export class Across {
  constructor(
    readonly selector: Selector,
    readonly fn: (column: Expr, name: string) => Expr,
    readonly names: string = "{col}",
  ) {
    Object.freeze(this);
  }

  /** The named expressions for a table. */
  resolve(table: { readonly schema: Schema; col(name: string): Expr }, op: string): Record<string, Expr> {
    const out: Record<string, Expr> = {};
    for (const name of selectColumns(this.selector, table.schema, op)) {
      const e = this.fn(table.col(name), name);
      if (!(e instanceof Expr)) {
        throw new IbexArgumentError(
          op,
          "across",
          `the function returned a JS ${typeof e} for "${name}", not an expression`,
        );
      }
      out[this.names.replaceAll("{col}", name)] = e;
    }
    return out;
  }
}

/** Column selectors (Ibis's `ibis.selectors`). */
export const s = Object.freeze({
  /** Every column. */
  all: () => new Selector((schema) => schema.names, "all()"),
  /** The named columns (each must exist). */
  cols: (...names: string[]) =>
    new Selector(
      (schema) => {
        for (const n of names) schema.field(n, "s.cols", "name");
        return names;
      },
      `cols(${names.join(", ")})`,
    ),
  /** Columns of numeric types (integers, floats, decimals). */
  numeric: () =>
    new Selector((schema) => schema.fields.filter((f) => isNumeric(f.type)).map((f) => f.name), "numeric()"),
  /** Columns of the given type kinds. */
  ofType: (...kinds: TypeKind[]) =>
    new Selector(
      (schema) => schema.fields.filter((f) => kinds.includes(f.type.kind)).map((f) => f.name),
      `ofType(${kinds.join(", ")})`,
    ),
  /** Columns whose names start with a prefix. */
  startsWith: (prefix: string) =>
    new Selector((schema) => schema.names.filter((n) => n.startsWith(prefix)), `startsWith(${prefix})`),
  /** Columns whose names end with a suffix. */
  endsWith: (suffix: string) =>
    new Selector((schema) => schema.names.filter((n) => n.endsWith(suffix)), `endsWith(${suffix})`),
  /**
   * Applies `fn` to every selected column.
   *
   * @example
   * ```ts
   * t.mutate(s.across(s.numeric(), (c) => c.sub(c.mean()), { names: "{col}_centered" }));
   * ```
   */
  across: (selector: Selector, fn: (column: Expr, name: string) => Expr, options: { readonly names?: string } = {}) =>
    new Across(selector, fn, options.names),
  /** Columns whose names match a regular expression. */
  matches: (pattern: RegExp | string) => {
    const re = typeof pattern === "string" ? new RegExp(pattern) : pattern;
    return new Selector((schema) => schema.names.filter((n) => re.test(n)), `matches(${re})`);
  },
});

/** The columns a selector picks, or an error naming the op when it picks none. */
export function selectColumns(selector: Selector, schema: Schema, op: string): readonly string[] {
  const names = selector.select(schema);
  if (names.length === 0) {
    throw new IbexArgumentError(
      op,
      "selector",
      `${selector.description} selects no column (available: ${schema.names.join(", ")})`,
    );
  }
  return names;
}
