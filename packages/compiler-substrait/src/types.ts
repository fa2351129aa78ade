import type { MessageInitShape } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import type { DataType, TypeKind } from "@ibex/ir";
import { typeToString } from "@ibex/ir";
import type { ExtensionCollector } from "./extensions/extension-collector.js";
import type { Type } from "./gen/substrait/type_pb.js";
import { Type_Nullability, TypeSchema } from "./gen/substrait/type_pb.js";
import { SubstraitUnsupportedError } from "./unsupported.js";

/** Substrait's type variation for unsigned integers, as DataFusion reads it. */
const UNSIGNED = 1;
/** DataFusion's variation for 64-bit time (Time64). */
const TIME_64 = 1;
/** Where Ibex declares extension types (DataFusion's consumer matches the null type by name). */
export const IBEX_TYPES_URN = "extension:dev.ibex:types";

const PRECISION = { s: 0, ms: 3, us: 6, ns: 9 } as const;

/** Substrait nullability of an IR type. */
export function nullability(t: DataType): Type_Nullability {
  return t.nullable ? Type_Nullability.NULLABLE : Type_Nullability.REQUIRED;
}

/**
 * Spellings of UTC. Substrait's `precision_timestamp_tz` is an instant in UTC
 * (DataFusion's consumer types it `UTC`); a timestamp in any other zone
 * cannot pass through Substrait unchanged.
 */
export const UTC_SPELLINGS: ReadonlySet<string> = new Set(["UTC", "+00:00"]);

/** Types already lowered, per plan (a plan's extensions anchor its user-defined types). */
const lowered = new WeakMap<ExtensionCollector, WeakMap<DataType, Type>>();

/**
 * The Substrait type of an IR data type, with its nullability. A plan lowers
 * the same (frozen) type objects many times; each becomes one message, shared.
 */
export function substraitType(t: DataType, extensions: ExtensionCollector): Type {
  let cache = lowered.get(extensions);
  if (cache === undefined) {
    cache = new WeakMap();
    lowered.set(extensions, cache);
  }
  const hit = cache.get(t);
  if (hit !== undefined) return hit;
  const type = lowerType(t, extensions);
  cache.set(t, type);
  return type;
}

function lowerType(t: DataType, extensions: ExtensionCollector): Type {
  const n = { nullability: nullability(t) };
  const u = { ...n, typeVariationReference: UNSIGNED };
  const of = (kind: MessageInitShape<typeof TypeSchema>["kind"]) =>
    create(TypeSchema, { kind } as MessageInitShape<typeof TypeSchema>);
  switch (t.kind) {
    case "null":
      return of({
        case: "userDefined",
        value: { typeReference: extensions.typeAnchor(IBEX_TYPES_URN, "null"), ...n },
      });
    case "bool":
      return of({ case: "bool", value: n });
    case "int8":
      return of({ case: "i8", value: n });
    case "int16":
      return of({ case: "i16", value: n });
    case "int32":
      return of({ case: "i32", value: n });
    case "int64":
      return of({ case: "i64", value: n });
    case "uint8":
      return of({ case: "i8", value: u });
    case "uint16":
      return of({ case: "i16", value: u });
    case "uint32":
      return of({ case: "i32", value: u });
    case "uint64":
      return of({ case: "i64", value: u });
    case "float32":
      return of({ case: "fp32", value: n });
    case "float64":
      return of({ case: "fp64", value: n });
    case "decimal":
      return of({ case: "decimal", value: { precision: t.precision as number, scale: t.scale as number, ...n } });
    case "utf8":
      return of({ case: "string", value: n });
    case "binary":
      return of({ case: "binary", value: n });
    case "date32":
      return of({ case: "date", value: n });
    case "time64":
      return of({ case: "precisionTime", value: { precision: 6, typeVariationReference: TIME_64, ...n } });
    case "timestamp": {
      const precision = PRECISION[t.unit ?? "us"];
      if (t.timezone == null) return of({ case: "precisionTimestamp", value: { precision, ...n } });
      if (UTC_SPELLINGS.has(t.timezone)) return of({ case: "precisionTimestampTz", value: { precision, ...n } });
      throw new SubstraitUnsupportedError(
        `timestamp in zone ${JSON.stringify(t.timezone)}`,
        "Substrait's precision_timestamp_tz is UTC only",
      );
    }
    case "interval":
      return of({ case: "intervalCompound", value: { precision: 9, ...n } });
    case "list":
      return of({ case: "list", value: { type: substraitType(t.element as DataType, extensions), ...n } });
    case "struct":
      return of({
        case: "struct",
        value: { types: (t.fields ?? []).map((f) => substraitType(f.type, extensions)), ...n },
      });
    case "map":
      return of({
        case: "map",
        value: {
          key: substraitType(t.key as DataType, extensions),
          value: substraitType(t.value as DataType, extensions),
          ...n,
        },
      });
    case "union":
      // Substrait has no union type: "auto" runs such a query on the DataFrame lane.
      throw new SubstraitUnsupportedError(`union column of type ${typeToString(t)}`, "Substrait has no union type");
    default: {
      const never: never = t.kind;
      throw new Error(`no Substrait type for ${String(never)}`);
    }
  }
}

/**
 * The names a NamedStruct lists for a field of this type after the field's
 * own name: struct field names, depth first, through lists and maps too (the
 * order DataFusion's consumer reads them in).
 */
export function nestedNames(t: DataType): string[] {
  switch (t.kind) {
    case "struct":
      return (t.fields ?? []).flatMap((f) => [f.name, ...nestedNames(f.type)]);
    case "list":
      return nestedNames(t.element as DataType);
    case "map":
      return [...nestedNames(t.key as DataType), ...nestedNames(t.value as DataType)];
    default:
      return [];
  }
}

/** The short type name used in compound function signatures (`add:i64_i64`). */
export function signatureName(t: DataType): string {
  const kind: TypeKind = t.kind;
  switch (kind) {
    case "null":
      return "null";
    case "bool":
      return "bool";
    case "int8":
    case "uint8":
      return "i8";
    case "int16":
    case "uint16":
      return "i16";
    case "int32":
    case "uint32":
      return "i32";
    case "int64":
    case "uint64":
      return "i64";
    case "float32":
      return "fp32";
    case "float64":
      return "fp64";
    case "decimal":
      return "dec";
    case "utf8":
      return "str";
    case "binary":
      return "vbin";
    case "date32":
      return "date";
    case "time64":
      return "pt";
    case "timestamp":
      return t.timezone == null ? "pts" : "ptstz";
    case "interval":
      return "icompound";
    case "list":
      return "list";
    case "struct":
      return "struct";
    case "map":
      return "map";
    case "union":
      throw new SubstraitUnsupportedError("a union value", "Substrait has no union type");
    default: {
      const never: never = kind;
      throw new Error(`no Substrait signature name for ${String(never)}`);
    }
  }
}
