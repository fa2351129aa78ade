import { IbexArgumentError } from "@ibex/ir";
import type { Expr } from "./expr.js";

/** Anything a deferred expression can be resolved against (a table). */
interface ColumnSource {
  col(name: string): Expr;
}

/**
 * An expression not bound to a table yet (Ibis's `_`): `_.price.mul(_.qty)`
 * becomes `t.price.mul(t.qty)` for the table `t` it is used on. Method calls
 * chain; arguments may be deferred too.
 */
export type Deferred = ((table: ColumnSource) => Expr) & DeferredMethods;

/** Expression methods on a deferred expression: each returns a deferred expression. */
type DeferredMethods = {
  readonly [K in keyof Expr]: Expr[K] extends (...args: never[]) => unknown ? (...args: unknown[]) => Deferred : never;
};

const marks = new WeakSet<object>();

/** True for a deferred expression. */
export function isDeferred(value: unknown): value is Deferred {
  return typeof value === "function" && marks.has(value);
}

function deferred(build: (table: ColumnSource) => Expr): Deferred {
  const proxy = new Proxy(build, {
    get(target, prop) {
      if (typeof prop !== "string") return undefined;
      return (...args: unknown[]) =>
        deferred((table) => {
          const expr = target(table) as unknown as Record<string, unknown>;
          const method = expr[prop];
          if (typeof method !== "function") {
            throw new IbexArgumentError("_", prop, "is not an expression method");
          }
          return method.apply(
            expr,
            args.map((a) => (isDeferred(a) ? a(table) : a)),
          ) as Expr;
        });
    },
  }) as unknown as Deferred;
  marks.add(proxy);
  return proxy;
}

/**
 * The deferred table: `_.column` refers to a column of whatever table the
 * expression is used on.
 *
 * @example
 * ```ts
 * t.filter(_.qty.gt(1)).mutate({ total: _.price.mul(_.qty) }).orderBy(_.total.desc());
 * ```
 */
// Typed loosely on purpose, like Ibis's `_`: its columns are only known once it
// is used on a table (for typed code, use `(t) => t.price`).
// biome-ignore lint/suspicious/noExplicitAny: column names are resolved at use
export const _: Record<string, any> & { readonly [column: string]: Deferred } = new Proxy(
  {},
  {
    get: (_target, name) => (typeof name === "string" ? deferred((t) => t.col(name)) : undefined),
  },
);

/** Resolves a deferred value against a table; other values pass through. */
export function resolveDeferred<T>(value: T, table: ColumnSource): Exclude<T, Deferred> | Expr {
  return isDeferred(value) ? value(table) : (value as Exclude<T, Deferred>);
}
