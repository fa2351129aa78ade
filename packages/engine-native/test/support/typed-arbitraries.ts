// A type-directed expression generator over every Ibex type: random tables of
// all scalar kinds (extreme integers, NaN, unicode, empty strings, nulls, dates
// and timestamps across centuries, time zones) and random expressions, nested
// to depth 4, built only from calls whose types line up. Expressions are data
// (printed on failure) and built against a table when the test runs.
import type { Expr, Table } from "@ibex/dsl";
import { cases, coalesce, greatest, interval, least, lit, map, struct } from "@ibex/dsl";
import { commonNumericType, dt } from "@ibex/ir";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { decimalVector, int64Vector } from "./vectors.js";

/** The kinds of values the generator builds (more precise than type kinds: units and zones). */
export type TKind =
  | "i8"
  | "i16"
  | "i32"
  | "i64"
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "f32"
  | "f64"
  | "dec"
  | "utf8"
  | "bool"
  | "date"
  | "ts"
  | "tsu"
  | "tz"
  | "time";

/** A generated table's columns: one of each kind. */
export const TYPED_COLUMNS: readonly TKind[] = [
  "i8",
  "i16",
  "i32",
  "i64",
  "u8",
  "u16",
  "u32",
  "u64",
  "f32",
  "f64",
  "dec",
  "utf8",
  "bool",
  "date",
  "ts",
  "tsu",
  "tz",
  "time",
];

/** An expression as data. */
export type TSpec =
  | { readonly t: "col"; readonly kind: TKind }
  | { readonly t: "lit"; readonly kind: TKind; readonly value: unknown }
  | { readonly t: "call"; readonly op: string; readonly args: readonly TSpec[]; readonly consts: readonly unknown[] };

const US_PER_DAY = 86_400_000_000n;

function valueArb(kind: TKind): fc.Arbitrary<unknown> {
  const ints = (min: bigint, max: bigint, small = 100n) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.bigInt({ min: min < -small ? -small : min, max: max > small ? small : max }) },
      { weight: 1, arbitrary: fc.constantFrom(min, max) },
    );
  switch (kind) {
    case "i8":
      return ints(-128n, 127n).map(Number);
    case "i16":
      return ints(-(2n ** 15n), 2n ** 15n - 1n).map(Number);
    case "i32":
      return ints(-(2n ** 31n), 2n ** 31n - 1n).map(Number);
    case "i64":
      return ints(-(2n ** 63n), 2n ** 63n - 1n);
    case "u8":
      return ints(0n, 255n).map(Number);
    case "u16":
      return ints(0n, 2n ** 16n - 1n).map(Number);
    case "u32":
      return ints(0n, 2n ** 32n - 1n).map(Number);
    case "u64":
      return ints(0n, 2n ** 64n - 1n);
    case "f32":
      return fc.oneof(
        fc.float({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0.5),
      );
    case "f64":
      return fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
        fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY, 2.5),
      );
    case "dec":
      return fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n });
    case "utf8":
      return fc.oneof(
        fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", "é", " ", "Z", "0", "日", "😀") }),
        fc.constantFrom("", "2024-02-29", "12:30:00"),
      );
    case "bool":
      return fc.boolean();
    case "date":
      // 1900-01-01 .. 2100-12-31
      return fc.integer({ min: -25_567, max: 47_846 });
    case "ts":
    case "tz":
      // 1900 .. 2100, microseconds
      return fc.bigInt({ min: -2_208_988_800_000_000n, max: 4_133_980_799_000_000n });
    case "tsu":
      // 1700 .. 2200 in nanoseconds would overflow int64 at the edges: 1900 .. 2200 fits
      return fc.bigInt({ min: -2_208_988_800_000_000_000n, max: 7_258_118_400_000_000_000n });
    case "time":
      return fc.bigInt({ min: 0n, max: US_PER_DAY - 1n });
  }
}

function vector(kind: TKind, values: readonly unknown[]): arrow.Vector {
  switch (kind) {
    case "i8":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Int8());
    case "i16":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Int16());
    case "i32":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Int32());
    case "i64":
      return arrow.vectorFromArray(values as (bigint | null)[], new arrow.Int64());
    case "u8":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Uint8());
    case "u16":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Uint16());
    case "u32":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Uint32());
    case "u64":
      return arrow.vectorFromArray(values as (bigint | null)[], new arrow.Uint64());
    case "f32":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Float32());
    case "f64":
      return arrow.vectorFromArray(values as (number | null)[], new arrow.Float64());
    case "dec":
      return decimalVector(12, 2, values as (bigint | null)[]);
    case "utf8":
      return arrow.vectorFromArray(values as (string | null)[], new arrow.Utf8());
    case "bool":
      return arrow.vectorFromArray(values as (boolean | null)[], new arrow.Bool());
    case "date":
      return arrow.vectorFromArray(
        values.map((d) => (d === null ? null : new Date((d as number) * 86_400_000))),
        new arrow.DateDay(),
      );
    case "ts":
      return int64Vector(new arrow.TimestampMicrosecond(), values as (bigint | null)[]);
    case "tz":
      return int64Vector(new arrow.TimestampMicrosecond("Asia/Kolkata"), values as (bigint | null)[]);
    case "tsu":
      return int64Vector(new arrow.TimestampNanosecond("+00:00"), values as (bigint | null)[]);
    case "time":
      return arrow.vectorFromArray(values as (bigint | null)[], new arrow.TimeMicrosecond());
  }
}

/** A table with one column per kind (named after it) and 0..20 rows with nulls. */
export function typedTableArb(kinds: readonly TKind[]): fc.Arbitrary<arrow.Table> {
  return fc.array(fc.tuple(...kinds.map((k) => fc.option(valueArb(k), { freq: 5 }))), { maxLength: 20 }).map(
    (rows) =>
      new arrow.Table(
        Object.fromEntries(
          kinds.map((k, j) => [
            k,
            vector(
              k,
              rows.map((r) => r[j] ?? null),
            ),
          ]),
        ),
      ),
  );
}

const INTS: readonly TKind[] = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"];
const NUMS: readonly TKind[] = [...INTS, "f32", "f64", "dec"];
const DATED: readonly TKind[] = ["date", "ts", "tsu", "tz"];
const TIMED: readonly TKind[] = ["ts", "tsu", "tz", "time"];

/**
 * The productions: for each op, the argument kinds it takes, the kind it
 * gives, and any constant arguments. Numeric promotion picks the result kind
 * the way Ibex's rules do (checked by the IR when the expression is built).
 */
type Production = {
  readonly op: string;
  readonly args: readonly TKind[];
  readonly result: TKind;
  readonly consts?: fc.Arbitrary<readonly unknown[]>;
};

const NUMERIC_TYPE = {
  i8: dt.int8(),
  i16: dt.int16(),
  i32: dt.int32(),
  i64: dt.int64(),
  u8: dt.uint8(),
  u16: dt.uint16(),
  u32: dt.uint32(),
  u64: dt.uint64(),
  f32: dt.float32(),
  f64: dt.float64(),
  dec: dt.decimal(12, 2),
} as const;
const KIND_OF: Readonly<Record<string, TKind>> = Object.fromEntries(
  Object.entries(NUMERIC_TYPE).map(([k, t]) => [t.kind, k as TKind]),
);

/** The kind mixed arithmetic gives, by the IR's own promotion rule (one place for it). */
const promote = (a: TKind, b: TKind): TKind =>
  KIND_OF[
    commonNumericType("add", [
      NUMERIC_TYPE[a as keyof typeof NUMERIC_TYPE],
      NUMERIC_TYPE[b as keyof typeof NUMERIC_TYPE],
    ]).kind
  ] as TKind;

function productions(): Production[] {
  const out: Production[] = [];
  const pairs = (kinds: readonly TKind[]) => kinds.flatMap((a) => kinds.map((b) => [a, b] as const));
  for (const [a, b] of pairs(NUMS)) {
    const r = promote(a, b);
    for (const op of ["add", "sub"]) out.push({ op, args: [a, b], result: r });
    if (r !== "dec") out.push({ op: "mul", args: [a, b], result: r });
    for (const op of ["lt", "le", "eq", "ne", "gt", "ge"]) out.push({ op, args: [a, b], result: "bool" });
    out.push({ op: "div", args: [a, b], result: "f64" });
    if (r === "dec" && a === "dec" && b === "dec") out.push({ op: "mul", args: [a, b], result: "dec" });
  }
  for (const k of INTS) {
    out.push({ op: "bitwiseNot", args: [k], result: k });
    for (const op of ["bitwiseAnd", "bitwiseOr", "bitwiseXor"]) out.push({ op, args: [k, k], result: k });
    for (const op of ["bitwiseLeftShift", "bitwiseRightShift"])
      out.push({ op, args: [k], result: k, consts: fc.tuple(fc.integer({ min: 0, max: 9 })) });
    out.push({ op: "floorDiv", args: [k, k], result: k });
    out.push({ op: "mod", args: [k, k], result: k });
    out.push({ op: "castF64", args: [k], result: "f64" });
    out.push({ op: "castDec", args: [k], result: "dec" });
  }
  for (const k of NUMS) {
    out.push({ op: "abs", args: [k], result: k });
    out.push({ op: "castUtf8", args: [k], result: "utf8" });
    out.push({ op: "tryCastI32", args: [k], result: "i32" });
    out.push({ op: "isNull", args: [k], result: "bool" });
    out.push({ op: "coalesce", args: [k, k], result: k });
    out.push({ op: "greatest", args: [k, k], result: k });
    out.push({ op: "ifElse", args: ["bool", k, k], result: k });
  }
  out.push({ op: "castF64", args: ["dec"], result: "f64" }, { op: "castF64", args: ["f32"], result: "f64" });
  out.push({ op: "round", args: ["dec"], result: "f64", consts: fc.tuple(fc.integer({ min: 0, max: 2 })) });
  out.push({ op: "sqrtAbs", args: ["f32"], result: "f64" });
  for (const k of DATED) {
    for (const op of ["year", "month", "day", "quarter", "dayOfYear", "dayOfWeek", "epochSeconds"])
      out.push({ op, args: [k], result: "i64" });
    out.push({
      op: "truncate",
      args: [k],
      result: k,
      consts: fc.tuple(fc.constantFrom("year", "quarter", "month", "week", "day")),
    });
    out.push({
      op: "plusInterval",
      args: [k],
      result: k,
      consts: fc.tuple(
        fc.record({ months: fc.integer({ min: -30, max: 30 }), days: fc.integer({ min: -40, max: 40 }) }),
        fc.boolean(),
      ),
    });
    out.push({ op: "lt", args: [k, k], result: "bool" });
    out.push({ op: "least", args: [k, k], result: k });
    out.push({ op: "ifElse", args: ["bool", k, k], result: k });
    out.push({ op: "isNull", args: [k], result: "bool" });
  }
  out.push({
    op: "deltaDays",
    args: ["date", "date"],
    result: "i64",
    consts: fc.tuple(fc.constantFrom("day", "week")),
  });
  for (const [a, b] of [
    ["ts", "ts"],
    ["tsu", "tsu"],
    ["tz", "tz"],
  ] as const) {
    out.push({
      op: "delta",
      args: [a, b],
      result: "i64",
      consts: fc.tuple(fc.constantFrom("day", "hour", "minute", "second", "millisecond")),
    });
  }
  for (const k of TIMED) {
    for (const op of ["hour", "minute", "second", "millisecond", "microsecond"])
      out.push({ op, args: [k], result: "i64" });
    if (k !== "tz" && k !== "time") {
      out.push({
        op: "truncate",
        args: [k],
        result: k,
        consts: fc.tuple(fc.constantFrom("hour", "minute", "second", "millisecond")),
      });
    }
  }
  out.push({ op: "truncate", args: ["time"], result: "time", consts: fc.tuple(fc.constantFrom("hour", "minute")) });
  for (const k of ["date", "ts", "tsu"] as const) {
    out.push({
      op: "strftime",
      args: [k],
      result: "utf8",
      consts: fc.tuple(fc.constantFrom("%Y-%m-%d", "%d/%m/%Y %j", "%a %b %e")),
    });
  }
  out.push({ op: "strftime", args: ["ts"], result: "utf8", consts: fc.tuple(fc.constant("%H:%M:%S%.6f")) });
  out.push({ op: "dateRoundTrip", args: ["date"], result: "date" });
  out.push(
    { op: "timestampRoundTrip", args: ["ts"], result: "bool" },
    { op: "timeRoundTrip", args: ["time"], result: "time" },
  );
  out.push({ op: "castDate", args: ["ts"], result: "date" }, { op: "castDate", args: ["tsu"], result: "date" });
  out.push({ op: "castTs", args: ["date"], result: "ts" });
  out.push({
    op: "reSplitLen",
    args: ["utf8"],
    result: "i64",
    consts: fc.tuple(fc.constantFrom("[a0]", "é+", "\\s", "")),
  });
  out.push({ op: "structRoundTrip", args: ["dec", "utf8"], result: "dec" });
  out.push({ op: "mapGet", args: ["utf8"], result: "utf8", consts: fc.tuple(fc.constantFrom("a", "b", "z")) });
  out.push({ op: "mapKeysValues", args: ["utf8"], result: "utf8" });
  // strings
  for (const op of ["lower", "upper", "strip", "lstrip", "rstrip", "reverse", "capitalize"])
    out.push({ op, args: ["utf8"], result: "utf8" });
  for (const op of ["concat", "fillNull", "nullif"]) out.push({ op, args: ["utf8", "utf8"], result: "utf8" });
  out.push({ op: "replace", args: ["utf8", "utf8", "utf8"], result: "utf8" });
  for (const op of ["lpad", "rpad"])
    out.push({ op, args: ["utf8"], result: "utf8", consts: fc.tuple(fc.nat(5), fc.constantFrom("*", "é")) });
  out.push({ op: "repeat", args: ["utf8"], result: "utf8", consts: fc.tuple(fc.nat(3)) });
  for (const op of ["left", "right"])
    out.push({ op, args: ["utf8"], result: "utf8", consts: fc.tuple(fc.integer({ min: -2, max: 4 })) });
  out.push({ op: "substr", args: ["utf8"], result: "utf8", consts: fc.tuple(fc.nat(3), fc.nat(3)) });
  out.push({
    op: "reExtract",
    args: ["utf8"],
    result: "utf8",
    consts: fc.tuple(fc.constantFrom("a+", "(b)(é?)"), fc.nat(2)),
  });
  out.push({
    op: "reReplace",
    args: ["utf8"],
    result: "utf8",
    consts: fc.tuple(fc.constantFrom("a+", "^."), fc.constantFrom("", "X")),
  });
  out.push({
    op: "splitIndex",
    args: ["utf8"],
    result: "utf8",
    consts: fc.tuple(fc.constantFrom("a", " ", "é"), fc.integer({ min: -2, max: 2 })),
  });
  out.push({ op: "length", args: ["utf8"], result: "i64" }, { op: "find", args: ["utf8", "utf8"], result: "i64" });
  for (const op of ["contains", "startsWith", "endsWith"]) out.push({ op, args: ["utf8", "utf8"], result: "bool" });
  out.push({ op: "like", args: ["utf8"], result: "bool", consts: fc.tuple(fc.constantFrom("%a%", "b_", "%")) });
  out.push({ op: "ilike", args: ["utf8"], result: "bool", consts: fc.tuple(fc.constantFrom("%A%", "É%")) });
  out.push({ op: "reSearch", args: ["utf8"], result: "bool", consts: fc.tuple(fc.constantFrom("^a", "é$", "[0-9]")) });
  out.push({ op: "isinStrings", args: ["utf8"], result: "bool", consts: fc.tuple(fc.constantFrom(["a"], ["", "b"])) });
  // lists (from split)
  out.push(
    { op: "listLength", args: ["utf8"], result: "i64" },
    { op: "listSliceLength", args: ["utf8"], result: "i64" },
  );
  out.push({ op: "listContains", args: ["utf8", "utf8"], result: "bool" });
  // numbers
  for (const k of ["f64", "f32", "i32"] as const) {
    out.push({ op: "negate", args: [k], result: k });
    // an integer stays as it is under ceil/floor; floats come back as float64
    for (const op of ["ceil", "floor"]) out.push({ op, args: [k], result: k === "i32" ? "i32" : "f64" });
    for (const op of ["sign", "sin", "cos", "tan", "asin", "acos", "atan", "sqrt", "exp", "ln", "log10", "log2"])
      out.push({ op, args: [k], result: "f64" });
    out.push({ op: "atan2", args: [k, "f64"], result: "f64" });
    out.push({ op: "pow", args: [k, "f64"], result: "f64" }, { op: "log", args: [k, "f64"], result: "f64" });
    out.push({ op: "clip", args: [k], result: k, consts: fc.tuple(fc.integer({ min: -50, max: 50 })) });
    out.push({ op: "isNan", args: [k], result: "bool" }, { op: "isInf", args: [k], result: "bool" });
    out.push({ op: "between", args: [k, k, k], result: "bool" });
    out.push({ op: "isinNumbers", args: [k], result: "bool", consts: fc.tuple(fc.constantFrom([0, 1], [2.5])) });
    out.push({ op: "notin", args: [k], result: "bool", consts: fc.tuple(fc.constantFrom([0, 1], [-1])) });
  }
  out.push({ op: "round", args: ["f64"], result: "f64", consts: fc.tuple(fc.integer({ min: -1, max: 3 })) });
  out.push({ op: "cases", args: ["bool", "i32", "i32"], result: "i32" });
  // logic
  for (const op of ["and", "or", "xor"]) out.push({ op, args: ["bool", "bool"], result: "bool" });
  out.push({ op: "not", args: ["bool"], result: "bool" }, { op: "notNull", args: ["utf8"], result: "bool" });
  return out;
}

const PRODUCTIONS = productions();
const BY_RESULT = new Map<TKind, Production[]>();
for (const p of PRODUCTIONS) BY_RESULT.set(p.result, [...(BY_RESULT.get(p.result) ?? []), p]);

/** A random expression giving `kind` over columns of `kinds`, nested up to `depth` calls deep. */
export function typedExprArb(kind: TKind, depth: number, kinds: readonly TKind[]): fc.Arbitrary<TSpec> {
  const leaf: fc.Arbitrary<TSpec> = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ t: "col", kind } as TSpec) },
    {
      weight: 1,
      arbitrary:
        kind === "tz" || kind === "tsu"
          ? fc.constant({ t: "col", kind } as TSpec)
          : fc.option(valueArb(kind), { freq: 6 }).map((value): TSpec => ({ t: "lit", kind, value })),
    },
  );
  const options = (BY_RESULT.get(kind) ?? []).filter((p) => p.args.every((a) => kinds.includes(a)));
  if (depth <= 0 || options.length === 0) return leaf;
  const call = fc
    .constantFrom(...options)
    .chain((p) =>
      fc
        .tuple(fc.tuple(...p.args.map((a) => typedExprArb(a, depth - 1, kinds))), p.consts ?? fc.constant([]))
        .map(([args, consts]): TSpec => ({ t: "call", op: p.op, args, consts })),
    );
  return fc.oneof({ weight: 1, arbitrary: leaf }, { weight: 2, arbitrary: call });
}

const TYPES = {
  i8: "int8",
  i16: "int16",
  i32: "int32",
  i64: "int64",
  u8: "uint8",
  u16: "uint16",
  u32: "uint32",
  u64: "uint64",
  f32: "float32",
  f64: "float64",
  utf8: "utf8",
  bool: "bool",
  date: "date32",
  time: "time64",
} as const;

/** An unscaled decimal(12, 2) value as text ("-12345" -> "-123.45"). */
function decimalText(v: bigint): string {
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Builds a generated expression against a generated table. */
export function buildTyped(spec: TSpec, t: Table): Expr {
  if (spec.t === "col") return t.col(spec.kind) as Expr;
  if (spec.t === "lit") {
    if (spec.kind === "dec")
      return lit(spec.value === null ? null : decimalText(spec.value as bigint), dt.decimal(12, 2)) as Expr;
    if (spec.kind === "ts") return lit(spec.value as bigint | null, dt.timestamp("us")) as Expr;
    if (spec.kind === "date") return lit(spec.value, "date32") as Expr;
    return lit(spec.value, TYPES[spec.kind as keyof typeof TYPES]) as Expr;
  }
  const a = spec.args.map((x) => buildTyped(x, t)) as Expr[] as never[];
  const [x, y, z] = a as unknown as [never, never, never];
  const c = spec.consts as never[];
  const e = x as unknown as Record<string, (...args: unknown[]) => Expr>;
  switch (spec.op) {
    case "castF64":
      return (x as Expr).cast("float64");
    case "castDec":
      return (x as Expr).cast(dt.decimal(24, 2));
    case "castUtf8":
      return (x as Expr).cast("utf8");
    case "tryCastI32":
      return (x as Expr).tryCast("int32");
    case "castDate":
      return (x as Expr).cast("date32");
    case "castTs":
      return (x as Expr).cast(dt.timestamp("us"));
    case "coalesce":
      return coalesce(x, y);
    case "greatest":
      return greatest(x, y);
    case "least":
      return least(x, y);
    case "ifElse":
      return (x as Expr<"bool">).ifElse(y as Expr, z as Expr);
    case "sqrtAbs":
      return (x as Expr<"float32">).abs().sqrt();
    case "plusInterval": {
      const [parts, minus] = c as unknown as [{ months: number; days: number }, boolean];
      const iv = interval(parts);
      return minus ? (x as Expr<"date32">).sub(iv) : (x as Expr<"date32">).add(iv);
    }
    case "deltaDays":
    case "delta":
      return (x as Expr<"date32">).delta(y as Expr<"date32">, c[0] as never);
    case "dateRoundTrip":
      return (x as Expr<"date32">).strftime("%Y-%m-%d").toDate();
    case "timestampRoundTrip":
      // parsed back as a nanosecond timestamp, compared with the original
      return (x as Expr<"timestamp">)
        .strftime("%Y-%m-%dT%H:%M:%S%.f")
        .toTimestamp()
        .eq(x as Expr<"timestamp">) as Expr;
    case "timeRoundTrip":
      return (x as Expr<"time64">).strftime("%H:%M:%S%.f").toTime();
    case "bitwiseLeftShift":
    case "bitwiseRightShift":
      return (e[spec.op] as (n: unknown) => Expr).call(
        x,
        lit(c[0] as unknown as number, (x as Expr).node.type.kind as never),
      );
    case "reSplitLen":
      return (x as Expr<"utf8">).reSplit(c[0] as unknown as string).length() as Expr;
    case "structRoundTrip":
      return struct({ d: x, s: y }).field("d");
    case "mapGet": {
      // keys "a", "b"; values: the string twice (the generated alphabet has no comma)
      const s = x as Expr<"utf8">;
      return map(lit("a,b").split(","), s.concat(",", s).split(",")).get(c[0] as unknown as string);
    }
    case "mapKeysValues": {
      // keys and values read back as lists, joined into one string per row
      const s = x as Expr<"utf8">;
      const m = map(lit("a,b").split(","), s.concat(",", s.upper()).split(","));
      return (m.keys().index(1) as Expr<"utf8">).concat("=", m.values().index(-1) as Expr<"utf8">) as Expr;
    }
    case "truncate":
      return (x as Expr<"date32">).truncate(c[0] as never);
    case "splitIndex":
      return (x as Expr<"utf8">).split(c[0] as never).index(c[1] as never);
    case "listLength":
      return (x as Expr<"utf8">).split(",").length() as Expr;
    case "listSliceLength":
      return (x as Expr<"utf8">)
        .split("a")
        .concat((x as Expr<"utf8">).split("b"))
        .slice(1, 3)
        .length() as Expr;
    case "listContains":
      return (x as Expr<"utf8">).split("a").contains(y as Expr);
    case "isinStrings":
    case "isinNumbers":
      return (x as Expr).isin(c[0] as never);
    case "notin":
      return (x as Expr).notin(c[0] as never);
    case "clip":
      return (x as Expr<"float64">).clip({ lower: c[0] as never, upper: (c[0] as unknown as number) + 100 });
    case "substr":
      return (x as Expr<"utf8">).substr(c[0] as never, c[1] as never);
    case "cases":
      return cases([x as Expr<"bool">, y as Expr], { otherwise: z as Expr });
    default:
      return (e[spec.op] as (...args: unknown[]) => Expr).call(x, ...(a.slice(1) as unknown[]), ...(c as unknown[]));
  }
}
