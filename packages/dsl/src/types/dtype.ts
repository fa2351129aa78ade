import type { IntegerKind, NumericKind, TypeKind } from "@ibex/ir";
import type * as arrow from "apache-arrow";

export type { IntegerKind, NumericKind } from "@ibex/ir";

/** A type-level schema: column name -> Ibex type kind. */
export type SchemaShape = { readonly [column: string]: TypeKind };

/** Integer promotion (mirrors `commonNumericType` in @ibex/ir; `test/promotion.test.ts` checks every pair against it). */
type IntPromote = {
  int8: {
    int8: "int8";
    int16: "int16";
    int32: "int32";
    int64: "int64";
    uint8: "int16";
    uint16: "int32";
    uint32: "int64";
    uint64: "int64";
  };
  int16: {
    int8: "int16";
    int16: "int16";
    int32: "int32";
    int64: "int64";
    uint8: "int16";
    uint16: "int32";
    uint32: "int64";
    uint64: "int64";
  };
  int32: {
    int8: "int32";
    int16: "int32";
    int32: "int32";
    int64: "int64";
    uint8: "int32";
    uint16: "int32";
    uint32: "int64";
    uint64: "int64";
  };
  int64: {
    int8: "int64";
    int16: "int64";
    int32: "int64";
    int64: "int64";
    uint8: "int64";
    uint16: "int64";
    uint32: "int64";
    uint64: "int64";
  };
  uint8: {
    int8: "int16";
    int16: "int16";
    int32: "int32";
    int64: "int64";
    uint8: "uint8";
    uint16: "uint16";
    uint32: "uint32";
    uint64: "uint64";
  };
  uint16: {
    int8: "int32";
    int16: "int32";
    int32: "int32";
    int64: "int64";
    uint8: "uint16";
    uint16: "uint16";
    uint32: "uint32";
    uint64: "uint64";
  };
  uint32: {
    int8: "int64";
    int16: "int64";
    int32: "int64";
    int64: "int64";
    uint8: "uint32";
    uint16: "uint32";
    uint32: "uint32";
    uint64: "uint64";
  };
  uint64: {
    int8: "int64";
    int16: "int64";
    int32: "int64";
    int64: "int64";
    uint8: "uint64";
    uint16: "uint64";
    uint32: "uint64";
    uint64: "uint64";
  };
};

type SmallForFloat32 = "int8" | "int16" | "uint8" | "uint16" | "float32";

/** The kind mixed arithmetic promotes to (mirrors `commonNumericType` in @ibex/ir). */
export type Promote<A extends TypeKind, B extends TypeKind> = [A] extends [B]
  ? [B] extends [A]
    ? A
    : PromoteDistinct<A, B>
  : PromoteDistinct<A, B>;

type PromoteDistinct<A extends TypeKind, B extends TypeKind> = A extends "decimal"
  ? B extends "float32" | "float64"
    ? "float64"
    : "decimal"
  : B extends "decimal"
    ? A extends "float32" | "float64"
      ? "float64"
      : "decimal"
    : A extends "float64"
      ? "float64"
      : B extends "float64"
        ? "float64"
        : A extends "float32"
          ? B extends SmallForFloat32
            ? "float32"
            : "float64"
          : B extends "float32"
            ? A extends SmallForFloat32
              ? "float32"
              : "float64"
            : A extends IntegerKind
              ? B extends IntegerKind
                ? IntPromote[A][B]
                : NumericKind
              : NumericKind;

/** The JS value type a column of a kind holds in an apache-arrow result. */
export type JsValueOf<K extends TypeKind> = K extends "int64" | "uint64"
  ? bigint
  : K extends "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32" | "float32" | "float64"
    ? number
    : K extends "utf8"
      ? string
      : K extends "bool"
        ? boolean
        : K extends "date32" | "timestamp"
          ? number
          : K extends "time64"
            ? bigint
            : K extends "binary"
              ? Uint8Array
              : K extends "decimal"
                ? arrow.Decimal["TValue"]
                : K extends "interval"
                  ? arrow.IntervalMonthDayNano["TValue"]
                  : K extends "list"
                    ? arrow.Vector
                    : K extends "struct"
                      ? arrow.StructRowProxy
                      : K extends "map"
                        ? arrow.MapRow
                        : K extends "null"
                          ? null
                          : never;

/** The Ibex kind of an apache-arrow data type (TypeKind when it cannot tell). */
export type KindOfArrow<T extends arrow.DataType> = T extends arrow.Int8
  ? "int8"
  : T extends arrow.Int16
    ? "int16"
    : T extends arrow.Int32
      ? "int32"
      : T extends arrow.Int64
        ? "int64"
        : T extends arrow.Uint8
          ? "uint8"
          : T extends arrow.Uint16
            ? "uint16"
            : T extends arrow.Uint32
              ? "uint32"
              : T extends arrow.Uint64
                ? "uint64"
                : T extends arrow.Float32
                  ? "float32"
                  : T extends arrow.Float64
                    ? "float64"
                    : T extends arrow.Utf8 | arrow.LargeUtf8
                      ? "utf8"
                      : T extends arrow.Dictionary<infer V>
                        ? V extends arrow.Utf8 | arrow.LargeUtf8
                          ? "utf8"
                          : TypeKind
                        : T extends arrow.Bool
                          ? "bool"
                          : T extends arrow.DateDay
                            ? "date32"
                            : T extends arrow.Decimal
                              ? "decimal"
                              : T extends arrow.Binary | arrow.LargeBinary
                                ? "binary"
                                : T extends arrow.TimeMicrosecond
                                  ? "time64"
                                  : T extends arrow.Timestamp
                                    ? "timestamp"
                                    : T extends arrow.IntervalMonthDayNano
                                      ? "interval"
                                      : T extends arrow.List
                                        ? "list"
                                        : T extends arrow.Struct
                                          ? "struct"
                                          : T extends arrow.Map_
                                            ? "map"
                                            : T extends arrow.Null
                                              ? "null"
                                              : TypeKind;

/** The type-level schema of an apache-arrow table's type map. */
export type ShapeOfArrow<T extends arrow.TypeMap> = { readonly [K in keyof T & string]: KindOfArrow<T[K]> };
