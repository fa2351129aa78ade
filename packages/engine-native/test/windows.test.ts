import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import type { Table } from "@ibex/dsl";
import { cumeDist, denseRank, ntile, percentRank, rank, rowNumber } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";

const LANES = ["substrait", "dataframe"] as const;

// Two accounts; day is unique per account, amount has a tie in account a.
const ledger = () =>
  new arrow.Table({
    account: arrow.vectorFromArray(["a", "a", "a", "a", "b", "b"], new arrow.Utf8()),
    day: arrow.vectorFromArray([1n, 2n, 3n, 4n, 1n, 2n], new arrow.Int64()),
    amount: arrow.vectorFromArray([10n, 30n, 30n, null, 5n, 7n], new arrow.Int64()),
  });

type Ledger = Table<{ account: "utf8"; day: "int64"; amount: "int64" }>;
const rows = (t: arrow.Table) => t.toArray().map((r) => r.toJSON());
const col = (t: arrow.Table, name: string) => rows(t).map((r) => r[name]);

describe.each(LANES)("windows (%s lane)", (lane) => {
  let con: Connection;
  let t: Ledger;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 2 });
    t = con.memtable(ledger()) as never;
  });
  const run = (q: { execute(o: object): Promise<arrow.Table> }) => q.execute({ lane });
  const ordered = (q: Ledger) => q.orderBy("account", "day");

  it("ranks rows within partitions, counting from 0 like Ibis", async () => {
    const w = { groupBy: t.account, orderBy: t.amount.desc() };
    const q = ordered(
      t.mutate({
        rn: rowNumber().over({ groupBy: t.account, orderBy: t.day }),
        rk: rank().over(w),
        dr: denseRank().over(w),
        pr: percentRank().over({ groupBy: t.account, orderBy: t.day }),
        cd: cumeDist().over({ groupBy: t.account, orderBy: t.day }),
        tile: ntile(2).over({ groupBy: t.account, orderBy: t.day }),
      }) as never,
    );
    const out = await run(q);
    expect(col(out, "rn")).toEqual([0n, 1n, 2n, 3n, 0n, 1n]);
    // amount desc, nulls last: 30, 30, 10, null
    expect(col(out, "rk")).toEqual([2n, 0n, 0n, 3n, 1n, 0n]);
    expect(col(out, "dr")).toEqual([1n, 0n, 0n, 2n, 1n, 0n]);
    expect(col(out, "pr")).toEqual([0, 1 / 3, 2 / 3, 1, 0, 1]);
    expect(col(out, "cd")).toEqual([0.25, 0.5, 0.75, 1, 0.5, 1]);
    expect(col(out, "tile")).toEqual([0n, 0n, 1n, 1n, 0n, 1n]);
  });

  it("looks at neighbours with lag, lead, firstValue, lastValue and nthValue", async () => {
    const w = { groupBy: t.account, orderBy: t.day };
    const q = ordered(
      t.mutate({
        prev: t.amount.lag().over(w),
        next2: t.amount.lead(2, -1).over(w),
        first: t.amount.firstValue().over(w),
        last: t.amount.lastValue().over(w),
        second: t.amount.nthValue(1).over(w),
      }) as never,
    );
    const out = await run(q);
    expect(col(out, "prev")).toEqual([null, 10n, 30n, 30n, null, 5n]);
    expect(col(out, "next2")).toEqual([30n, null, -1n, -1n, -1n, -1n]);
    expect(col(out, "first")).toEqual([10n, 10n, 10n, 10n, 5n, 5n]);
    expect(col(out, "last")).toEqual([null, null, null, null, 7n, 7n]);
    expect(col(out, "second")).toEqual([30n, 30n, 30n, 30n, 7n, 7n]);
  });

  it("runs aggregates over rows and range frames, and the cumulative forms", async () => {
    const q = ordered(
      t.mutate({
        total: t.amount.sum().over({ groupBy: t.account }),
        moving: t.amount.sum().over({ groupBy: t.account, orderBy: t.day, rows: [-1, 0] }),
        ahead: t.amount.max().over({ groupBy: t.account, orderBy: t.day, rows: [1, null] }),
        csum: t.amount.cumsum({ groupBy: t.account, orderBy: t.day }),
        cmean: t.amount.cummean({ groupBy: t.account, orderBy: t.day }),
        cmax: t.amount.cummax({ orderBy: [t.account, t.day] }),
        cmin: t.amount.cummin({ groupBy: t.account, orderBy: t.day }),
        big: t.count({ where: t.amount.ge(10) }).over({ groupBy: t.account }),
      }) as never,
    );
    const out = await run(q);
    expect(col(out, "total")).toEqual([70n, 70n, 70n, 70n, 12n, 12n]);
    expect(col(out, "moving")).toEqual([10n, 40n, 60n, 30n, 5n, 12n]);
    expect(col(out, "ahead")).toEqual([30n, 30n, null, null, 7n, null]);
    expect(col(out, "csum")).toEqual([10n, 40n, 70n, 70n, 5n, 12n]);
    expect(col(out, "cmean")).toEqual([10, 20, 70 / 3, 70 / 3, 5, 6]);
    expect(col(out, "cmax")).toEqual([10n, 30n, 30n, 30n, 30n, 30n]);
    expect(col(out, "cmin")).toEqual([10n, 10n, 10n, 10n, 5n, 5n]);
    expect(col(out, "big")).toEqual([3n, 3n, 3n, 3n, 0n, 0n]);
  });

  it("evaluates reductions outside aggregate over the table or the group (Ibis's rule)", async () => {
    const share = ordered(t.mutate((t) => ({ share: t.amount.div(t.amount.sum()) })) as never);
    expect(col(await run(share), "share")).toEqual([10 / 82, 30 / 82, 30 / 82, null, 5 / 82, 7 / 82]);
    const grouped = ordered(t.groupBy("account").mutate((t) => ({ n: t.count(), top: t.amount.max() })) as never);
    const out = await run(grouped);
    expect(col(out, "n")).toEqual([4n, 4n, 4n, 4n, 2n, 2n]);
    expect(col(out, "top")).toEqual([30n, 30n, 30n, 30n, 7n, 7n]);
  });

  it("filters on windows: above-average rows and top-n per group", async () => {
    const above = t.filter((t) => t.amount.gt(t.amount.mean())).orderBy("account", "day");
    expect(rows(await run(above)).map((r) => [r.account, r.day])).toEqual([
      ["a", 2n],
      ["a", 3n],
    ]);
    const firstTwo = t
      .filter(rowNumber().over({ groupBy: t.account, orderBy: t.day.desc() }).lt(2))
      .orderBy("account", "day");
    expect(rows(await run(firstTwo)).map((r) => [r.account, r.day])).toEqual([
      ["a", 3n],
      ["a", 4n],
      ["b", 1n],
      ["b", 2n],
    ]);
    expect((await run(firstTwo)).schema.fields.map((f) => f.name)).toEqual(["account", "day", "amount"]);
  });
});

describe("windows the Substrait consumer cannot take", () => {
  const fallsBack = async (build: (t: Ledger) => Ledger, column: string, expected: unknown[], construct: string) => {
    const sink = new InMemorySink();
    const con = await connect({ diagnostics: createRecorder([sink]) });
    const q = build(con.memtable(ledger()) as Ledger).orderBy("account", "day");
    expect(col(await q.execute({ lane: "dataframe" }), column)).toEqual(expected);
    expect(col(await q.execute(), column)).toEqual(expected);
    expect(sink.ofType("lane-fallback").map((e) => e.construct)).toEqual([construct]);
    await expect(q.execute({ lane: "substrait" })).rejects.toThrow(construct);
  };

  it("runs window DISTINCT on the DataFrame lane ('auto' falls back with a recorded reason)", async () => {
    await fallsBack(
      (t) => t.mutate({ kinds: t.amount.nunique().over({ groupBy: t.account }) }) as never,
      "kinds",
      [2n, 2n, 2n, 2n, 2n, 2n],
      "window DISTINCT",
    );
  });

  it("runs RANGE frames with offsets on the DataFrame lane", async () => {
    await fallsBack(
      (t) => t.mutate({ near: t.amount.count().over({ groupBy: t.account, orderBy: t.day, range: [-1, 1] }) }) as never,
      "near",
      [2n, 3n, 2n, 1n, 2n, 2n],
      "window RANGE frame with offsets",
    );
    await fallsBack(
      (t) => t.mutate({ upto: t.amount.sum().over({ groupBy: t.account, orderBy: t.day, range: [-2, -1] }) }) as never,
      "upto",
      [null, 10n, 40n, 60n, null, 5n],
      "window RANGE frame with offsets",
    );
  });
});

describe("window build-time errors", () => {
  const t = (async () => (await connect()).memtable(ledger()) as Ledger)();
  it("names the op and the argument", async () => {
    const l = await t;
    expect(() => rank().over({ groupBy: l.account })).toThrow(/rank: over needs an orderBy/);
    expect(() => rowNumber().over({ orderBy: l.day, rows: [-1, 0] })).toThrow(
      /rowNumber: over takes no rows\/range frame/,
    );
    expect(() => l.amount.sum().over({ orderBy: [l.account, l.day], range: [-1, 0] })).toThrow(
      /over: range with offsets needs exactly one numeric orderBy key/,
    );
    expect(() => l.amount.sum().over({ rows: [1, -1] })).toThrow(/over: rows start 1 is after end -1/);
    expect(() => l.amount.add(1).over()).toThrow(/over: function applies to an aggregate or window function/);
    expect(() => l.groupBy("account").aggregate({ r: rowNumber() })).toThrow(/only valid over a window/);
    expect(() => l.orderBy(rowNumber().over({ orderBy: l.day }))).toThrow(/window function/);
    expect(() => ntile(0)).toThrow(/ntile: n must be a positive integer/);
  });
});
