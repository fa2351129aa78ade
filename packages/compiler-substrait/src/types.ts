import { create } from "@bufbuild/protobuf";
import type { DataType, TypeKind } from "@ibex/ir";
import type { Type } from "./gen/substrait/type_pb.js";
import { Type_Nullability, TypeSchema } from "./gen/substrait/type_pb.js";

/** Substrait nullability of an IR type. */
export function nullability(t: DataType): Type_Nullability {
  return t.nullable ? Type_Nullability.NULLABLE : Type_Nullability.REQUIRED;
}

/** The Substrait type of an IR data type, with its nullability. */
export function substraitType(t: DataType): Type {
  const n = { nullability: nullability(t) };
  switch (t.kind) {
    case "int64":
      return create(TypeSchema, { kind: { case: "i64", value: n } });
    case "float64":
      return create(TypeSchema, { kind: { case: "fp64", value: n } });
    case "utf8":
      return create(TypeSchema, { kind: { case: "string", value: n } });
    case "bool":
      return create(TypeSchema, { kind: { case: "bool", value: n } });
    case "date32":
      return create(TypeSchema, { kind: { case: "date", value: n } });
    case "list":
      return create(TypeSchema, {
        kind: { case: "list", value: { type: substraitType(t.element as DataType), ...n } },
      });
    default: {
      const never: never = t.kind;
      throw new Error(`no Substrait type for ${String(never)}`);
    }
  }
}

/** The short type name used in compound function signatures (`add:i64_i64`). */
export function signatureName(kind: TypeKind): string {
  switch (kind) {
    case "int64":
      return "i64";
    case "float64":
      return "fp64";
    case "utf8":
      return "str";
    case "bool":
      return "bool";
    case "date32":
      return "date";
    case "list":
      return "list";
    default: {
      const never: never = kind;
      throw new Error(`no Substrait signature name for ${String(never)}`);
    }
  }
}
