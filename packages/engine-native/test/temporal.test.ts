import type { Table } from "@ibex/dsl";
import { interval, lit, now } from "@ibex/dsl";
import { dt } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";
import { int64Vector } from "./support/vectors.js";

const LANES = ["substrait", "dataframe"] as const;
const T0 = 1_709_210_096_123_456n; // 2024-02-29T12:34:56.123456Z, µs
const usAt = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

type T = Table<{
  ts: "timestamp";
  tz: "timestamp";
  d: "date32";
  tm: "time64";
  s: "utf8";
  i8: "int8";
  u8: "uint8";
}>;

describe.each(LANES)("temporal functions (%s lane)", (lane) => {
  let con: Connection;
  let t: T;
  beforeAll(async () => {
    con = await connect();
    t = con.memtable(
      new arrow.Table({
        ts: int64Vector(new arrow.TimestampMicrosecond(), [T0, usAt("1969-12-31T23:59:59.999Z"), null]),
        tz: int64Vector(new arrow.TimestampSecond("+00:00"), [T0 / 1_000_000n, 0n, null]),
        d: arrow.vectorFromArray([new Date("2024-02-29"), new Date("1970-01-01"), null], new arrow.DateDay()),
        tm: arrow.vectorFromArray([45_296_123_456n, 0n, null], new arrow.TimeMicrosecond()),
        s: arrow.vectorFromArray(["29/02/2024", "01/01/1970", null], new arrow.Utf8()),
        i8: arrow.vectorFromArray([5, -128, null], new arrow.Int8()),
        u8: arrow.vectorFromArray([5, 255, null], new arrow.Uint8()),
      }),
    ) as never;
  });
  const col = async (e: object) => columnValues(await t.select(e as never).execute({ lane }), "v");

  it("extracts fields of timestamps and times", async () => {
    expect(await col({ v: t.ts.hour() })).toEqual([12n, 23n, null]);
    expect(await col({ v: t.ts.minute() })).toEqual([34n, 59n, null]);
    expect(await col({ v: t.ts.second() })).toEqual([56n, 59n, null]);
    expect(await col({ v: t.ts.millisecond() })).toEqual([123n, 999n, null]);
    expect(await col({ v: t.ts.microsecond() })).toEqual([123456n, 999000n, null]);
    expect(await col({ v: t.tm.hour() })).toEqual([12n, 0n, null]);
    expect(await col({ v: t.ts.year() })).toEqual([2024n, 1969n, null]);
    expect(await col({ v: t.tz.dayOfWeek() })).toEqual([3n, 3n, null]);
    expect(await col({ v: t.ts.epochSeconds() })).toEqual([1_709_210_096n, 0n, null]);
  });

  it("truncates to a unit", async () => {
    expect(await col({ v: t.ts.truncate("month") })).toEqual([
      usAt("2024-02-01T00:00:00Z"),
      usAt("1969-12-01T00:00:00Z"),
      null,
    ]);
    expect(await col({ v: t.d.truncate("week") })).toEqual([Date.UTC(2024, 1, 26), Date.UTC(1969, 11, 29), null]);
    expect(await col({ v: t.tm.truncate("hour") })).toEqual([43_200_000_000n, 0n, null]);
    expect(await col({ v: t.tz.truncate("day") })).toEqual([1_709_164_800n, 0n, null]);
    expect(() => t.d.truncate("hour")).toThrow(/truncate: unit "hour" is not a unit of date32/);
  });

  it("formats and parses", async () => {
    expect(await col({ v: t.d.strftime("%d/%m/%Y") })).toEqual(["29/02/2024", "01/01/1970", null]);
    expect(await col({ v: t.ts.strftime("%Y-%m-%d %H:%M:%S%.3f") })).toEqual([
      "2024-02-29 12:34:56.123",
      "1969-12-31 23:59:59.999",
      null,
    ]);
    expect(await col({ v: t.s.toDate("%d/%m/%Y") })).toEqual([Date.UTC(2024, 1, 29), 0, null]);
    expect(await col({ v: lit("2024-02-29T12:34:56.5").toTimestamp() })).toEqual(
      Array(3).fill(usAt("2024-02-29T12:34:56.500Z") * 1000n),
    );
    expect(await col({ v: lit("12:34:56").toTime() })).toEqual(Array(3).fill(45_296_000_000n));
    await expect(t.select({ v: lit("nope").toDate() }).execute({ lane })).rejects.toThrow(/nope|parse/i);
  });

  it("adds and subtracts intervals", async () => {
    expect(await col({ v: t.d.add(interval({ months: 1 })) })).toEqual([
      Date.UTC(2024, 2, 29),
      Date.UTC(1970, 1, 1),
      null,
    ]);
    expect(await col({ v: t.ts.sub(interval({ hours: 1, microseconds: 456 })) })).toEqual([
      T0 - 3_600_000_456n,
      usAt("1969-12-31T22:59:59.999Z") - 456n,
      null,
    ]);
    expect(await col({ v: interval({ days: 1 }).add(interval({ hours: 2 })) })).toEqual(
      Array(3).fill({ months: 0, days: 1, nanoseconds: 7_200_000_000_000n }),
    );
    expect(() => t.d.add(t.d as never)).toThrow(/add: argument 1 has type date32, expected a numeric type/);
  });

  it("counts whole units between dates and between timestamps", async () => {
    expect(await col({ v: t.d.delta(lit("1970-01-01", "date32"), "day") })).toEqual([19782n, 0n, null]);
    expect(await col({ v: t.d.delta(lit("1970-01-01", "date32"), "week") })).toEqual([2826n, 0n, null]);
    // different units meet at the finer one; results are floored
    expect(await col({ v: t.ts.delta(lit(0, "int64").cast(dt.timestamp("s")), "second") })).toEqual([
      1_709_210_096n,
      -1n,
      null,
    ]);
    expect(await col({ v: t.ts.delta(t.ts.truncate("second"), "millisecond") })).toEqual([123n, 999n, null]);
    expect(await col({ v: t.tz.delta(t.tz.truncate("day"), "hour") })).toEqual([12n, 0n, null]);
    expect(() => t.d.delta(t.ts as never, "day")).toThrow(/delta: other has type timestamp\(us\)/);
  });

  it("reads the clock once per query", async () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const [a, b] = await col({ v: now() });
    const after = BigInt(Date.now()) * 1_000_000n;
    expect(a).toBe(b);
    expect(a as bigint).toBeGreaterThanOrEqual(before - 1_000_000_000n);
    expect(a as bigint).toBeLessThanOrEqual(after + 1_000_000_000n);
  });

  it("flips bits in the value's own width", async () => {
    expect(await col({ v: t.i8.bitwiseNot() })).toEqual([-6, 127, null]);
    expect(await col({ v: t.u8.bitwiseNot() })).toEqual([250, 0, null]);
  });
});
