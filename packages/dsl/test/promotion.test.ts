import type { NumericKind } from "@ibex/ir";
import { commonNumericType, dataType, decimalOf, dt, NUMERIC_KINDS, schema } from "@ibex/ir";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Expr, Promote } from "../src/index.js";
import { table } from "../src/index.js";

// The promotion rule lives in @ibex/ir (`commonNumericType`); the DSL mirrors it
// at the type level (`Promote`). This table ties the two together: the type
// test checks `Promote` against it, the run-time test checks the IR rule and
// what `add` builds against it, so neither side can drift alone.
const PROMOTED = {
  int8: {
    int8: "int8",
    int16: "int16",
    int32: "int32",
    int64: "int64",
    uint8: "int16",
    uint16: "int32",
    uint32: "int64",
    uint64: "int64",
    float32: "float32",
    float64: "float64",
    decimal: "decimal",
  },
  int16: {
    int8: "int16",
    int16: "int16",
    int32: "int32",
    int64: "int64",
    uint8: "int16",
    uint16: "int32",
    uint32: "int64",
    uint64: "int64",
    float32: "float32",
    float64: "float64",
    decimal: "decimal",
  },
  int32: {
    int8: "int32",
    int16: "int32",
    int32: "int32",
    int64: "int64",
    uint8: "int32",
    uint16: "int32",
    uint32: "int64",
    uint64: "int64",
    float32: "float64",
    float64: "float64",
    decimal: "decimal",
  },
  int64: {
    int8: "int64",
    int16: "int64",
    int32: "int64",
    int64: "int64",
    uint8: "int64",
    uint16: "int64",
    uint32: "int64",
    uint64: "int64",
    float32: "float64",
    float64: "float64",
    decimal: "decimal",
  },
  uint8: {
    int8: "int16",
    int16: "int16",
    int32: "int32",
    int64: "int64",
    uint8: "uint8",
    uint16: "uint16",
    uint32: "uint32",
    uint64: "uint64",
    float32: "float32",
    float64: "float64",
    decimal: "decimal",
  },
  uint16: {
    int8: "int32",
    int16: "int32",
    int32: "int32",
    int64: "int64",
    uint8: "uint16",
    uint16: "uint16",
    uint32: "uint32",
    uint64: "uint64",
    float32: "float32",
    float64: "float64",
    decimal: "decimal",
  },
  uint32: {
    int8: "int64",
    int16: "int64",
    int32: "int64",
    int64: "int64",
    uint8: "uint32",
    uint16: "uint32",
    uint32: "uint32",
    uint64: "uint64",
    float32: "float64",
    float64: "float64",
    decimal: "decimal",
  },
  uint64: {
    int8: "int64",
    int16: "int64",
    int32: "int64",
    int64: "int64",
    uint8: "uint64",
    uint16: "uint64",
    uint32: "uint64",
    uint64: "uint64",
    float32: "float64",
    float64: "float64",
    decimal: "decimal",
  },
  float32: {
    int8: "float32",
    int16: "float32",
    int32: "float64",
    int64: "float64",
    uint8: "float32",
    uint16: "float32",
    uint32: "float64",
    uint64: "float64",
    float32: "float32",
    float64: "float64",
    decimal: "float64",
  },
  float64: {
    int8: "float64",
    int16: "float64",
    int32: "float64",
    int64: "float64",
    uint8: "float64",
    uint16: "float64",
    uint32: "float64",
    uint64: "float64",
    float32: "float64",
    float64: "float64",
    decimal: "float64",
  },
  decimal: {
    int8: "decimal",
    int16: "decimal",
    int32: "decimal",
    int64: "decimal",
    uint8: "decimal",
    uint16: "decimal",
    uint32: "decimal",
    uint64: "decimal",
    float32: "float64",
    float64: "float64",
    decimal: "decimal",
  },
} as const;

type TypeLevel = { readonly [A in NumericKind]: { readonly [B in NumericKind]: Promote<A, B> } };
const runtimeType = (k: NumericKind) => (k === "decimal" ? decimalOf(10, 2) : dataType(k));

describe("implicit numeric promotion", () => {
  it("the DSL's type-level Promote matches the table for every pair", () => {
    expectTypeOf<TypeLevel>().toEqualTypeOf<typeof PROMOTED>();
  });

  it("the IR's rule and the expressions add builds match the table for every pair", () => {
    const t = table(
      "n",
      schema(NUMERIC_KINDS.map((k) => ({ name: k, type: k === "decimal" ? dt.decimal(10, 2) : dataType(k) }))),
    );
    for (const a of NUMERIC_KINDS) {
      for (const b of NUMERIC_KINDS) {
        expect(commonNumericType("add", [runtimeType(a), runtimeType(b)]).kind, `${a} + ${b}`).toBe(PROMOTED[a][b]);
        const sum = (t.col(a) as Expr<NumericKind>).add(t.col(b) as Expr<NumericKind>);
        expect(sum.kind, `${a}.add(${b})`).toBe(PROMOTED[a][b]);
      }
    }
  });
});
