import type * as arrow from "apache-arrow";

/** One canonical text per value: bigint, NaN, ±0 and null kept apart from look-alikes. */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "bigint") return `i:${v}`;
  if (typeof v === "number") return Number.isNaN(v) ? "f:NaN" : `f:${v === 0 ? 0 : v}`;
  if (typeof v === "string") return `s:${JSON.stringify(v)}`;
  if (typeof v === "object" && "length" in v && "get" in v) {
    const list = v as { length: number; get(i: number): unknown };
    return `l:[${Array.from({ length: list.length }, (_, i) => canonical(list.get(i))).join(",")}]`;
  }
  return `${typeof v}:${String(v)}`;
}

/** The rows of a table as a sorted list of canonical strings (a multiset). */
export function rowMultiset(t: arrow.Table): string[] {
  const cols = t.schema.fields.map((f) => t.getChild(f.name) as arrow.Vector);
  const rows: string[] = [];
  for (let i = 0; i < t.numRows; i++) rows.push(cols.map((c) => canonical(c.get(i))).join("|"));
  return rows.sort();
}

/** Column names and Arrow type names of a table. */
export function schemaOf(t: arrow.Table): string[] {
  return t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
}

/** The values of one column, lists as arrays (for exact expectations in tests). */
export function columnValues(t: arrow.Table, name: string): unknown[] {
  const v = t.getChild(name) as arrow.Vector;
  const plain = (x: unknown): unknown =>
    x !== null && typeof x === "object" && "length" in x && "get" in x
      ? Array.from({ length: (x as arrow.Vector).length }, (_, j) => plain((x as arrow.Vector).get(j)))
      : x;
  return Array.from({ length: v.length }, (_, i) => plain(v.get(i)));
}
