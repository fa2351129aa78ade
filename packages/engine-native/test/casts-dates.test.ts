import type { Table } from "@ibex/dsl";
import { today } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;
type T = Table<{ s: "utf8"; d: "date32"; x: "float64" }>;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe.each(LANES)("casts and date parts (%s lane)", (lane) => {
  let con: Connection;
  let t: T;
  beforeAll(async () => {
    con = await connect();
    t = con.memtable(
      new arrow.Table({
        s: arrow.vectorFromArray(["12", "x", "2024-02-29", null], new arrow.Utf8()),
        d: arrow.vectorFromArray([day("2024-02-29"), day("2023-12-31"), day("1970-01-01"), null], new arrow.DateDay()),
        x: arrow.vectorFromArray([1.9, -1.5, 0, null], new arrow.Float64()),
      }),
    ) as never;
  });
  const col = async (e: object) => columnValues(await t.select(e as never).execute({ lane }), "v");

  it("casts strictly or safely", async () => {
    expect(await col({ v: t.s.tryCast("int64") })).toEqual([12n, null, null, null]);
    expect(await col({ v: t.x.cast("utf8") })).toEqual(["1.9", "-1.5", "0.0", null]);
    expect(await col({ v: t.x.cast("int64") })).toEqual([1n, -1n, 0n, null]);
    expect(await col({ v: t.d.cast("utf8") })).toEqual(["2024-02-29", "2023-12-31", "1970-01-01", null]);
    await expect(t.select({ v: t.s.cast("int64") }).execute({ lane })).rejects.toThrow(/Cannot cast string 'x'/);
  });

  it("extracts date parts", async () => {
    expect(await col({ v: t.d.quarter() })).toEqual([1n, 4n, 1n, null]);
    expect(await col({ v: t.d.dayOfYear() })).toEqual([60n, 365n, 1n, null]);
    // 2024-02-29 was a Thursday, 2023-12-31 a Sunday, 1970-01-01 a Thursday (Monday = 0)
    expect(await col({ v: t.d.dayOfWeek() })).toEqual([3n, 6n, 3n, null]);
    expect(await col({ v: t.d.epochSeconds() })).toEqual([1709164800n, 1703980800n, 0n, null]);
    const now = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const [first] = await col({ v: today() });
    // today() is the UTC date; allow the query to straddle midnight
    expect([now, now + 86_400_000]).toContain(Number(first));
  });
});

describe("cast build-time errors", () => {
  it("name the conversion", async () => {
    const con = await connect();
    const t = con.memtable(
      new arrow.Table({ d: arrow.vectorFromArray([day("2024-01-01")], new arrow.DateDay()) }),
    ) as Table<{
      d: "date32";
    }>;
    expect(() => t.d.cast("bool")).toThrow(
      /cast: to cannot convert date32 to bool \(date32 converts to: int32, int64, utf8, date32, timestamp\)/,
    );
    expect(() => t.d.tryCast("float64")).toThrow(/tryCast: to cannot convert date32 to float64/);
  });
});
