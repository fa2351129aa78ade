/**
 * Ibex data types. A data type is a frozen value: a kind plus nullability.
 *
 * The set of kinds grows with the type system; every switch over `TypeKind`
 * is exhaustive, so adding a kind is a compile error wherever it is unhandled.
 */

/** The names of the type kinds Ibex supports (`list` has an element type). */
export const TYPE_KINDS = ["int64", "float64", "utf8", "bool", "date32", "list"] as const;

/** A type kind, e.g. `"int64"`. */
export type TypeKind = (typeof TYPE_KINDS)[number];

/**
 * A data type with nullability.
 *
 * @example
 * ```ts
 * import { dt } from "@ibex/ir";
 * const t = dt.int64();          // nullable int64
 * const r = dt.utf8(false);      // non-nullable string
 * ```
 */
export interface DataType<K extends TypeKind = TypeKind> {
  readonly kind: K;
  readonly nullable: boolean;
  /** The element type of a `list`. */
  readonly element?: DataType;
}

const cache = new Map<string, DataType>();

/**
 * Returns the (interned, frozen) data type for a primitive kind and
 * nullability. Lists carry an element type: build them with {@link listOf}.
 */
export function dataType<K extends TypeKind>(kind: K, nullable = true): DataType<K> {
  if (kind === "list") throw new Error("dataType: a list needs an element type; use listOf(element)");
  const key = `${kind}${nullable ? "?" : "!"}`;
  let t = cache.get(key);
  if (t === undefined) {
    t = Object.freeze({ kind, nullable });
    cache.set(key, t);
  }
  return t as DataType<K>;
}

/** A list of `element` values (interned, frozen). */
export function listOf(element: DataType, nullable = true): DataType<"list"> {
  const key = `list<${typeToString(element)}>${nullable ? "?" : "!"}`;
  let t = cache.get(key);
  if (t === undefined) {
    t = Object.freeze({ kind: "list", nullable, element });
    cache.set(key, t);
  }
  return t as DataType<"list">;
}

/** Constructors for every data type (nullable unless told otherwise). */
export const dt = Object.freeze({
  int64: (nullable = true) => dataType("int64", nullable),
  float64: (nullable = true) => dataType("float64", nullable),
  utf8: (nullable = true) => dataType("utf8", nullable),
  bool: (nullable = true) => dataType("bool", nullable),
  date32: (nullable = true) => dataType("date32", nullable),
  list: (element: DataType, nullable = true) => listOf(element, nullable),
});

/** True when `kind` names a type kind Ibex supports. */
export function isTypeKind(kind: string): kind is TypeKind {
  return (TYPE_KINDS as readonly string[]).includes(kind);
}

/** True for the numeric kinds (arithmetic and ordering apply). */
export function isNumeric(t: DataType): t is DataType<"int64" | "float64"> {
  return t.kind === "int64" || t.kind === "float64";
}

/** True when two types are the same kind and nullability. */
export function typeEquals(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind || a.nullable !== b.nullable) return false;
  if (a.element === undefined || b.element === undefined) return a.element === b.element;
  return typeEquals(a.element, b.element);
}

/** The same type with the given nullability. */
export function withNullable<K extends TypeKind>(t: DataType<K>, nullable: boolean): DataType<K> {
  if (t.kind === "list") return listOf(t.element as DataType, nullable) as DataType<K>;
  return dataType(t.kind, nullable);
}

/** Renders a type as Ibis does: `int64`, `!int64` for non-nullable. */
export function typeToString(t: DataType): string {
  const name = t.kind === "list" ? `list<${typeToString(t.element as DataType)}>` : t.kind;
  return `${t.nullable ? "" : "!"}${name}`;
}
