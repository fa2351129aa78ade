import * as arrow from "apache-arrow";

/** The raw 64-bit value at row i of a timestamp vector (apache-arrow's `get` rounds to milliseconds). */
function rawInt64(v: arrow.Vector, i: number): bigint {
  let row = i;
  for (const d of v.data) {
    // apache-arrow slices value buffers to the first row; `offset` is the bitmaps' bit offset.
    if (row < d.length) return (d.values as BigInt64Array)[row] as bigint;
    row -= d.length;
  }
  throw new RangeError(`row ${i} out of range`);
}

/**
 * Row i of a vector as a plain JS value that keeps every Arrow type exact:
 * timestamps as raw bigint counts, decimals as `"<unscaled>e-<scale>"`,
 * intervals as `{months, days, nanoseconds}`, binary as hex, lists as
 * arrays, structs as objects, maps as [key, value] arrays.
 */
export function plainValue(v: arrow.Vector, i: number): unknown {
  if (!v.isValid(i)) return null;
  const t = v.type as arrow.DataType;
  if (arrow.DataType.isTimestamp(t)) return rawInt64(v, i);
  if (arrow.DataType.isDecimal(t)) {
    return `${arrow.util.bigNumToBigInt(v.get(i) as never)}e-${t.scale}`;
  }
  if (arrow.DataType.isInterval(t) && t.unit === arrow.IntervalUnit.MONTH_DAY_NANO) {
    const [months, days, lo, hi] = v.get(i) as Int32Array;
    const nanoseconds = (BigInt(hi as number) << 32n) | BigInt((lo as number) >>> 0);
    return { months, days, nanoseconds };
  }
  if (arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t)) {
    return `0x${[...(v.get(i) as Uint8Array)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  if (arrow.DataType.isList(t)) {
    const items = v.get(i) as arrow.Vector;
    return Array.from({ length: items.length }, (_, j) => plainValue(items, j));
  }
  if (arrow.DataType.isStruct(t)) {
    const s = v as arrow.Vector<arrow.Struct>;
    return Object.fromEntries(t.children.map((f) => [f.name, plainValue(s.getChild(f.name) as arrow.Vector, i)]));
  }
  if (arrow.DataType.isMap(t)) {
    const entries = (v.get(i) as { toArray(): unknown } | null) === null ? null : v.get(i);
    return [...(entries as Iterable<[unknown, unknown]>)].map(([k, x]) => [k, x]);
  }
  return v.get(i);
}

/** One canonical text per value: bigint, NaN, ±0 and null kept apart from look-alikes. */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "bigint") return `i:${v}`;
  if (typeof v === "number") return Number.isNaN(v) ? "f:NaN" : `f:${v === 0 ? 0 : v}`;
  if (typeof v === "string") return `s:${JSON.stringify(v)}`;
  if (Array.isArray(v)) return `l:[${v.map(canonical).join(",")}]`;
  if (typeof v === "object") {
    return `o:{${Object.entries(v as object)
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  }
  return `${typeof v}:${String(v)}`;
}

/** The rows of a table as a sorted list of canonical strings (a multiset). */
export function rowMultiset(t: arrow.Table): string[] {
  const cols = t.schema.fields.map((f) => t.getChild(f.name) as arrow.Vector);
  const rows: string[] = [];
  for (let i = 0; i < t.numRows; i++) rows.push(cols.map((c) => canonical(plainValue(c, i))).join("|"));
  return rows.sort();
}

/** Column names and Arrow type names of a table. */
export function schemaOf(t: arrow.Table): string[] {
  return t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
}

/** The values of one column as plain values (see {@link plainValue}), for exact expectations in tests. */
export function columnValues(t: arrow.Table, name: string): unknown[] {
  const v = t.getChild(name) as arrow.Vector;
  return Array.from({ length: v.length }, (_, i) => plainValue(v, i));
}
