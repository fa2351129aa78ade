import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import type { Table } from "@ibex/dsl";
import { interval, lit, time, timestamp } from "@ibex/dsl";
import { dt, typeToString } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";
import { decimalVector, int64Vector, intervalVector, utf8ToInt32Map } from "./support/vectors.js";

const LANES = ["substrait", "dataframe"] as const;

const T0 = 1_709_210_096_123_456n; // 2024-02-29T12:34:56.123456Z in microseconds

function allTypes(): arrow.Table {
  return new arrow.Table({
    i8: arrow.vectorFromArray([-128, 127, null], new arrow.Int8()),
    i16: arrow.vectorFromArray([-32768, 1, null], new arrow.Int16()),
    i32: arrow.vectorFromArray([-2147483648, 2, null], new arrow.Int32()),
    i64: arrow.vectorFromArray([-(2n ** 63n), 3n, null], new arrow.Int64()),
    u8: arrow.vectorFromArray([255, 0, null], new arrow.Uint8()),
    u16: arrow.vectorFromArray([65535, 1, null], new arrow.Uint16()),
    u32: arrow.vectorFromArray([4294967295, 2, null], new arrow.Uint32()),
    u64: arrow.vectorFromArray([2n ** 64n - 1n, 3n, null], new arrow.Uint64()),
    f32: arrow.vectorFromArray([1.5, Number.NaN, null], new arrow.Float32()),
    dec: decimalVector(12, 2, [123456n, -1n, null]),
    bin: arrow.vectorFromArray([new Uint8Array([0, 255]), new Uint8Array([]), null], new arrow.Binary()),
    tm: arrow.vectorFromArray([45_296_000_001n, 0n, null], new arrow.TimeMicrosecond()),
    ts: int64Vector(new arrow.TimestampMicrosecond(), [T0, -1n, null]),
    tsu: int64Vector(new arrow.TimestampNanosecond("+00:00"), [T0 * 1000n + 789n, 0n, null]),
    iv: intervalVector([
      { months: 14, days: -3, nanoseconds: 5_000_000_000n },
      { months: 0, days: 0, nanoseconds: -1n },
      { months: 0, days: 1, nanoseconds: 0n },
    ]),
    st: arrow.vectorFromArray(
      [{ a: 1, b: "x" }, { a: null, b: "y" }, null],
      new arrow.Struct<{ a: arrow.Int32; b: arrow.Utf8 }>([
        new arrow.Field("a", new arrow.Int32(), true),
        new arrow.Field("b", new arrow.Utf8(), true),
      ]),
    ),
    mp: arrow.vectorFromArray([new Map([["k", 1]]), new Map<string, number>(), null], utf8ToInt32Map()),
  });
}

type Wide = Table<{
  i8: "int8";
  i16: "int16";
  i32: "int32";
  i64: "int64";
  u8: "uint8";
  u16: "uint16";
  u32: "uint32";
  u64: "uint64";
  f32: "float32";
  dec: "decimal";
  bin: "binary";
  tm: "time64";
  ts: "timestamp";
  tsu: "timestamp";
  iv: "interval";
  st: "struct";
  mp: "map";
}>;

describe.each(LANES)("wide types (%s lane)", (lane) => {
  let con: Connection;
  let data: arrow.Table;
  let t: Wide;
  beforeAll(async () => {
    con = await connect();
    data = allTypes();
    t = con.memtable(data) as never;
  });
  const values = async (q: Table, name: string) => columnValues(await q.execute({ lane }), name);

  it("reads every type from Arrow and returns it unchanged", async () => {
    const out = await t.execute({ lane });
    for (const f of data.schema.fields) {
      expect(columnValues(out, f.name), f.name).toEqual(columnValues(data, f.name));
    }
    expect(t.schema.fields.map((f) => typeToString(f.type))).toEqual([
      "int8",
      "int16",
      "int32",
      "int64",
      "uint8",
      "uint16",
      "uint32",
      "uint64",
      "float32",
      "decimal(12, 2)",
      "binary",
      "time64",
      "timestamp(us)",
      'timestamp(ns, "+00:00")',
      "interval",
      'struct<"a": int32, "b": utf8>',
      "map<!utf8, int32>",
    ]);
  });

  it("runs literals of every scalar type", async () => {
    const q = t.limit(1).select({
      i8: lit(-5, "int8"),
      u64: lit(2n ** 64n - 2n, "uint64"),
      f32: lit(0.25, "float32"),
      dec: lit("-12.5", dt.decimal(6, 3)),
      bin: lit(new Uint8Array([1, 2, 3]), "binary"),
      tm: time("12:34:56.000001"),
      ts: timestamp("2024-02-29T12:34:56.123456"),
      tsu: timestamp("2024-02-29T12:34:56.123456789Z", { unit: "ns", timezone: "UTC" }),
      iv: interval({ years: 1, months: 2, days: -3, seconds: 5 }),
      nul: lit(null, "null"),
    });
    const out = await q.execute({ lane });
    const row = Object.fromEntries(out.schema.fields.map((f) => [f.name, columnValues(out, f.name)[0]]));
    expect(row).toEqual({
      i8: -5,
      u64: 2n ** 64n - 2n,
      f32: 0.25,
      dec: "-12500e-3",
      bin: "0x010203",
      tm: 45_296_000_001n,
      ts: T0,
      tsu: T0 * 1000n + 789n,
      iv: { months: 14, days: -3, nanoseconds: 5_000_000_000n },
      nul: null,
    });
  });

  it("promotes mixed numeric types by the documented rules", async () => {
    const q = t.select({
      a: t.i8.add(t.u16),
      b: t.u8.mul(t.i8),
      c: t.f32.add(t.i16),
      d: t.dec.add(t.i32),
      e: t.dec.mul(t.dec),
      f: t.i8.add(1),
      h: t.dec.lt(1235),
    });
    expect(q.schema.fields.map((f) => typeToString(f.type))).toEqual([
      "int32",
      "int16",
      "float32",
      "decimal(13, 2)",
      "decimal(25, 4)",
      "int8",
      "bool",
    ]);
    const out = await q.execute({ lane });
    expect(columnValues(out, "a")).toEqual([65535 - 128, 128, null]);
    expect(columnValues(out, "b")).toEqual([255 * -128, 0, null]);
    expect(columnValues(out, "c")).toEqual([1.5 - 32768, Number.NaN, null]);
    expect(columnValues(out, "d")).toEqual(["-214748241344e-2", "199e-2", null]);
    expect(columnValues(out, "e")).toEqual(["15241383936e-4", "1e-4", null]);
    expect(columnValues(out, "f")).toEqual([-127, -128, null]); // int8 wraps, as in the engine
    // u64::MAX cast to int64 overflows: the comparison runs in int64 (Ibis's rule), so it errors
    await expect(values(t.select({ g: t.u64.gt(t.i64) }), "g")).rejects.toThrow(/overflow|Can't cast|cast/i);
    expect(columnValues(out.slice(1), "h")).toEqual([true, null]);
  });

  it("casts between the new types", async () => {
    const q = t.select({
      d2f: t.dec.cast("float64"),
      s2d: lit("7.25").cast(dt.decimal(5, 2)),
      ts2d: t.ts.cast("date32"),
      i2ts: lit(86_400, "int64").cast(dt.timestamp("s")),
      ts2s: t.tsu.cast("utf8"),
      bin2s: t.bin.tryCast("utf8"),
    });
    const out = await q.execute({ lane });
    expect(columnValues(out, "d2f")).toEqual([1234.56, -0.01, null]);
    expect(columnValues(out, "s2d")).toEqual(["725e-2", "725e-2", "725e-2"]);
    expect(columnValues(out, "ts2d")).toEqual([Date.UTC(2024, 1, 29), Date.UTC(1969, 11, 31), null]);
    expect(columnValues(out, "i2ts")).toEqual([86_400n, 86_400n, 86_400n]);
    expect(columnValues(out, "ts2s")).toEqual(["2024-02-29T12:34:56.123456789Z", "1970-01-01T00:00:00Z", null]);
    expect(columnValues(out, "bin2s")).toEqual([null, "", null]);
  });
});

describe("time zones", () => {
  const zoned = () =>
    new arrow.Table({
      at: int64Vector(new arrow.TimestampSecond("America/New_York"), [1_700_000_000n, null]),
      utc: int64Vector(new arrow.TimestampSecond("UTC"), [1_700_000_000n, 0n]),
    });

  it("run on the DataFrame lane, with the reason recorded, when Substrait cannot carry the zone", async () => {
    const sink = new InMemorySink();
    const con = await connect({ diagnostics: createRecorder([sink]) });
    const t = con.memtable(zoned());
    const out = await t.filter(t.at.notNull()).execute();
    expect(columnValues(out, "at")).toEqual([1_700_000_000n]);
    expect(out.schema.fields[0]?.type.toString()).toBe("Timestamp<SECOND, America/New_York>");
    const [fallback] = sink.ofType("lane-fallback");
    expect(fallback?.construct).toBe('timestamp in zone "America/New_York"');
    expect(() => con.compile(t, "substrait")).toThrow(/precision_timestamp_tz is UTC only/);
  });

  it("keep a column's zone on the DataFrame lane", async () => {
    const con = await connect();
    const t = con.memtable(zoned());
    const out = await t.select({ utc: t.utc }).execute({ lane: "dataframe" });
    expect(out.schema.fields[0]?.type.toString()).toBe("Timestamp<SECOND, UTC>");
    expect(columnValues(out, "utc")).toEqual([1_700_000_000n, 0n]);
  });
});

describe("local time in a zone with daylight saving", () => {
  // Instants around New York's 2024 DST changes (10 March, 3 November) and
  // India's fixed +05:30; the local fields come from JS's Intl as the oracle.
  const instants = [
    1_710_053_999n, // 2024-03-10 01:59:59 EST
    1_710_054_000n, // 2024-03-10 03:00:00 EDT
    1_730_613_600n, // 2024-11-03 01:00:00 EST (the second 1 o'clock)
    1_730_609_999n, // 2024-11-03 00:59:59 EDT
    1_704_067_199n, // 2023-12-31 23:59:59 UTC: another local day in both zones
  ];
  const local = (zone: string, s: bigint) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    }).formatToParts(new Date(Number(s) * 1000));
    const get = (type: string) => BigInt(parts.find((p) => p.type === type)?.value ?? "-1");
    return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
  };
  for (const zone of ["America/New_York", "Asia/Kolkata"]) {
    it(`reads year, month, day, hour and minute in ${zone}`, async () => {
      const con = await connect();
      const t = con.memtable(new arrow.Table({ at: int64Vector(new arrow.TimestampSecond(zone), instants) }));
      const out = await t
        .select({
          year: t.at.year(),
          month: t.at.month(),
          day: t.at.day(),
          hour: t.at.hour(),
          minute: t.at.minute(),
        })
        .execute();
      const expected = instants.map((s) => local(zone, s));
      for (const f of ["year", "month", "day", "hour", "minute"] as const) {
        expect(columnValues(out, f), f).toEqual(expected.map((e) => e[f]));
      }
    });
  }
});
