import type { Table } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";

const LANES = ["substrait", "dataframe"] as const;
type Trades = Table<{ sym: "utf8"; time: "int64"; qty: "int64" }>;
type Quotes = Table<{ sym: "utf8"; time: "int64"; bid: "float64" }>;

describe.each(LANES)("asofJoin (%s lane)", (lane) => {
  let con: Connection;
  let trades: Trades;
  let quotes: Quotes;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 2 });
    trades = con.memtable(
      new arrow.Table({
        sym: arrow.vectorFromArray(["a", "a", "b", "b", "a"], new arrow.Utf8()),
        time: arrow.vectorFromArray([5n, 10n, 3n, 8n, 1n], new arrow.Int64()),
        qty: arrow.vectorFromArray([1n, 2n, 3n, 4n, 5n], new arrow.Int64()),
      }),
    ) as never;
    quotes = con.memtable(
      new arrow.Table({
        sym: arrow.vectorFromArray(["a", "a", "b", "a", "b"], new arrow.Utf8()),
        time: arrow.vectorFromArray([2n, 5n, 4n, 9n, 8n], new arrow.Int64()),
        bid: arrow.vectorFromArray([1.0, 1.5, 7.0, 2.0, 7.5], new arrow.Float64()),
      }),
    ) as never;
  });
  const bids = async (q: Table) =>
    (await q.orderBy("qty").execute({ lane })).toArray().map((r) => [r.toJSON().qty, r.toJSON().bid]);

  it("matches the latest row not after each left row, by key", async () => {
    const q = trades.asofJoin(quotes, "time", { by: ["sym"] });
    expect(q.columns).toEqual(["sym", "time", "qty", "sym_right", "time_right", "bid"]);
    expect(await bids(q)).toEqual([
      [1n, 1.5], // a@5 -> a@5
      [2n, 2.0], // a@10 -> a@9
      [3n, null], // b@3: no b quote yet
      [4n, 7.5], // b@8 -> b@8
      [5n, null], // a@1: none
    ]);
  });

  it("honours a tolerance and works without keys", async () => {
    expect(await bids(trades.asofJoin(quotes, "time", { by: ["sym"], tolerance: 0 }))).toEqual([
      [1n, 1.5],
      [2n, null],
      [3n, null],
      [4n, 7.5],
      [5n, null],
    ]);
    expect(await bids(trades.asofJoin(quotes, ["time", "time"]))).toEqual([
      [1n, 1.5],
      [2n, 2.0],
      [3n, 1.0],
      [4n, 7.5],
      [5n, null],
    ]);
  });
});

describe("asofJoin build-time errors", () => {
  it("names the argument", async () => {
    const con = await connect();
    const t = con.memtable(
      new arrow.Table({ k: arrow.vectorFromArray(["x"]), n: arrow.vectorFromArray([1n]) }),
    ) as Table<{
      k: "utf8";
      n: "int64";
    }>;
    expect(() => t.asofJoin(t.view(), "k")).toThrow(/asofJoin: on must be ordered columns/);
    expect(() => t.asofJoin(t.view(), "n", { tolerance: -1 })).toThrow(/asofJoin: tolerance must be a non-negative/);
    expect(() => t.asofJoin(t.view(), "nn")).toThrow(/did you mean "n"/);
  });
});
