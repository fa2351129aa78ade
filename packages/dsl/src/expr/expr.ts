import type { DataType, LiteralValue, RelationNode, SimpleKind, SortKey, TypeKind, ValueNode } from "@ibex/ir";
import {
  AggregateCallNode,
  CallNode,
  CastNode,
  comparableType,
  containsAggregate,
  dataType,
  IbexArgumentError,
  IbexTypeError,
  InSubqueryNode,
  isInteger,
  isRelationNode,
  LiteralNode,
  ProjectNode,
  ScalarSubqueryNode,
  sameTypeIgnoringNullability,
  sortKey,
  TRUNCATE_UNITS,
  typeToString,
  withNullable,
} from "@ibex/ir";
import { buildAggregation } from "../table/aggregation.js";
import { relationOfExpr } from "../table/column-origin.js";
import type { IntegerKind, NumericKind, Promote } from "../types/dtype.js";
import { isDeferred } from "./deferred.js";
import { asMethod } from "./method-errors.js";
import type { FrameBounds } from "./window.js";
import { windowOver } from "./window.js";

/** A value accepted wherever an expression is: an `Expr` or a JS literal. */
export type ExprLike<K extends TypeKind = TypeKind> = Expr<K> | LiteralOf<K>;

/** The JS literals that stand for a kind. */
export type LiteralOf<K extends TypeKind> =
  | (K extends NumericKind ? number | bigint : never)
  | (K extends "utf8" ? string : never)
  | (K extends "bool" ? boolean : never)
  | null;

/** An expression with a type-level output name (from {@link Expr.name}). */
export type Named<K extends TypeKind, N extends string> = Expr<K> & { readonly alias: N };

/**
 * A typed, immutable column expression. Wraps an IR value node; every method
 * builds a new node through the IR constructors (which check types at once).
 *
 * @example
 * ```ts
 * const cheap = t.price.mul(t.qty).lt(100).and(t.name.isNull().not());
 * ```
 */
export class Expr<K extends TypeKind = TypeKind> {
  /** The IR node this expression stands for. */
  readonly node: ValueNode;
  /** The output name given with {@link Expr.name}, if any. */
  readonly alias: string | undefined;
  declare readonly __kind: K;

  constructor(node: ValueNode, alias?: string) {
    this.node = node;
    this.alias = alias;
    Object.freeze(this);
  }

  /** The expression's type kind. */
  get kind(): K {
    return this.node.type.kind as K;
  }

  /** The same expression, with an output name (used by `select`, which types the column by it). */
  name<N extends string>(alias: N): Named<K, N> {
    return new Expr<K>(this.node, alias) as Named<K, N>;
  }

  eq(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("eq", [this, other]);
  }
  ne(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("ne", [this, other]);
  }
  lt(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("lt", [this, other]);
  }
  le(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("le", [this, other]);
  }
  gt(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("gt", [this, other]);
  }
  ge(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("ge", [this, other]);
  }

  /** `a + b`; also a date or timestamp plus an interval, and interval + interval. */
  add<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<ArithmeticKind<K, V>>;
  add(this: Expr<DateLike>, other: Expr<"interval">): Expr<K>;
  add(this: Expr<"interval">, other: Expr<"interval">): Expr<"interval">;
  add(other: ExprLike | Expr): Expr {
    return call("add", [this, other]);
  }
  /** `a - b`; also a date or timestamp minus an interval, and interval - interval. */
  sub<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<ArithmeticKind<K, V>>;
  sub(this: Expr<DateLike>, other: Expr<"interval">): Expr<K>;
  sub(this: Expr<"interval">, other: Expr<"interval">): Expr<"interval">;
  sub(other: ExprLike | Expr): Expr {
    return call("sub", [this, other]);
  }
  mul<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<ArithmeticKind<K, V>> {
    return call("mul", [this, other]);
  }
  /** True division: always float64, like Ibis. */
  div(this: Expr<NumericKind>, other: ExprLike<NumericKind>): Expr<"float64"> {
    return call("div", [this, other]);
  }

  and(this: Expr<"bool">, other: ExprLike<"bool">): Expr<"bool"> {
    return call("and", [this, other]);
  }
  or(this: Expr<"bool">, other: ExprLike<"bool">): Expr<"bool"> {
    return call("or", [this, other]);
  }
  not(this: Expr<"bool">): Expr<"bool"> {
    return call("not", [this]);
  }
  isNull(): Expr<"bool"> {
    return call("isNull", [this]);
  }

  // ---- subqueries ----------------------------------------------------------

  /**
   * This reduction of its table, as one value usable against any table: a
   * scalar subquery (Ibis's `as_scalar`).
   *
   * @example
   * ```ts
   * t.filter(t.price.gt(t.price.mean().asScalar()));
   * ```
   */
  asScalar(): Expr<K> {
    const relation = relationOfExpr(this.node, "asScalar");
    if (!containsAggregate(this.node)) {
      throw new IbexArgumentError(
        "asScalar",
        "expression",
        "is not a reduction: reduce it first (e.g. .max(), .sum())",
      );
    }
    return new Expr<K>(ScalarSubqueryNode.create(buildAggregation(relation, [], [{ name: "value", expr: this.node }])));
  }

  /**
   * True where the value occurs in `values`: a column (or expression) of
   * another table, or a one-column table (`IN (subquery)`).
   *
   * @example
   * ```ts
   * orders.filter(orders.customer.isin(vip.select("id")));
   * ```
   */
  isin(values: Expr | SubqueryTable | readonly ExprLike<CompatibleWith<K>>[]): Expr<"bool"> {
    if (Array.isArray(values)) return inList(this, values as readonly ExprLike[], "isin");
    return new Expr(InSubqueryNode.create(this.node, subqueryOf(values as Expr | SubqueryTable, "isin"), false));
  }
  /** True where the value does not occur in `values` (SQL `NOT IN`: unknown if `values` has a null). */
  notin(values: Expr | SubqueryTable | readonly ExprLike<CompatibleWith<K>>[]): Expr<"bool"> {
    if (Array.isArray(values)) return call("not", [inList(this, values as readonly ExprLike[], "notin")]);
    return new Expr(InSubqueryNode.create(this.node, subqueryOf(values as Expr | SubqueryTable, "notin"), true));
  }

  /** `lower <= x AND x <= upper`. */
  between(
    lower: ExprLike<K> | ExprLike<CompatibleWith<K>>,
    upper: ExprLike<K> | ExprLike<CompatibleWith<K>>,
  ): Expr<"bool"> {
    return call<"bool">("ge", [this, lower]).and(call<"bool">("le", [this, upper]));
  }

  /** `then` where this condition holds, else `otherwise` (Ibis's `ifelse`; a null condition picks `otherwise`). */
  ifElse<A extends ExprLike | Expr, B extends ExprLike | Expr>(
    this: Expr<"bool">,
    then: A,
    otherwise: B,
  ): Expr<BranchKind<KindOfValue<A>, KindOfValue<B>>> {
    const first = ([then, otherwise] as unknown[]).find((a): a is Expr => a instanceof Expr);
    return new Expr(
      CallNode.create("ifElse", [
        this.node,
        toExpr(then, first?.node.type, "ifElse").node,
        toExpr(otherwise, first?.node.type, "ifElse").node,
      ]),
    );
  }

  // ---- numeric -----------------------------------------------------------------

  /** `-x`. */
  negate(this: Expr<NumericKind>): Expr<K> {
    return call("negate", [this]);
  }
  abs(this: Expr<NumericKind>): Expr<K> {
    return call("abs", [this]);
  }
  /** Smallest integral value >= x, as float64 (an integer stays as it is). */
  ceil(this: Expr<NumericKind>): Expr<K> {
    return isInteger(this.node.type) ? (this as unknown as Expr<K>) : call("ceil", [this]);
  }
  /** Largest integral value <= x, as float64 (an integer stays as it is). */
  floor(this: Expr<NumericKind>): Expr<K> {
    return isInteger(this.node.type) ? (this as unknown as Expr<K>) : call("floor", [this]);
  }
  /** Rounded to `digits` decimal places, half away from zero, as float64 (an integer stays as it is). */
  round(this: Expr<NumericKind>, digits = 0): Expr<K> {
    if (!Number.isSafeInteger(digits))
      throw new IbexArgumentError("round", "digits", `must be an integer, got ${digits}`);
    return isInteger(this.node.type) ? (this as unknown as Expr<K>) : call("round", [this, BigInt(digits)]);
  }
  sqrt(this: Expr<NumericKind>): Expr<"float64"> {
    return call("sqrt", [this]);
  }
  exp(this: Expr<NumericKind>): Expr<"float64"> {
    return call("exp", [this]);
  }
  /** Natural logarithm. */
  ln(this: Expr<NumericKind>): Expr<"float64"> {
    return call("ln", [this]);
  }
  /** Logarithm to `base` (default e). */
  log(this: Expr<NumericKind>, base?: ExprLike<NumericKind>): Expr<"float64"> {
    if (base === undefined) return this.ln();
    return this.ln().div((toExpr(base, "float64", "log") as Expr<NumericKind>).ln());
  }
  log2(this: Expr<NumericKind>): Expr<"float64"> {
    return call("log2", [this]);
  }
  log10(this: Expr<NumericKind>): Expr<"float64"> {
    return call("log10", [this]);
  }
  pow(this: Expr<NumericKind>, exponent: ExprLike<NumericKind>): Expr<"float64"> {
    return call("pow", [this, exponent]);
  }
  /** -1, 0 or 1, as float64. */
  sign(this: Expr<NumericKind>): Expr<"float64"> {
    return call("sign", [this]);
  }
  sin(this: Expr<NumericKind>): Expr<"float64"> {
    return call("sin", [this]);
  }
  cos(this: Expr<NumericKind>): Expr<"float64"> {
    return call("cos", [this]);
  }
  tan(this: Expr<NumericKind>): Expr<"float64"> {
    return call("tan", [this]);
  }
  asin(this: Expr<NumericKind>): Expr<"float64"> {
    return call("asin", [this]);
  }
  acos(this: Expr<NumericKind>): Expr<"float64"> {
    return call("acos", [this]);
  }
  atan(this: Expr<NumericKind>): Expr<"float64"> {
    return call("atan", [this]);
  }
  /** atan(this / x), by quadrant. */
  atan2(this: Expr<NumericKind>, x: ExprLike<NumericKind>): Expr<"float64"> {
    return call("atan2", [this, x]);
  }
  /** Remainder of this / other, with this's sign. */
  mod<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<ArithmeticKind<K, V>> {
    return call("mod", [this, other]);
  }
  /** floor(this / other): an integer of the operands' common type when both are integers, else float64. */
  floorDiv(this: Expr<NumericKind>, other: ExprLike<NumericKind>): Expr<NumericKind> {
    const o = toExpr(other, this.node.type, "floorDiv", "argument 2") as Expr<NumericKind>;
    if (!isInteger(this.node.type) || !isInteger(o.node.type)) return this.div(o).floor();
    // Integers divide exactly (no trip through float64): the truncated
    // quotient, one less where the remainder is non-zero and the signs differ.
    return asMethod("floorDiv", () => {
      const q = call<IntegerKind>("intDiv", [this, o]);
      if (q.node.type.kind.startsWith("uint")) return q as Expr<NumericKind>; // no negatives: truncation is floor
      const r = call<IntegerKind>("mod", [this, o]);
      const zero = toExpr(0, q.node.type) as Expr<IntegerKind>;
      const adjust = r.ne(zero).and(r.lt(zero).xor(o.lt(zero)));
      return adjust.ifElse(q.sub(1), q) as Expr<NumericKind>;
    });
  }
  /** Bounded to [lower, upper]; a null bound is no bound. */
  clip(
    this: Expr<NumericKind>,
    bounds: { readonly lower?: ExprLike<NumericKind>; readonly upper?: ExprLike<NumericKind> },
  ): Expr<K> {
    let e: Expr = this;
    if (bounds.upper !== undefined && bounds.upper !== null) e = least(e, bounds.upper as ExprLike);
    if (bounds.lower !== undefined && bounds.lower !== null) e = greatest(e, bounds.lower as ExprLike);
    // greatest/least skip nulls: a null value stays null
    return new Expr<K>(CallNode.create("ifElse", [this.isNull().node, toExpr(null, e.node.type).node, e.node]));
  }
  /** Bitwise AND of two integers (of their common type). */
  bitwiseAnd<V extends IntegerOperand>(this: Expr<IntegerKind>, other: V): Expr<ArithmeticKind<K, V>> {
    return call("bitwiseAnd", [this, other]);
  }
  /** Bitwise OR of two integers. */
  bitwiseOr<V extends IntegerOperand>(this: Expr<IntegerKind>, other: V): Expr<ArithmeticKind<K, V>> {
    return call("bitwiseOr", [this, other]);
  }
  /** Bitwise XOR of two integers. */
  bitwiseXor<V extends IntegerOperand>(this: Expr<IntegerKind>, other: V): Expr<ArithmeticKind<K, V>> {
    return call("bitwiseXor", [this, other]);
  }
  /** The bits shifted left by `n`. */
  bitwiseLeftShift<V extends IntegerOperand>(this: Expr<IntegerKind>, n: V): Expr<ArithmeticKind<K, V>> {
    return call("bitwiseLeftShift", [this, n]);
  }
  /** The bits shifted right by `n` (sign-extending). */
  bitwiseRightShift<V extends IntegerOperand>(this: Expr<IntegerKind>, n: V): Expr<ArithmeticKind<K, V>> {
    return call("bitwiseRightShift", [this, n]);
  }
  /** Every bit flipped (two's complement: `~x`), in the value's own integer type. */
  bitwiseNot(this: Expr<IntegerKind>): Expr<K> {
    const t = this.node.type;
    const width = BigInt(Number(t.kind.replace(/^u?int/, "")));
    // x XOR all-ones: -1 for signed kinds, 2^width - 1 for unsigned ones
    const ones = t.kind.startsWith("u") ? (1n << width) - 1n : -1n;
    return new Expr<K>(CallNode.create("bitwiseXor", [this.node, LiteralNode.create(ones, dataType(t.kind, false))]));
  }
  isNan(this: Expr<NumericKind>): Expr<"bool"> {
    return call("isNan", [this]);
  }
  /** True for +-infinity. */
  isInf(this: Expr<NumericKind>): Expr<"bool"> {
    return this.abs().eq(Number.POSITIVE_INFINITY);
  }

  // ---- null handling and logic -------------------------------------------------

  notNull(): Expr<"bool"> {
    return call("not", [call("isNull", [this])]);
  }
  /** This value, or `value` where it is null. */
  fillNull(value: ExprLike<K> | Expr): Expr<K> {
    return asMethod("fillNull", () => coalesce(this, value as ExprLike) as Expr<K>);
  }
  /** Null where this equals `other`. */
  nullif(other: ExprLike<K> | Expr): Expr<K> {
    return call("nullif", [this, other]);
  }
  /** Exclusive or (null if either side is null). */
  xor(this: Expr<"bool">, other: ExprLike<"bool">): Expr<"bool"> {
    const o = toExpr(other, "bool", "xor") as Expr<"bool">;
    return this.or(o).and(this.and(o).not());
  }

  // ---- strings ---------------------------------------------------------------

  /** Number of characters of a string, or of elements of a list. */
  length(this: Expr<"utf8"> | Expr<"list">): Expr<"int64"> {
    return call(this.kind === "list" ? "arrayLength" : "length", [this]);
  }
  lower(this: Expr<"utf8">): Expr<"utf8"> {
    return call("lower", [this]);
  }
  upper(this: Expr<"utf8">): Expr<"utf8"> {
    return call("upper", [this]);
  }
  /** Without leading and trailing spaces. */
  strip(this: Expr<"utf8">): Expr<"utf8"> {
    return call("strip", [this]);
  }
  lstrip(this: Expr<"utf8">): Expr<"utf8"> {
    return call("lstrip", [this]);
  }
  rstrip(this: Expr<"utf8">): Expr<"utf8"> {
    return call("rstrip", [this]);
  }
  /** True where a string holds a substring, or a list holds a value. */
  contains(this: Expr<"utf8"> | Expr<"list">, value: ExprLike | Expr): Expr<"bool"> {
    if (this.kind === "list") {
      const element = this.node.type.element;
      return new Expr(CallNode.create("arrayContains", [this.node, toExpr(value, element, "contains").node]));
    }
    return call("contains", [this, value]);
  }
  startsWith(this: Expr<"utf8">, prefix: ExprLike<"utf8">): Expr<"bool"> {
    return call("startsWith", [this, prefix]);
  }
  endsWith(this: Expr<"utf8">, suffix: ExprLike<"utf8">): Expr<"bool"> {
    return call("endsWith", [this, suffix]);
  }
  /** Every occurrence of `from` replaced by `to`. */
  replace(this: Expr<"utf8">, from: ExprLike<"utf8">, to: ExprLike<"utf8">): Expr<"utf8"> {
    return call("replace", [this, from, to]);
  }
  /** Strings joined (null arguments are skipped), or lists one after the other. */
  concat<T extends "utf8" | "list">(this: Expr<T>, ...others: (ExprLike<"utf8"> | Expr<T>)[]): Expr<T> {
    return call(this.kind === "list" ? "arrayConcat" : "concat", [this, ...others]);
  }

  // ---- stable hashes and ids (Ibex's Rust functions) ---------------------------------

  /**
   * xxHash64 of the value's canonical bytes: stable across runs, versions and
   * platforms (the encoding and hash are documented in `docs/engine.md`).
   *
   * @example
   * ```ts
   * users.select({ bucket: users.email.stableHash64().mod(16) });
   * ```
   */
  stableHash64(): Expr<"uint64"> {
    return call("stableHash64", [this]);
  }
  /** A 128-bit stable hash (xxHash64 with seeds 0 and 1), as 16 bytes. */
  stableHash128(): Expr<"binary"> {
    return call("stableHash128", [this]);
  }
  /** A stable 64-bit hash namespaced by `prefix` (different prefixes, unrelated hashes). */
  prefixedHash64(prefix: string): Expr<"uint64"> {
    return new Expr(
      CallNode.create("prefixedHash64", [LiteralNode.create(prefix, dataType("utf8", false)), this.node]),
    );
  }
  /** A stable id: `prefix + "_" + 16 hex digits` of the value's stable hash (`user_3f2a…`). */
  stableId(prefix: string): Expr<"utf8"> {
    return new Expr(CallNode.create("stableId", [LiteralNode.create(prefix, dataType("utf8", false)), this.node]));
  }
  /** The value's canonical bytes: what the stable hashes hash. */
  colToByte(): Expr<"binary"> {
    return call("colToByte", [this]);
  }

  // ---- structs and maps ------------------------------------------------------------

  /**
   * A struct's field (null where the struct is null).
   *
   * @example
   * ```ts
   * people.select({ city: people.address.field("city") });
   * ```
   */
  field<T extends TypeKind = TypeKind>(this: Expr<"struct">, name: string): Expr<T> {
    return asMethod(
      "field",
      () => new Expr(CallNode.create("structField", [this.node, LiteralNode.create(name, dataType("utf8", false))])),
    );
  }
  /** The value a map holds for `key`, or `fallback` (default null) where it holds none; null where the map is null. */
  get<T extends TypeKind = TypeKind>(this: Expr<"map">, key: ExprLike | Expr, fallback?: ExprLike | Expr): Expr<T> {
    const m = this.node.type;
    return asMethod(
      "get",
      () => {
        const found = CallNode.create("mapExtract", [this.node, toExpr(key, m.key, "get", "argument 2").node]);
        if (fallback === undefined) return new Expr<T>(found);
        const filled = CallNode.create("coalesce", [found, toExpr(fallback, m.value, "get", "argument 3").node]);
        const none = LiteralNode.create(null, filled.type);
        return new Expr<T>(CallNode.create("ifElse", [CallNode.create("isNull", [this.node]), none, filled]));
      },
      { "argument 1": "argument 1 (the map)" },
    );
  }
  // ---- Arrow metadata and unions -------------------------------------------

  /**
   * The value under `key` in this column's Arrow field metadata (as the data
   * was registered), the same on every row; null when absent (a Rust
   * function: `ibex_arrow_metadata`).
   *
   * @example
   * ```ts
   * t.select({ unit: t.price.arrowMetadata("unit") });
   * ```
   */
  arrowMetadata(key: string): Expr<"utf8"> {
    return call("arrowMetadata", [this, toExpr(key, "utf8", "arrowMetadata", "argument 2")]);
  }
  /** The name of the member each union value holds (`ibex_union_tag`). */
  unionTag(this: Expr<"union">): Expr<"utf8"> {
    return call("unionTag", [this]);
  }
  /**
   * The value of member `tag` where the union holds it, else null
   * (`ibex_union_extract`). Unions have no Substrait type: queries with them
   * run on the DataFrame lane.
   *
   * @example
   * ```ts
   * t.select({ n: t.value.unionExtract("int"), s: t.value.unionExtract("text") });
   * ```
   */
  unionExtract<T extends TypeKind = TypeKind>(this: Expr<"union">, tag: string): Expr<T> {
    return call<T>("unionExtract", [this, toExpr(tag, "utf8", "unionExtract", "argument 2")]);
  }

  /** A map's keys, as a list, in entry order (alias of {@link Expr.mapKeys}). */
  keys(this: Expr<"map">): Expr<"list"> {
    return call("mapKeys", [this], "keys");
  }
  /** A map's values, as a list, in entry order (alias of {@link Expr.mapValues}). */
  values(this: Expr<"map">): Expr<"list"> {
    return call("mapValues", [this], "values");
  }
  /**
   * A map's keys, as a list, in entry order (a Rust function: `ibex_map_keys`).
   *
   * @example
   * ```ts
   * t.select({ k: t.attrs.mapKeys() });
   * ```
   */
  mapKeys(this: Expr<"map">): Expr<"list"> {
    return call("mapKeys", [this]);
  }
  /** A map's values, as a list, in entry order (a Rust function: `ibex_map_values`). */
  mapValues(this: Expr<"map">): Expr<"list"> {
    return call("mapValues", [this]);
  }
  /** A map's entries, as a list of `struct<key, value>` in entry order (`ibex_map_entries`). */
  mapEntries(this: Expr<"map">): Expr<"list"> {
    return call("mapEntries", [this]);
  }
  /** The value of the first entry whose key equals `key`; null where there is none (`ibex_map_extract`). */
  mapExtract<T extends TypeKind = TypeKind>(this: Expr<"map">, key: ExprLike | Expr): Expr<T> {
    return asMethod("mapExtract", () => {
      const k = toExpr(key, this.node.type.key, "mapExtract", "argument 2");
      return new Expr<T>(CallNode.create("mapExtract", [this.node, k.node]));
    });
  }

  // ---- lists ---------------------------------------------------------------------

  /** The element at a 0-based index (negative: from the end, -1 is the last); null when out of range. */
  index(this: Expr<"list">, i: number): Expr {
    if (!Number.isSafeInteger(i)) throw new IbexArgumentError("index", "i", `must be an integer, got ${i}`);
    return call("listExtract", [this, BigInt(i)], "index");
  }
  /**
   * The element at a 0-based index, which may be an expression (negative:
   * from the end); null out of range (a Rust function: `ibex_list_extract`).
   *
   * @example
   * ```ts
   * t.select({ second: t.tags.listExtract(1), last: t.tags.listExtract(-1) });
   * ```
   */
  listExtract(this: Expr<"list">, i: ExprLike<"int64"> | Expr<"int64">): Expr {
    return call("listExtract", [this, typeof i === "number" ? BigInt(i) : i]);
  }
  /** The distinct elements, in order of first appearance; one null is kept (`ibex_list_unique`). */
  listUnique(this: Expr<"list">): Expr<"list"> {
    return call("listUnique", [this]);
  }
  /** The elements from 0-based `start` up to, not including, `stop` (default: the end). */
  slice(this: Expr<"list">, start: number, stop?: number): Expr<"list"> {
    for (const [name, v] of [
      ["start", start],
      ["stop", stop ?? 0],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0)
        throw new IbexArgumentError("slice", name, `must be a non-negative integer, got ${v}`);
    }
    const end: Expr = stop === undefined ? call("arrayLength", [this], "slice") : toExpr(BigInt(stop));
    return call("arraySlice", [this, BigInt(start + 1), end], "slice");
  }
  /** Left-padded with `pad` (default space) to `length` characters (longer strings are cut). */
  lpad(this: Expr<"utf8">, length: number, pad = " "): Expr<"utf8"> {
    return call("lpad", [this, BigInt(length), pad]);
  }
  /** Right-padded with `pad` (default space) to `length` characters (longer strings are cut). */
  rpad(this: Expr<"utf8">, length: number, pad = " "): Expr<"utf8"> {
    return call("rpad", [this, BigInt(length), pad]);
  }
  repeat(this: Expr<"utf8">, times: ExprLike<"int64">): Expr<"utf8"> {
    return call("repeat", [this, times]);
  }
  reverse(this: Expr<"utf8">): Expr<"utf8"> {
    return call("reverse", [this]);
  }
  /** 0-based position of `sub`, -1 if absent (Ibis's `find`). */
  find(this: Expr<"utf8">, sub: ExprLike<"utf8">): Expr<"int64"> {
    return call<"int64">("strpos", [this, sub], "find").sub(1) as Expr<"int64">;
  }
  /** The first `n` characters. */
  left(this: Expr<"utf8">, n: ExprLike<"int64">): Expr<"utf8"> {
    return call("left", [this, n]);
  }
  /** The last `n` characters. */
  right(this: Expr<"utf8">, n: ExprLike<"int64">): Expr<"utf8"> {
    return call("right", [this, n]);
  }
  /** First character upper case, the rest lower case. */
  capitalize(this: Expr<"utf8">): Expr<"utf8"> {
    // concat skips nulls, so a null string is kept null explicitly
    const joined = this.left(1).upper().concat(this.substr(1).lower());
    return new Expr(CallNode.create("ifElse", [this.isNull().node, toExpr(null, "utf8").node, joined.node]));
  }
  /** True where the regular expression matches somewhere. */
  reSearch(this: Expr<"utf8">, pattern: string): Expr<"bool"> {
    return call("reSearch", [this, pattern]);
  }
  /** Every match of the regular expression replaced (`$1` refers to groups). */
  reReplace(this: Expr<"utf8">, pattern: string, replacement: ExprLike<"utf8">): Expr<"utf8"> {
    return call("reReplace", [this, pattern, replacement, "g"]);
  }
  /**
   * The text of the first match of `pattern`: the whole match for `index` 0,
   * capture group `index` otherwise; null where the pattern does not match.
   */
  reExtract(this: Expr<"utf8">, pattern: string, index = 0): Expr<"utf8"> {
    if (!Number.isSafeInteger(index) || index < 0)
      throw new IbexArgumentError("reExtract", "index", `must be a non-negative integer, got ${index}`);
    // One more group around the whole pattern makes group 1 the whole match.
    const groups = call<"list">("reMatch", [this, `(${pattern})`], "reExtract");
    return call("arrayIndex", [groups, BigInt(index + 1)], "reExtract");
  }
  /** The parts between `delimiter`s, as a list. */
  split(this: Expr<"utf8">, delimiter: ExprLike<"utf8">): Expr<"list"> {
    return call("split", [this, delimiter]);
  }
  /** The parts between matches of a regex, as a list (`"a1b22c".reSplit("[0-9]+")` is `["a", "b", "c"]`). */
  reSplit(this: Expr<"utf8">, pattern: string): Expr<"list"> {
    return call("reSplit", [this, pattern]);
  }

  /** SQL LIKE: `%` matches any run of characters, `_` any one. */
  like(this: Expr<"utf8">, pattern: ExprLike<"utf8">): Expr<"bool"> {
    return call("like", [this, pattern]);
  }
  /** Case-insensitive LIKE. */
  ilike(this: Expr<"utf8">, pattern: ExprLike<"utf8">): Expr<"bool"> {
    return call("ilike", [this, pattern]);
  }
  /** The substring from a 0-based `start` (like Ibis), of `length` characters (default: to the end). */
  substr(this: Expr<"utf8">, start: number, length?: number): Expr<"utf8"> {
    if (!Number.isSafeInteger(start) || start < 0)
      throw new IbexArgumentError("substr", "start", `must be a non-negative integer, got ${start}`);
    if (length !== undefined && (!Number.isSafeInteger(length) || length < 0))
      throw new IbexArgumentError("substr", "length", `must be a non-negative integer, got ${length}`);
    return call("substr", length === undefined ? [this, start + 1] : [this, start + 1, length]);
  }

  // ---- dates, times and timestamps -------------------------------------------------

  /** The year of a date or timestamp. */
  year(this: Expr<DateLike>): Expr<"int64"> {
    return call("year", [this]);
  }
  /** The month (1-12) of a date or timestamp. */
  month(this: Expr<DateLike>): Expr<"int64"> {
    return call("month", [this]);
  }
  /** The day of the month of a date or timestamp. */
  day(this: Expr<DateLike>): Expr<"int64"> {
    return call("day", [this]);
  }
  /** The quarter (1-4) of a date or timestamp. */
  quarter(this: Expr<DateLike>): Expr<"int64"> {
    return call("quarter", [this]);
  }
  /** The day of the year (1-366) of a date or timestamp. */
  dayOfYear(this: Expr<DateLike>): Expr<"int64"> {
    return call("dayOfYear", [this]);
  }
  /** The day of the week, Monday = 0 ... Sunday = 6 (as in Ibis). */
  dayOfWeek(this: Expr<DateLike>): Expr<"int64"> {
    return call<"int64">("dayOfWeekSunday0", [this], "dayOfWeek").add(6).mod(7) as Expr<"int64">;
  }
  /** Seconds since 1970-01-01 UTC (midnight for a date; truncated for a timestamp). */
  epochSeconds(this: Expr<DateLike>): Expr<"int64"> {
    return call("epochSeconds", [this]);
  }
  /** The hour (0-23) of a timestamp or time (in the timestamp's zone). */
  hour(this: Expr<TimeLike>): Expr<"int64"> {
    return call("hour", [this]);
  }
  /** The minute (0-59) of a timestamp or time. */
  minute(this: Expr<TimeLike>): Expr<"int64"> {
    return call("minute", [this]);
  }
  /** The whole second (0-59) of a timestamp or time. */
  second(this: Expr<TimeLike>): Expr<"int64"> {
    return call("second", [this]);
  }
  /** The millisecond within the second (0-999). */
  millisecond(this: Expr<TimeLike>): Expr<"int64"> {
    return call<"int64">("millisecondOfMinute", [this], "millisecond").mod(1000) as Expr<"int64">;
  }
  /** The microsecond within the second (0-999999). */
  microsecond(this: Expr<TimeLike>): Expr<"int64"> {
    return call<"int64">("microsecondOfMinute", [this], "microsecond").mod(1_000_000) as Expr<"int64">;
  }
  /**
   * The value truncated to a unit: `year`, `quarter`, `month`, `week` or `day`
   * (dates and timestamps), `hour` ... `microsecond` (timestamps and times).
   *
   * @example
   * ```ts
   * events.groupBy({ month: events.at.truncate("month") }).aggregate({ n: events.at.count() });
   * ```
   */
  truncate(this: Expr<DateLike | "time64">, unit: TruncateUnit): Expr<K> {
    const allowed = TRUNCATE_UNITS[this.kind as "date32" | "timestamp" | "time64"] as readonly string[] | undefined;
    if (allowed === undefined) {
      throw new IbexTypeError(
        "truncate",
        "argument 1",
        `has type ${typeToString(this.node.type)}, expected date32, timestamp or time64`,
      );
    }
    if (!allowed.includes(unit)) {
      throw new IbexArgumentError(
        "truncate",
        "unit",
        `"${unit}" is not a unit of ${this.kind} (one of: ${allowed.join(", ")})`,
      );
    }
    // The op takes (unit, value); the method's receiver is its argument 1.
    return asMethod(
      "truncate",
      () => new Expr<K>(CallNode.create("truncate", [LiteralNode.create(unit, dataType("utf8", false)), this.node])),
      { "argument 1": "argument 2 (unit)", "argument 2": "argument 1" },
    );
  }
  /**
   * The value formatted with a strftime format (chrono's: `%Y-%m-%d %H:%M:%S%.3f`).
   *
   * @example
   * ```ts
   * orders.select({ day: orders.o_orderdate.strftime("%d/%m/%Y") });
   * ```
   */
  strftime(this: Expr<DateLike | "time64">, format: string): Expr<"utf8"> {
    return call("strftime", [this, format]);
  }
  /** A string parsed as a date with a strftime format (default ISO `%Y-%m-%d`); a string that does not parse is an error. */
  toDate(this: Expr<"utf8">, format = "%Y-%m-%d"): Expr<"date32"> {
    return call("toDate", [this, format]);
  }
  /** A string parsed as a zone-less nanosecond timestamp with a strftime format (default ISO `%Y-%m-%dT%H:%M:%S%.f`). */
  toTimestamp(this: Expr<"utf8">, format = "%Y-%m-%dT%H:%M:%S%.f"): Expr<"timestamp"> {
    return call("toTimestamp", [this, format]);
  }
  /** A string parsed as a time of day with a strftime format (default `%H:%M:%S%.f`). */
  toTime(this: Expr<"utf8">, format = "%H:%M:%S%.f"): Expr<"time64"> {
    return call("toTime", [this, format]);
  }
  /**
   * The number of whole `unit`s from `other` to this value (floored): days or
   * weeks between dates; days down to microseconds between timestamps.
   *
   * @example
   * ```ts
   * lineitem.select({ lateDays: lineitem.l_receiptdate.delta(lineitem.l_commitdate, "day") });
   * ```
   */
  delta(this: Expr<DateLike>, other: Expr<DateLike>, unit: DeltaUnit): Expr<"int64"> {
    return new Expr(deltaNode(this.node, other.node, unit));
  }

  // ---- casts -------------------------------------------------------------------

  /**
   * This value converted to a kind (`"int32"`) or a full type
   * (`dt.decimal(12, 2)`, `dt.timestamp("ms", "UTC")`); a value that does not
   * convert is an error when the query runs.
   */
  cast<T extends SimpleKind>(kind: T): Expr<T>;
  cast<T extends TypeKind>(type: DataType<T>): Expr<T>;
  cast<T extends TypeKind>(to: T | DataType<T>): Expr<T> {
    return new Expr<T>(CastNode.create(this.node, to as SimpleKind | DataType));
  }
  /** This value converted to a kind or type, or null where it does not convert. */
  tryCast<T extends SimpleKind>(kind: T): Expr<T>;
  tryCast<T extends TypeKind>(type: DataType<T>): Expr<T>;
  tryCast<T extends TypeKind>(to: T | DataType<T>): Expr<T> {
    return new Expr<T>(CastNode.create(this.node, to as SimpleKind | DataType, true));
  }

  // ---- sorting -------------------------------------------------------------

  /** Ascending sort key (nulls last unless `nullsFirst`). */
  asc(options: { readonly nullsFirst?: boolean } = {}): SortSpec {
    return new SortSpec(this, true, options.nullsFirst ?? false);
  }
  /** Descending sort key (nulls last unless `nullsFirst`). */
  desc(options: { readonly nullsFirst?: boolean } = {}): SortSpec {
    return new SortSpec(this, false, options.nullsFirst ?? false);
  }

  // ---- aggregates (each takes an optional `where` filter) ------------------

  /** Number of non-null values. */
  count(options?: AggOptions): Expr<"int64"> {
    return aggregate("count", [this], options);
  }
  /** Number of distinct non-null values. */
  nunique(options?: AggOptions): Expr<"int64"> {
    return aggregate("count", [this], options, true);
  }
  sum(this: Expr<NumericKind>, options?: AggOptions): Expr<K> {
    return aggregate("sum", [this], options);
  }
  mean(this: Expr<NumericKind>, options?: AggOptions): Expr<"float64"> {
    return aggregate("mean", [this], options);
  }
  min(options?: AggOptions): Expr<K> {
    return aggregate("min", [this], options);
  }
  max(options?: AggOptions): Expr<K> {
    return aggregate("max", [this], options);
  }
  /** Standard deviation; `how: "sample"` (default) or `"pop"`. */
  std(this: Expr<NumericKind>, options?: AggOptions & { readonly how?: "sample" | "pop" }): Expr<"float64"> {
    return aggregate(options?.how === "pop" ? "stdPop" : "stdSample", [this], options);
  }
  /** Variance; `how: "sample"` (default) or `"pop"`. */
  var(this: Expr<NumericKind>, options?: AggOptions & { readonly how?: "sample" | "pop" }): Expr<"float64"> {
    return aggregate(options?.how === "pop" ? "varPop" : "varSample", [this], options);
  }
  median(this: Expr<NumericKind>, options?: AggOptions): Expr<"float64"> {
    return aggregate("median", [this], options);
  }
  /** Exact quantile `q` in [0, 1], interpolated. */
  quantile(this: Expr<NumericKind>, q: number, options?: AggOptions): Expr<"float64"> {
    if (!(q >= 0 && q <= 1)) throw new IbexArgumentError("quantile", "q", `must be in [0, 1], got ${q}`);
    return aggregate("quantile", [this, toExpr(q, "float64")], options);
  }
  /** First value, in `orderBy` order (arbitrary without one). */
  first(options?: OrderedAggOptions): Expr<K> {
    return aggregate("first", [this], options);
  }
  /** Last value, in `orderBy` order (arbitrary without one). */
  last(options?: OrderedAggOptions): Expr<K> {
    return aggregate("last", [this], options);
  }
  any(this: Expr<"bool">, options?: AggOptions): Expr<"bool"> {
    return aggregate("any", [this], options);
  }
  all(this: Expr<"bool">, options?: AggOptions): Expr<"bool"> {
    return aggregate("all", [this], options);
  }
  /**
   * The group's values as a list, in `orderBy` order (nulls included, like
   * SQL's ARRAY_AGG).
   */
  collect(options?: OrderedAggOptions): Expr<"list"> {
    return aggregate("collect", [this], options);
  }
  /**
   * The first non-null value in `orderBy` order (a Rust aggregate:
   * `ibex_first_value_agg`; parallel partial states merge by order, so the
   * answer does not depend on how the engine splits the input).
   *
   * @example
   * ```ts
   * t.groupBy("account").aggregate({ opening: t.balance.firstValueAgg({ orderBy: t.day }) });
   * ```
   */
  firstValueAgg(options?: OrderedAggOptions): Expr<K> {
    return aggregate("firstValueAgg", [this], options);
  }
  /** The last non-null value in `orderBy` order (`ibex_last_value_agg`). */
  lastValueAgg(options?: OrderedAggOptions): Expr<K> {
    return aggregate("lastValueAgg", [this], options);
  }
  /** The number of distinct non-null values (`ibex_count_distinct_agg`). */
  countDistinctAgg(options?: AggOptions): Expr<"int64"> {
    return aggregate("countDistinctAgg", [this], options);
  }
  /**
   * The non-null strings joined by `sep`, in `orderBy` order (`ibex_string_agg`).
   *
   * @example
   * ```ts
   * t.groupBy("team").aggregate({ names: t.name.stringAgg(", ", { orderBy: t.name }) });
   * ```
   */
  stringAgg(this: Expr<"utf8">, sep: string, options?: OrderedAggOptions): Expr<"utf8"> {
    return aggregate("stringAgg", [this, toExpr(sep, "utf8", "stringAgg", "argument 2")], options);
  }
  /** Values joined by `sep`, in `orderBy` order. */
  groupConcat(this: Expr<"utf8">, sep = ",", options?: OrderedAggOptions): Expr<"utf8"> {
    return aggregate("groupConcat", [this, toExpr(sep)], options);
  }

  // ---- windows --------------------------------------------------------------

  /**
   * Evaluates this aggregate or window function for every row over its
   * window: rows with the same `groupBy` values, in `orderBy` order, within
   * the `rows` or `range` frame (default: the whole partition).
   *
   * @example
   * ```ts
   * t.mutate({
   *   running: t.amount.sum().over({ groupBy: t.account, orderBy: t.day, rows: [null, 0] }),
   *   rank: rank().over({ groupBy: t.account, orderBy: t.amount.desc() }),
   *   avg3: t.amount.mean().over({ orderBy: t.day, rows: [-2, 0] }),
   * });
   * ```
   */
  over(options: WindowOptions = {}): Expr<K> {
    const node = this.node;
    if (node.kind !== "aggregateCall") {
      throw new IbexArgumentError(
        "over",
        "function",
        `applies to an aggregate or window function (sum(), rank(), lag(), ...), got a ${node.kind} expression`,
      );
    }
    const groupBy =
      options.groupBy === undefined ? [] : Array.isArray(options.groupBy) ? options.groupBy : [options.groupBy];
    return new Expr<K>(
      windowOver(node, {
        partitionBy: groupBy.map((g: Expr) => g.node),
        orderBy: toSortKeys(options.orderBy),
        rows: options.rows,
        range: options.range,
      }),
    );
  }

  /** The value `offset` rows before (default 1) in the window's order, else `fallback` (null). */
  lag(offset = 1, fallback?: ExprLike<K>): Expr<K> {
    return analytic("lag", this, offset, fallback);
  }
  /** The value `offset` rows after (default 1) in the window's order, else `fallback` (null). */
  lead(offset = 1, fallback?: ExprLike<K>): Expr<K> {
    return analytic("lead", this, offset, fallback);
  }
  /** Non-null values up to and including the row, in the window's order (`ibex_running_count`; use with `.over(...)`). */
  runningCount(): Expr<"int64"> {
    return aggregate("runningCount", [this], undefined);
  }
  /**
   * Sum of the non-null values up to and including the row, in the window's
   * order; null before the first (`ibex_running_total`; use with `.over(...)`).
   *
   * @example
   * ```ts
   * t.mutate({ balance: t.amount.runningTotal().over({ groupBy: t.account, orderBy: t.day }) });
   * ```
   */
  runningTotal(this: Expr<NumericKind>): Expr<"int64" | "float64"> {
    return aggregate("runningTotal", [this], undefined);
  }
  /** The value `offset` rows before (default 1), else `fallback` (`ibex_lag_window`; use with `.over(...)`). */
  lagWindow(offset = 1, fallback?: ExprLike<K>): Expr<K> {
    return analytic("lagWindow", this, offset, fallback);
  }
  /** The value `offset` rows after (default 1), else `fallback` (`ibex_lead_window`; use with `.over(...)`). */
  leadWindow(offset = 1, fallback?: ExprLike<K>): Expr<K> {
    return analytic("leadWindow", this, offset, fallback);
  }
  /** The first value of the window frame (use with `.over(...)`). */
  firstValue(): Expr<K> {
    return aggregate("firstValue", [this], undefined);
  }
  /** The last value of the window frame (use with `.over(...)`). */
  lastValue(): Expr<K> {
    return aggregate("lastValue", [this], undefined);
  }
  /** The `n`-th value (0-based, like Ibis) of the window frame (use with `.over(...)`). */
  nthValue(n: number): Expr<K> {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new IbexArgumentError("nthValue", "n", `must be a non-negative integer, got ${n}`);
    return aggregate("nthValue", [this, toExpr(n + 1)], undefined);
  }
  /** Running sum in `orderBy` order (rows from the partition's start to this one). */
  cumsum(this: Expr<NumericKind>, options?: CumulativeOptions): Expr<K> {
    return this.sum({ ...(options?.where ? { where: options.where } : {}) }).over(cumulative(options)) as Expr<K>;
  }
  /** Running mean in `orderBy` order. */
  cummean(this: Expr<NumericKind>, options?: CumulativeOptions): Expr<"float64"> {
    return this.mean({ ...(options?.where ? { where: options.where } : {}) }).over(cumulative(options));
  }
  /** Running minimum in `orderBy` order. */
  cummin(options?: CumulativeOptions): Expr<K> {
    return this.min({ ...(options?.where ? { where: options.where } : {}) }).over(cumulative(options));
  }
  /** Running maximum in `orderBy` order. */
  cummax(options?: CumulativeOptions): Expr<K> {
    return this.max({ ...(options?.where ? { where: options.where } : {}) }).over(cumulative(options));
  }
}

/**
 * A window: partitions (`groupBy`), their order (`orderBy`) and a frame,
 * `rows` or `range`, as `[start, end]` offsets from the current row
 * (negative = preceding, 0 = current, positive = following, null = unbounded).
 * Without a frame, aggregates see the whole partition (as in Ibis).
 */
export interface WindowOptions {
  readonly groupBy?: Expr | readonly Expr[];
  readonly orderBy?: SortLike | readonly SortLike[];
  readonly rows?: FrameBounds;
  readonly range?: FrameBounds;
}

/** Options of the running aggregates (`cumsum`, ...). */
export interface CumulativeOptions extends AggOptions {
  readonly groupBy?: Expr | readonly Expr[];
  readonly orderBy?: SortLike | readonly SortLike[];
}

function cumulative(options: CumulativeOptions | undefined): WindowOptions {
  return {
    ...(options?.groupBy === undefined ? {} : { groupBy: options.groupBy }),
    ...(options?.orderBy === undefined ? {} : { orderBy: options.orderBy }),
    rows: [null, 0],
  };
}

function analytic<K extends TypeKind>(
  op: "lag" | "lead" | "lagWindow" | "leadWindow",
  x: Expr<K>,
  offset: number,
  fallback: unknown,
): Expr<K> {
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new IbexArgumentError(op, "offset", `must be a non-negative integer, got ${offset}`);
  const args: Expr[] = [x, toExpr(offset)];
  if (fallback !== undefined && fallback !== null) args.push(toExpr(fallback as ExprLike, x.node.type, op));
  return aggregate(op, args, undefined);
}

/** The first non-null argument. */
export function coalesce(...values: (ExprLike | Expr)[]): Expr {
  return call("coalesce", values);
}

/** The greatest non-null argument (null only if all are null). */
export function greatest(...values: (ExprLike | Expr)[]): Expr {
  return call("greatest", values);
}

/** The least non-null argument (null only if all are null). */
export function least(...values: (ExprLike | Expr)[]): Expr {
  return call("least", values);
}

/**
 * A struct from named values (Ibis's `ibis.struct`).
 *
 * @example
 * ```ts
 * t.select({ point: struct({ x: t.x, y: t.y }) });
 * ```
 */
export function struct(fields: Readonly<Record<string, ExprLike | Expr>>): Expr<"struct"> {
  const entries = Object.entries(fields);
  if (entries.length === 0) throw new IbexArgumentError("struct", "fields", "needs at least one field");
  const args = entries.flatMap(([name, v]) => [
    LiteralNode.create(name, dataType("utf8", false)),
    toExpr(v, undefined, "struct").node,
  ]);
  return new Expr(CallNode.create("struct", args));
}

/**
 * A map from a list of keys and a list of values (Ibis's `ibis.map`).
 *
 * @example
 * ```ts
 * t.select({ m: map(t.names, t.scores) });
 * ```
 */
export function map(keys: Expr<"list">, values: Expr<"list">): Expr<"map"> {
  return new Expr(CallNode.create("map", [keys.node, values.node]));
}

/**
 * CASE WHEN: the value of the first case whose condition holds, else
 * `otherwise` (null if not given). Ibis's `ibis.cases`.
 *
 * @example
 * ```ts
 * cases([t.qty.gt(10), "bulk"], [t.qty.gt(1), "some"], { otherwise: "one" });
 * ```
 */
export function cases(
  ...items: (readonly [Expr<"bool">, ExprLike | Expr] | { readonly otherwise: ExprLike | Expr })[]
): Expr {
  const last = items.at(-1);
  const hasElse = last !== undefined && !Array.isArray(last);
  const branches = (hasElse ? items.slice(0, -1) : items) as (readonly [Expr<"bool">, ExprLike | Expr])[];
  if (branches.length === 0) throw new IbexArgumentError("cases", "cases", "needs at least one [condition, value]");
  const firstValue = branches.map(([, v]) => v).find((v): v is Expr => v instanceof Expr);
  const kind = firstValue?.node.type ?? toExpr(branches[0]?.[1] as ExprLike).node.type;
  let result: Expr = hasElse
    ? toExpr((last as { otherwise: ExprLike | Expr }).otherwise, kind, "cases")
    : toExpr(null, kind, "cases");
  for (const [cond, value] of [...branches].reverse()) {
    result = new Expr(CallNode.create("ifElse", [cond.node, toExpr(value, kind, "cases").node, result.node]));
  }
  return result;
}

function inList(x: Expr, values: readonly ExprLike[], op: string): Expr<"bool"> {
  if (values.length === 0) throw new IbexArgumentError(op, "values", "must not be empty");
  return new Expr(CallNode.create("isin", [x.node, ...values.map((v) => toExpr(v, x.node.type, op).node)]));
}

/** A table used as a subquery (anything with a relation node: a `Table`). */
export interface SubqueryTable {
  readonly node: RelationNode;
}

/** The one-column relation `isin`/`notin` search. */
function subqueryOf(values: Expr | SubqueryTable, op: string): RelationNode {
  if (!(values instanceof Expr)) {
    if (values === null || typeof values !== "object" || !isRelationNode(values.node ?? {})) {
      throw new IbexTypeError(op, "values", "must be a column of another table or a one-column table");
    }
    return values.node;
  }
  const node = values.node;
  const relation = relationOfExpr(node, op);
  const name = node.kind === "column" ? node.name : "value";
  return containsAggregate(node)
    ? buildAggregation(relation, [], [{ name, expr: node }])
    : ProjectNode.create(relation, [{ name, expr: node }]);
}

/** Options of every aggregate. */
export interface AggOptions {
  /** Only rows where this holds take part (`FILTER (WHERE ...)`). */
  readonly where?: Expr<"bool">;
}

/** Options of order-sensitive aggregates. */
export interface OrderedAggOptions extends AggOptions {
  readonly orderBy?: SortLike | readonly SortLike[];
}

/** A sort key: an expression with direction and null placement. */
export class SortSpec {
  constructor(
    readonly expr: Expr,
    readonly ascending: boolean,
    readonly nullsFirst: boolean,
  ) {
    Object.freeze(this);
  }
  toSortKey(): SortKey {
    return sortKey(this.expr.node, this.ascending, this.nullsFirst);
  }
}

/** What `orderBy` accepts per key: a sort spec or an expression (ascending). */
export type SortLike = SortSpec | Expr;

/** Normalizes sort keys. */
export function toSortKeys(keys: SortLike | readonly SortLike[] | undefined): SortKey[] {
  if (keys === undefined) return [];
  const list = Array.isArray(keys) ? keys : [keys];
  return list.map((k: SortLike) => (k instanceof SortSpec ? k.toSortKey() : sortKey(k.node)));
}

function aggregate<R extends TypeKind>(
  op: string,
  args: readonly Expr[],
  options: OrderedAggOptions | undefined,
  distinct = false,
): Expr<R> {
  return new Expr<R>(
    AggregateCallNode.create(
      op,
      args.map((a) => a.node),
      { distinct, where: options?.where?.node, orderBy: toSortKeys(options?.orderBy) },
    ),
  );
}

/** An operand of arithmetic: a numeric expression or a JS number/bigint. */
export type NumericOperand = Expr<NumericKind> | number | bigint;

/** Kinds with a calendar date. */
export type DateLike = "date32" | "timestamp";
/** Kinds with a time of day. */
export type TimeLike = "timestamp" | "time64";
/** Units `truncate` accepts. */
export type TruncateUnit =
  | "year"
  | "quarter"
  | "month"
  | "week"
  | "day"
  | "hour"
  | "minute"
  | "second"
  | "millisecond"
  | "microsecond";
/** Units `delta` counts in. */
export type DeltaUnit = "week" | "day" | "hour" | "minute" | "second" | "millisecond" | "microsecond";

const NANOS: Readonly<Record<Exclude<DeltaUnit, "week"> | "s" | "ms" | "us" | "ns", bigint>> = {
  day: 86_400_000_000_000n,
  hour: 3_600_000_000_000n,
  minute: 60_000_000_000n,
  second: 1_000_000_000n,
  millisecond: 1_000_000n,
  microsecond: 1000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1000n,
  ns: 1n,
};

/** Whole units from b to a: both sides as int64 counts of one unit, differenced, then rescaled (floored). */
function deltaNode(a: ValueNode, b: ValueNode, unit: DeltaUnit): ValueNode {
  const int64 = dataType("int64");
  const both = [a.type.kind, b.type.kind];
  let counts: ValueNode;
  let per: bigint; // nanoseconds per count
  if (both.every((k) => k === "date32")) {
    if (!["week", "day"].includes(unit)) {
      throw new IbexArgumentError("delta", "unit", `"${unit}" is finer than a day: dates differ by "day" or "week"`);
    }
    counts = CallNode.create("sub", [CastNode.create(a, int64), CastNode.create(b, int64)]);
    per = NANOS.day;
  } else if (both.every((k) => k === "timestamp")) {
    const common = comparableType("delta", [a.type, b.type]);
    const at = (x: ValueNode) =>
      CastNode.create(sameTypeIgnoringNullability(x.type, common) ? x : CastNode.create(x, common), int64);
    counts = CallNode.create("sub", [at(a), at(b)]);
    per = NANOS[common.unit ?? "us"];
  } else {
    throw new IbexTypeError(
      "delta",
      "other",
      `has type ${typeToString(b.type)}, which cannot be differenced with ${typeToString(a.type)} (dates with dates, timestamps with timestamps)`,
    );
  }
  const target = unit === "week" ? NANOS.day * 7n : NANOS[unit];
  if (target === per) return counts;
  const lit64 = (v: bigint) => LiteralNode.create(v, dataType("int64", false));
  if (target < per) return CallNode.create("mul", [counts, lit64(per / target)]);
  const q = new Expr<"int64">(counts).floorDiv(new Expr<"int64">(lit64(target / per)));
  return q.node;
}

/** An integer operand: an integer expression or a JS integer. */
export type IntegerOperand = Expr<IntegerKind> | number | bigint;

/**
 * The result kind of arithmetic between an expression of kind K and an
 * operand V. A JS number joins the expression's kind where it can, as at run
 * time (an integer literal takes an integer column's kind, any number takes
 * float32's); a fractional literal with an integer or decimal is float64.
 */
export type ArithmeticKind<K extends TypeKind, V> =
  V extends Expr<infer O>
    ? Promote<K, O>
    : number extends V
      ? V extends bigint
        ? Promote<K, "int64">
        : NumericKind
      : KindOfOperand<V> extends "int64"
        ? K
        : K extends "float32" | "float64"
          ? K
          : "float64";

/**
 * The kind of an arithmetic operand. A number literal's kind follows its
 * literal type, as at run time: `1` is int64, `1.5` float64; a plain
 * `number` may be either.
 */
export type KindOfOperand<V> =
  V extends Expr<infer O>
    ? O
    : V extends bigint
      ? "int64"
      : V extends number
        ? number extends V
          ? NumericKind
          : `${V}` extends `${string}.${string}` | `${string}e${string}`
            ? "float64"
            : "int64"
        : never;

/** The kind of an expression or JS literal. */
export type KindOfValue<V> =
  V extends Expr<infer K>
    ? K
    : V extends number | bigint
      ? KindOfOperand<V>
      : V extends string
        ? "utf8"
        : V extends boolean
          ? "bool"
          : never;

/** The kind of `ifElse`'s result: numeric branches promote, other kinds must match. */
type BranchKind<A extends TypeKind, B extends TypeKind> = [A] extends [never]
  ? B
  : [B] extends [never]
    ? A
    : A extends NumericKind
      ? B extends NumericKind
        ? Promote<A, B>
        : A
      : A;

/** Kinds a value of kind K may be compared with (numerics compare across). */
type CompatibleWith<K extends TypeKind> = K extends NumericKind ? NumericKind : K;

/**
 * An expression from a JS value. Integers become int64 (when safe), other
 * numbers float64; `null` takes the kind of `hint` (the other operand).
 */
export function toExpr(value: ExprLike | Expr, hint?: DataType | SimpleKind, op = "literal", argument = "value"): Expr {
  if (value instanceof Expr) return value;
  const h = typeof hint === "string" ? dataType(hint) : hint;
  return new Expr(literalNode(value as LiteralValue | number, h, op, argument));
}

/** An integer literal of the hint's integer kind where it fits, else int64. */
function integerLiteral(value: bigint, hint: DataType | undefined): ValueNode {
  if (hint !== undefined && isInteger(hint)) {
    try {
      return LiteralNode.create(value, dataType(hint.kind, false));
    } catch {
      // does not fit: int64 below
    }
  }
  return LiteralNode.create(value, dataType("int64", false));
}

function literalNode(value: unknown, hint: DataType | undefined, op: string, argument: string): ValueNode {
  switch (typeof value) {
    case "bigint":
      return integerLiteral(value, hint);
    case "number":
      // A number joins the other operand's kind where it can (as in Ibis,
      // where literals take the smallest type and promotion picks the column's).
      if (hint?.kind === "float32" || hint?.kind === "float64")
        return LiteralNode.create(value, dataType(hint.kind, false));
      if (Number.isSafeInteger(value)) return integerLiteral(BigInt(value), hint);
      return LiteralNode.create(value, dataType("float64", false));
    case "string":
      return LiteralNode.create(value, dataType("utf8", false));
    case "boolean":
      return LiteralNode.create(value, dataType("bool", false));
    case "object":
      if (value === null) {
        if (hint === undefined) {
          throw new IbexTypeError(op, argument, "is an untyped null: use lit(null, kind) to give it a type");
        }
        return LiteralNode.create(null, withNullable(hint, true));
      }
      break;
    default:
      break;
  }
  if (isDeferred(value)) {
    throw new IbexTypeError(
      op,
      argument,
      "is a deferred expression (`_.column`), which resolves only as a whole select/mutate/filter value: use the table's column here",
    );
  }
  const shown = typeof value === "function" || typeof value === "symbol" ? "a function" : String(value);
  throw new IbexTypeError(op, argument, `${shown} (a JS ${typeof value}) cannot be used as an Ibex literal`);
}

/**
 * Applies op `op` on behalf of DSL method `method` (default: the op itself),
 * so errors name the method and the argument by its position in the call.
 */
function call<R extends TypeKind>(op: string, args: readonly (ExprLike | Expr)[], method = op): Expr<R> {
  const first = args.find((a): a is Expr => a instanceof Expr);
  const nodes = args.map((a, i) => toExpr(a, first?.node.type, method, `argument ${i + 1}`).node);
  return asMethod(method, () => new Expr<R>(CallNode.create(op, nodes)));
}
