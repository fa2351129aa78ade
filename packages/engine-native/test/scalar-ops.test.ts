import type { Table } from "@ibex/dsl";
import { date, lit } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";

const LANES = ["substrait", "dataframe"] as const;
type People = Table<{ name: "utf8"; born: "date32"; score: "int64" }>;

describe.each(LANES)("string, date and conditional ops (%s lane)", (lane) => {
  let con: Connection;
  let t: People;
  beforeAll(async () => {
    con = await connect();
    const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
    t = con.memtable(
      new arrow.Table({
        name: arrow.vectorFromArray(["Ada", "bob", "Cy", null], new arrow.Utf8()),
        born: arrow.vectorFromArray(
          ["1815-12-10", "1990-02-28", "2000-07-04", "1970-01-01"].map((s) => new Date(day(s))),
          new arrow.DateDay(),
        ),
        score: arrow.vectorFromArray([3n, null, 7n, 1n], new arrow.Int64()),
      }),
    ) as never;
  });
  const col = async (e: object) => (await t.select(e as never).execute({ lane })).getChild("v")?.toArray();

  it("matches patterns and slices strings", async () => {
    expect(await col({ v: t.name.like("%d%") })).toEqual([true, false, false, null]);
    expect(await col({ v: t.name.ilike("b%") })).toEqual([false, true, false, null]);
    expect(await col({ v: t.name.substr(1, 2) })).toEqual(["da", "ob", "y", null]);
    expect(await col({ v: t.name.substr(0) })).toEqual(["Ada", "bob", "Cy", null]);
  });

  it("extracts date parts and compares dates", async () => {
    expect(Array.from((await col({ v: t.born.year() })) as BigInt64Array)).toEqual([1815n, 1990n, 2000n, 1970n]);
    expect(Array.from((await col({ v: t.born.month() })) as BigInt64Array)).toEqual([12n, 2n, 7n, 1n]);
    expect(Array.from((await col({ v: t.born.day() })) as BigInt64Array)).toEqual([10n, 28n, 4n, 1n]);
    expect(await col({ v: t.born.between(date("1970-01-01"), date("1999-12-31")) })).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it("chooses with ifElse and tests lists with isin / notin", async () => {
    expect(await col({ v: t.score.gt(2).ifElse(t.name, lit("low")) })).toEqual(["Ada", "low", "Cy", "low"]);
    expect(Array.from((await col({ v: t.score.isNull().ifElse(0, t.score) })) as BigInt64Array)).toEqual([
      3n,
      0n,
      7n,
      1n,
    ]);
    expect(await col({ v: t.score.isin([1, 7]) })).toEqual([false, null, true, true]);
    expect(await col({ v: t.score.isin([1.0, 2.5]) })).toEqual([false, null, false, true]);
    expect(await col({ v: t.name.notin(["bob", "Cy"]) })).toEqual([true, false, false, null]);
  });
});

describe("scalar op build-time errors", () => {
  it("names the op, the argument and the types", async () => {
    const con = await connect();
    const t = con.memtable(
      new arrow.Table({ s: arrow.vectorFromArray(["x"]), n: arrow.vectorFromArray([1n]) }),
    ) as Table<{
      s: "utf8";
      n: "int64";
    }>;
    // @ts-expect-error: like needs a string column
    expect(() => t.n.like("x")).toThrow(/like: argument 1 has type int64/);
    expect(() => t.s.substr(-1)).toThrow(/substr: start must be a non-negative integer/);
    expect(() => t.n.gt(1).ifElse(t.s, t.n as never)).toThrow(/ifElse: argument 2 has type int64/);
    expect(() => t.n.isin([])).toThrow(/isin: values must not be empty/);
    expect(() => t.n.isin(["a" as never])).toThrow(
      /isin: argument 2 has type !utf8, which cannot be compared with argument 1 of type int64/,
    );
  });
});
