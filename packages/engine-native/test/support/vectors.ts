import * as arrow from "apache-arrow";

/** Test data builders for Arrow types apache-arrow's `vectorFromArray` cannot fill exactly. */

function validity(values: readonly unknown[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null) bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i % 8));
  });
  return bitmap;
}

/** A vector of 64-bit values (timestamps, exact to the unit) with nulls. */
export function int64Vector<T extends arrow.Timestamp>(type: T, values: readonly (bigint | null)[]): arrow.Vector<T> {
  return arrow.makeVector(
    arrow.makeData({
      type,
      length: values.length,
      nullCount: values.filter((v) => v === null).length,
      nullBitmap: validity(values),
      data: BigInt64Array.from(values, (v) => v ?? 0n),
    }),
  );
}

/** A decimal128 vector from unscaled values. */
export function decimalVector(precision: number, scale: number, values: readonly (bigint | null)[]): arrow.Vector {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    if (v === null) return;
    let u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) {
      words[i * 4 + w] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  });
  return arrow.makeVector(
    arrow.makeData({
      type: new arrow.Decimal(scale, precision, 128),
      length: values.length,
      nullCount: values.filter((v) => v === null).length,
      nullBitmap: validity(values),
      data: words,
    }),
  );
}

export function intervalVector(values: readonly { months: number; days: number; nanoseconds: bigint }[]): arrow.Vector {
  const data = new Int32Array(values.length * 4);
  values.forEach((v, i) => {
    data.set([v.months, v.days, Number(BigInt.asIntN(32, v.nanoseconds)), Number(v.nanoseconds >> 32n)], i * 4);
  });
  return arrow.makeVector(arrow.makeData({ type: new arrow.IntervalMonthDayNano(), length: values.length, data }));
}

/** Arrow's map<utf8, int32> type, with the field names DataFusion gives maps. */
export function utf8ToInt32Map(): arrow.Map_<arrow.Utf8, arrow.Int32> {
  return new arrow.Map_<arrow.Utf8, arrow.Int32>(
    new arrow.Field(
      "entries",
      new arrow.Struct<{ key: arrow.Utf8; value: arrow.Int32 }>([
        new arrow.Field("key", new arrow.Utf8(), false),
        new arrow.Field("value", new arrow.Int32(), true),
      ]),
      false,
    ),
  );
}
