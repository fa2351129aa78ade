import type { DataType, Schema } from "@ibex/ir";
import { dataType, IbexTypeError, listOf, schema } from "@ibex/ir";
import * as arrow from "apache-arrow";

/**
 * The Ibex schema of an apache-arrow schema. Throws naming the column and its
 * Arrow type when a type is not supported yet.
 */
export function schemaFromArrow(s: arrow.Schema, op = "memtable"): Schema {
  return schema(s.fields.map((f) => ({ name: f.name, type: typeFromArrow(f, op) })));
}

function typeFromArrow(f: arrow.Field, op: string): DataType {
  const t = f.type;
  const n = f.nullable;
  if (arrow.DataType.isInt(t) && t.bitWidth === 64 && t.isSigned) return dataType("int64", n);
  if (arrow.DataType.isFloat(t) && t.precision === arrow.Precision.DOUBLE) return dataType("float64", n);
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return dataType("utf8", n);
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
  if (arrow.DataType.isList(t)) return listOf(typeFromArrow(t.children[0] as arrow.Field, op), n);
  throw new IbexTypeError(op, `column "${f.name}"`, `has Arrow type ${String(t)}, which Ibex does not support yet`);
}
