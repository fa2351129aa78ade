import type { TypeKind } from "@ibex/ir";
import type * as arrow from "apache-arrow";

/** A type-level schema: column name -> Ibex type kind. */
export type SchemaShape = { readonly [column: string]: TypeKind };

/** Numeric type kinds. */
export type NumericKind = "int64" | "float64";

/** The kind mixed arithmetic promotes to (mirrors `commonNumericKind` in @ibex/ir). */
export type Promote<A extends TypeKind, B extends TypeKind> = A extends "float64"
  ? "float64"
  : B extends "float64"
    ? "float64"
    : "int64";

/** The JS value type a column of a kind holds in an apache-arrow result. */
export type JsValueOf<K extends TypeKind> = K extends "int64"
  ? bigint
  : K extends "float64"
    ? number
    : K extends "utf8"
      ? string
      : K extends "bool"
        ? boolean
        : K extends "date32"
          ? number
          : never;

/** The Ibex kind of an apache-arrow data type (never for unsupported types). */
export type KindOfArrow<T extends arrow.DataType> = T extends arrow.Int64
  ? "int64"
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
            : TypeKind;

/** The type-level schema of an apache-arrow table's type map. */
export type ShapeOfArrow<T extends arrow.TypeMap> = { readonly [K in keyof T & string]: KindOfArrow<T[K]> };
