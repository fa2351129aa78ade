import type { DataType, Schema, TimeUnit } from "@ibex/ir";
import { dataType, decimalOf, IbexTypeError, listOf, mapOf, schema, structOf, timestampOf, unionOf } from "@ibex/ir";
import * as arrow from "apache-arrow";

/**
 * The Ibex schema of an apache-arrow schema. Throws naming the column and its
 * Arrow type when a type is not supported.
 */
export function schemaFromArrow(s: arrow.Schema, op = "memtable"): Schema {
  return schema(s.fields.map((f) => ({ name: f.name, type: typeFromArrow(f, op) })));
}

const UNITS: Readonly<Record<number, TimeUnit>> = {
  [arrow.TimeUnit.SECOND]: "s",
  [arrow.TimeUnit.MILLISECOND]: "ms",
  [arrow.TimeUnit.MICROSECOND]: "us",
  [arrow.TimeUnit.NANOSECOND]: "ns",
};

function intKind(t: arrow.Int): DataType["kind"] {
  return `${t.isSigned ? "int" : "uint"}${t.bitWidth}` as DataType["kind"];
}

function typeFromArrow(f: arrow.Field, op: string): DataType {
  const t = f.type;
  const n = f.nullable;
  const unsupported = () =>
    new IbexTypeError(op, `column "${f.name}"`, `has Arrow type ${String(t)}, which Ibex does not support`);
  if (arrow.DataType.isNull(t)) return dataType("null");
  if (arrow.DataType.isInt(t)) return dataType(intKind(t), n);
  if (arrow.DataType.isFloat(t)) {
    if (t.precision === arrow.Precision.DOUBLE) return dataType("float64", n);
    if (t.precision === arrow.Precision.SINGLE) return dataType("float32", n);
    throw unsupported();
  }
  if (arrow.DataType.isDecimal(t)) {
    if (t.bitWidth !== 128) throw unsupported();
    return decimalOf(t.precision, t.scale, n);
  }
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return dataType("utf8", n);
  if (arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t)) return dataType("binary", n);
  // apache-arrow's tableFromArrays dictionary-encodes strings; the engine
  // decodes dictionaries on registration, so they are plain utf8 to Ibex.
  if (
    arrow.DataType.isDictionary(t) &&
    (arrow.DataType.isUtf8(t.dictionary) || arrow.DataType.isLargeUtf8(t.dictionary))
  ) {
    return dataType("utf8", n);
  }
  if (arrow.DataType.isBool(t)) return dataType("bool", n);
  if (arrow.DataType.isDate(t) && t.unit === arrow.DateUnit.DAY) return dataType("date32", n);
  if (arrow.DataType.isTime(t) && t.unit === arrow.TimeUnit.MICROSECOND && t.bitWidth === 64)
    return dataType("time64", n);
  if (arrow.DataType.isTimestamp(t)) return timestampOf(UNITS[t.unit] ?? "us", t.timezone ?? null, n);
  if (arrow.DataType.isInterval(t) && t.unit === arrow.IntervalUnit.MONTH_DAY_NANO) return dataType("interval", n);
  if (arrow.DataType.isList(t)) return listOf(typeFromArrow(t.children[0] as arrow.Field, op), n);
  if (arrow.DataType.isStruct(t)) {
    return structOf(
      t.children.map((c) => ({ name: c.name, type: typeFromArrow(c, op) })),
      n,
    );
  }
  if (arrow.DataType.isUnion(t)) {
    // Ibex numbers a union's members by position: type ids must be 0..n-1.
    if (!t.typeIds.every((id, i) => id === i)) throw unsupported();
    return unionOf(
      t.children.map((c) => ({ name: c.name, type: typeFromArrow(c, op) })),
      t.mode === arrow.UnionMode.Dense ? "dense" : "sparse",
      true,
    );
  }
  if (arrow.DataType.isMap(t)) {
    const [key, value] = (t.children[0] as arrow.Field<arrow.Struct>).type.children as [arrow.Field, arrow.Field];
    return mapOf(typeFromArrow(key, op), typeFromArrow(value, op), n);
  }
  throw unsupported();
}
