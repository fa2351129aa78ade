import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Table } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect, IbexEngineError } from "../src/index.js";
import { rowMultiset } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;

// Collecting garbage on demand makes the memory figures below about what the
// stream holds, not about when V8 last ran its collector.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** n rows of (i, i * 2) as a table. */
function numbers(n: number): arrow.Table {
  const i = BigInt64Array.from({ length: n }, (_, k) => BigInt(k));
  return arrow.tableFromArrays({ i, j: BigInt64Array.from(i, (v) => v * 2n) });
}

type N = Table<{ i: "int64"; j: "int64" }>;

describe.each(LANES)("streaming results (%s lane)", (lane) => {
  let con: Connection;
  let t: N;
  beforeAll(async () => {
    con = await connect({ batchSize: 1024 });
    t = con.memtable(numbers(5000)) as never;
  });

  it("yields the same rows as execute, batch by batch", async () => {
    const q = t.filter(t.i.ge(10)).mutate({ k: t.j.add(1) });
    const batches: arrow.RecordBatch[] = [];
    for await (const b of q.toBatches({ lane })) batches.push(b);
    expect(batches.length).toBeGreaterThan(3);
    expect(batches.every((b) => b.numRows <= 1024)).toBe(true);
    expect(rowMultiset(new arrow.Table(batches))).toEqual(rowMultiset(await q.execute({ lane })));
    expect((await q.toArrow({ lane })).numRows).toBe(4990);
  });

  it("keeps memory bounded while streaming far more than it keeps", async () => {
    const a = con.memtable(numbers(2800));
    const b = con.memtable(numbers(2800));
    // 7,840,000 rows of four int64 columns (239 MiB), made lazily by a cross join
    const big = a.crossJoin(b, { rname: "{name}_r" });
    gc();
    const base = process.memoryUsage().arrayBuffers;
    const rssBase = process.memoryUsage().rss;
    let peak = 0;
    let rssPeak = 0;
    let rows = 0;
    let bytes = 0;
    let seen = 0;
    for await (const batch of big.toBatches({ lane })) {
      rows += batch.numRows;
      bytes += batch.data.children.reduce((s, c) => s + (c.values as BigInt64Array).byteLength, 0);
      // before collecting: what is alive now, garbage included
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rssBase);
      if (++seen % 100 === 0) gc();
    }
    expect(rows).toBe(7_840_000);
    expect(bytes).toBeGreaterThan(230 * 2 ** 20);
    console.log(
      `streaming (${lane}): ${rows} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB streamed; peak Arrow buffers alive ${(peak / 2 ** 20).toFixed(1)} MiB, peak RSS growth ${(rssPeak / 2 ** 20).toFixed(1)} MiB`,
    );
    // what stays alive is a few chunks, not the result: the process grows by a
    // fraction of what passed through it (measured: 6–51 MiB for 239 MiB; the
    // engine makes the next chunk while JS reads one, and the allocator keeps
    // some freed memory for reuse)
    expect(rssPeak).toBeLessThan(bytes / 3);
    expect(peak).toBeLessThan(bytes / 3);
  }, 60_000);

  it("stops the query when the consumer breaks out, and the session stays usable", async () => {
    let n = 0;
    for await (const _ of t.crossJoin(t, { rname: "{name}_r" }).toBatches({ lane })) {
      if (++n === 2) break;
    }
    expect(n).toBe(2);
    expect((await t.execute({ lane })).numRows).toBe(5000);
  });

  it("cancels a stream or a query with an AbortSignal", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const batch of t.crossJoin(t, { rname: "{name}_r" }).toBatches({ lane, signal: controller.signal })) {
        seen.push(batch.numRows);
        if (seen.length === 3) controller.abort("enough");
      }
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IbexEngineError);
    expect((err as IbexEngineError).code).toBe("IBEX_CANCELLED");
    expect((err as Error).message).toContain("enough");
    expect(seen).toHaveLength(3);

    const early = new AbortController();
    early.abort();
    await expect(t.execute({ lane, signal: early.signal })).rejects.toMatchObject({ code: "IBEX_CANCELLED" });
    const later = new AbortController();
    const pending = t.crossJoin(t, { rname: "{name}_r" }).execute({ lane, signal: later.signal });
    setTimeout(() => later.abort(), 5);
    await expect(pending).rejects.toMatchObject({ code: "IBEX_CANCELLED" });
    expect((await t.execute({ lane, signal: new AbortController().signal })).numRows).toBe(5000);
  });
});

describe("memory limit", () => {
  it("fails an over-limit query with a typed error and keeps the session usable", async () => {
    const con = await connect({ memoryLimit: 2 * 2 ** 20 });
    const t = con.memtable(numbers(200_000));
    // 200,000 groups of collected lists need far more than 2 MiB of state
    for (const q of [t.groupBy("i").aggregate({ n: t.col("j").collect() }), t.orderBy(t.col("j").desc())]) {
      const err = await q.execute().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IbexEngineError);
      expect((err as IbexEngineError).code).toBe("IBEX_RESOURCES_EXHAUSTED");
      expect((err as Error).message).toMatch(/memory|Resources exhausted/i);
    }
    expect((await t.limit(3).execute()).numRows).toBe(3);
  });
});
