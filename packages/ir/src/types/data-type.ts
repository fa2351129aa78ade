/**
 * Ibex data types. A data type is a frozen, interned value: a kind, its
 * parameters (decimal precision and scale, timestamp unit and zone, nested
 * element and field types) and nullability.
 *
 * Every switch over `TypeKind` is exhaustive, so adding a kind is a compile
 * error wherever it is unhandled.
 */

/** The names of the type kinds Ibex supports (Arrow's names where Ibis's differ in width). */
export const TYPE_KINDS = [
  "null",
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float32",
  "float64",
  "decimal",
  "utf8",
  "binary",
  "date32",
  "time64",
  "timestamp",
  "interval",
  "list",
  "struct",
  "map",
  "union",
] as const;

/** A type kind, e.g. `"int64"`. */
export type TypeKind = (typeof TYPE_KINDS)[number];

/** Kinds that carry parameters: build them with their own constructor, not {@link dataType}. */
export type ParametricKind = "decimal" | "timestamp" | "list" | "struct" | "map" | "union";

/** A kind without parameters. */
export type SimpleKind = Exclude<TypeKind, ParametricKind>;

/** The signed and unsigned integer kinds. */
export type IntegerKind = "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64";

/** The numeric kinds: integers, floats and decimals. */
export type NumericKind = IntegerKind | "float32" | "float64" | "decimal";

/** A timestamp's resolution: seconds, milli-, micro- or nanoseconds. */
export type TimeUnit = "s" | "ms" | "us" | "ns";

/** One named field of a struct type. */
export interface StructField {
  readonly name: string;
  readonly type: DataType;
}

/**
 * A data type with nullability. Parameters are present only on the kinds they
 * belong to: `precision`/`scale` on decimal, `unit`/`timezone` on timestamp,
 * `element` on list, `fields` on struct, `key`/`value` on map.
 *
 * @example
 * ```ts
 * import { dt } from "@ibex/ir";
 * const t = dt.int64();                       // nullable int64
 * const r = dt.utf8(false);                   // non-nullable string
 * const price = dt.decimal(12, 2);            // decimal(12, 2)
 * const at = dt.timestamp("us", "UTC");       // UTC timestamp, microseconds
 * ```
 */
export interface DataType<K extends TypeKind = TypeKind> {
  readonly kind: K;
  readonly nullable: boolean;
  /** The element type of a `list`. */
  readonly element?: DataType;
  /** Total significant digits of a `decimal` (1–38). */
  readonly precision?: number;
  /** Digits after the decimal point of a `decimal` (0–precision). */
  readonly scale?: number;
  /** The resolution of a `timestamp`. */
  readonly unit?: TimeUnit;
  /** The zone of a `timestamp` (an IANA name or an offset like `+00:00`), or null for a zone-less one. */
  readonly timezone?: string | null;
  /** The fields of a `struct`. */
  readonly fields?: readonly StructField[];
  /** The key type of a `map`. */
  readonly key?: DataType;
  /** The value type of a `map`. */
  readonly value?: DataType;
  /**
   * A `union`'s layout: Arrow's sparse or dense. Its members are `fields`, in
   * type-id order (member i has type id i).
   */
  readonly mode?: UnionMode;
}

/** The layout of a union: every member as long as the union (sparse) or packed with offsets (dense). */
export type UnionMode = "sparse" | "dense";

const PARAMETRIC: ReadonlySet<TypeKind> = new Set<TypeKind>(["decimal", "timestamp", "list", "struct", "map", "union"]);
const cache = new Map<string, DataType>();

function intern<K extends TypeKind>(t: DataType<K>): DataType<K> {
  const key = typeToString(t);
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = Object.freeze(t);
    cache.set(key, hit);
  }
  return hit as DataType<K>;
}

/**
 * Returns the (interned, frozen) data type for a kind without parameters.
 * Parametric kinds have their own constructors ({@link decimalOf},
 * {@link timestampOf}, {@link listOf}, {@link structOf}, {@link mapOf}).
 */
export function dataType<K extends TypeKind>(kind: K, nullable = true): DataType<K> {
  if (PARAMETRIC.has(kind)) {
    throw new Error(`dataType: ${kind} has parameters; use dt.${kind}(...) (or ${kind}Of) to build it`);
  }
  return intern({ kind, nullable });
}

/** A list of `element` values (interned, frozen). */
export function listOf(element: DataType, nullable = true): DataType<"list"> {
  return intern({ kind: "list", nullable, element });
}

/** A decimal with `precision` digits, `scale` of them after the point (Arrow's decimal128). */
export function decimalOf(precision: number, scale: number, nullable = true): DataType<"decimal"> {
  if (!Number.isInteger(precision) || precision < 1 || precision > 38) {
    throw new Error(`decimal: precision ${precision} is not an integer in 1..38`);
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new Error(`decimal: scale ${scale} is not an integer in 0..${precision}`);
  }
  return intern({ kind: "decimal", nullable, precision, scale });
}

/** A timestamp in `unit`, zone-less (`timezone` null) or in a zone. */
export function timestampOf(
  unit: TimeUnit = "us",
  timezone: string | null = null,
  nullable = true,
): DataType<"timestamp"> {
  if (!["s", "ms", "us", "ns"].includes(unit)) throw new Error(`timestamp: unknown unit ${JSON.stringify(unit)}`);
  if (timezone !== null && (typeof timezone !== "string" || timezone === "")) {
    throw new Error(`timestamp: timezone must be a non-empty string or null, got ${JSON.stringify(timezone)}`);
  }
  return intern({ kind: "timestamp", nullable, unit, timezone });
}

function requireUniqueNames(kind: string, what: string, fields: readonly StructField[]): void {
  if (fields.length === 0) throw new Error(`${kind}: needs at least one ${what}`);
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) throw new Error(`${kind}: duplicate ${what} ${JSON.stringify(f.name)}`);
    names.add(f.name);
  }
}

/** A struct of named fields (names unique, at least one). */
export function structOf(fields: readonly StructField[], nullable = true): DataType<"struct"> {
  requireUniqueNames("struct", "field", fields);
  return intern({
    kind: "struct",
    nullable,
    fields: Object.freeze(fields.map((f) => Object.freeze({ name: f.name, type: f.type }))),
  });
}

/**
 * A union of named members (Arrow's union; each value is one member's value,
 * its tag naming which). Member `i` has type id `i`.
 */
export function unionOf(
  members: readonly StructField[],
  mode: UnionMode = "sparse",
  nullable = true,
): DataType<"union"> {
  requireUniqueNames("union", "member", members);
  if (members.length > 127) throw new Error("union: at most 127 members");
  if (mode !== "sparse" && mode !== "dense") throw new Error(`union: unknown mode ${JSON.stringify(mode)}`);
  return intern({
    kind: "union",
    nullable,
    mode,
    fields: Object.freeze(members.map((f) => Object.freeze({ name: f.name, type: withNullable(f.type, true) }))),
  });
}

/** A map from `key` to `value` (keys are never null). */
export function mapOf(key: DataType, value: DataType, nullable = true): DataType<"map"> {
  return intern({ kind: "map", nullable, key: withNullable(key, false), value });
}

/** Constructors for every data type (nullable unless told otherwise). */
export const dt = Object.freeze({
  null: () => dataType("null", true),
  bool: (nullable = true) => dataType("bool", nullable),
  int8: (nullable = true) => dataType("int8", nullable),
  int16: (nullable = true) => dataType("int16", nullable),
  int32: (nullable = true) => dataType("int32", nullable),
  int64: (nullable = true) => dataType("int64", nullable),
  uint8: (nullable = true) => dataType("uint8", nullable),
  uint16: (nullable = true) => dataType("uint16", nullable),
  uint32: (nullable = true) => dataType("uint32", nullable),
  uint64: (nullable = true) => dataType("uint64", nullable),
  float32: (nullable = true) => dataType("float32", nullable),
  float64: (nullable = true) => dataType("float64", nullable),
  decimal: (precision: number, scale: number, nullable = true) => decimalOf(precision, scale, nullable),
  utf8: (nullable = true) => dataType("utf8", nullable),
  binary: (nullable = true) => dataType("binary", nullable),
  date32: (nullable = true) => dataType("date32", nullable),
  time64: (nullable = true) => dataType("time64", nullable),
  timestamp: (unit: TimeUnit = "us", timezone: string | null = null, nullable = true) =>
    timestampOf(unit, timezone, nullable),
  interval: (nullable = true) => dataType("interval", nullable),
  list: (element: DataType, nullable = true) => listOf(element, nullable),
  struct: (fields: readonly StructField[], nullable = true) => structOf(fields, nullable),
  map: (key: DataType, value: DataType, nullable = true) => mapOf(key, value, nullable),
  union: (members: readonly StructField[], mode: UnionMode = "sparse", nullable = true) =>
    unionOf(members, mode, nullable),
});

/** True when `kind` names a type kind Ibex supports. */
export function isTypeKind(kind: string): kind is TypeKind {
  return (TYPE_KINDS as readonly string[]).includes(kind);
}

/** True for a kind without parameters. */
export function isSimpleKind(kind: TypeKind): kind is SimpleKind {
  return !PARAMETRIC.has(kind);
}

/** The numeric kinds, in TYPE_KINDS order: integers, floats, decimal. */
export const NUMERIC_KINDS: readonly NumericKind[] = TYPE_KINDS.slice(
  TYPE_KINDS.indexOf("int8"),
  TYPE_KINDS.indexOf("decimal") + 1,
) as NumericKind[];

const INTEGER_KINDS: ReadonlySet<TypeKind> = new Set<TypeKind>(NUMERIC_KINDS.slice(0, 8));

/** True for the integer kinds, signed or not. */
export function isInteger(t: DataType): t is DataType<IntegerKind> {
  return INTEGER_KINDS.has(t.kind);
}

/** True for float32 and float64. */
export function isFloating(t: DataType): t is DataType<"float32" | "float64"> {
  return t.kind === "float32" || t.kind === "float64";
}

/** True for the numeric kinds (arithmetic and ordering apply). */
export function isNumeric(t: DataType): t is DataType<NumericKind> {
  return isInteger(t) || isFloating(t) || t.kind === "decimal";
}

/** True for date32, time64 and timestamp. */
export function isTemporal(t: DataType): t is DataType<"date32" | "time64" | "timestamp"> {
  return t.kind === "date32" || t.kind === "time64" || t.kind === "timestamp";
}

/** True for kinds with a total order (min, max, sorting, `<`). */
export function isOrderable(t: DataType): boolean {
  return isNumeric(t) || isTemporal(t) || ["utf8", "binary", "bool", "interval"].includes(t.kind);
}

/** True when two types are the same kind, parameters and nullability. */
export function typeEquals(a: DataType, b: DataType): boolean {
  return a === b || typeToString(a) === typeToString(b);
}

/** True when two types are equal apart from their nullability (at the top level). */
export function sameTypeIgnoringNullability(a: DataType, b: DataType): boolean {
  return typeEquals(withNullable(a, true), withNullable(b, true));
}

/** The same type with the given nullability. */
export function withNullable<K extends TypeKind>(t: DataType<K>, nullable: boolean): DataType<K> {
  if (t.nullable === nullable) return t;
  return intern({ ...t, nullable });
}

/**
 * Renders a type as Ibis does (`int64`, `!int64` for non-nullable), with its
 * parameters: `decimal(12, 2)`, `timestamp(us, "UTC")`, `list<utf8>`,
 * `struct<"a": int64>`, `map<utf8, float64>`. The text is canonical: two
 * types are equal exactly when their texts are.
 */
export function typeToString(t: DataType): string {
  return `${t.nullable ? "" : "!"}${body(t)}`;
}

function body(t: DataType): string {
  switch (t.kind) {
    case "decimal":
      return `decimal(${t.precision}, ${t.scale})`;
    case "timestamp":
      return t.timezone == null ? `timestamp(${t.unit})` : `timestamp(${t.unit}, ${JSON.stringify(t.timezone)})`;
    case "list":
      return `list<${typeToString(t.element as DataType)}>`;
    case "struct":
      return `struct<${(t.fields ?? []).map((f) => `${JSON.stringify(f.name)}: ${typeToString(f.type)}`).join(", ")}>`;
    case "map":
      return `map<${typeToString(t.key as DataType)}, ${typeToString(t.value as DataType)}>`;
    case "union":
      return `union<${t.mode}; ${(t.fields ?? []).map((f) => `${JSON.stringify(f.name)}: ${typeToString(f.type)}`).join(", ")}>`;
    default:
      return t.kind;
  }
}
