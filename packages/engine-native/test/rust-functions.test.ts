import type { Table } from "@ibex/dsl";
import { rowIndex, rowNumberWindow } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";
import { utf8ToInt32Map } from "./support/vectors.js";

// Ibex's Rust functions (native/src/udf/) checked against independent TS
// references on generated data, on both lanes. The data arrives in small
// batches and the session runs 4 partitions, so aggregates merge partial
// states from several partitions, as they do on real data.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261201 : Date.now();
const numRuns = Number(process.env.FC_NUM_RUNS_RUST ?? 60);
const LANES = ["substrait", "dataframe"] as const;

type T = Table<{ g: "int64"; o: "int64"; x: "int64"; s: "utf8"; l: "list"; m: "map"; i: "int64" }>;

type Row = {
  g: bigint;
  o: bigint;
  x: bigint | null;
  s: string | null;
  l: (bigint | null)[] | null;
  m: Map<string, number | null> | null;
  i: bigint;
};

const rowArb = fc.record({
  g: fc.bigInt({ min: 0n, max: 2n }),
  x: fc.option(fc.bigInt({ min: -3n, max: 3n }), { freq: 4 }),
  s: fc.option(fc.constantFrom("a", "b", "é", "", "日本"), { freq: 4 }),
  l: fc.option(fc.array(fc.option(fc.bigInt({ min: 0n, max: 3n }), { freq: 5 }), { maxLength: 5 }), { freq: 5 }),
  m: fc.option(
    fc.uniqueArray(fc.constantFrom("k", "j", "é", ""), { maxLength: 3 }).chain((keys) =>
      fc.tuple(
        fc.constant(keys),
        fc.array(fc.option(fc.integer({ min: -9, max: 9 })), {
          minLength: keys.length,
          maxLength: keys.length,
        }),
      ),
    ),
    { freq: 5 },
  ),
  i: fc.bigInt({ min: -6n, max: 6n }),
});

/** Rows with a unique order key `o` (a shuffled 0..n-1), so every order is total. */
const rowsArb = fc.array(rowArb, { maxLength: 24 }).chain((rows) =>
  fc
    .shuffledSubarray(
      rows.map((_, k) => BigInt(k)),
      { minLength: rows.length, maxLength: rows.length },
    )
    .map((order) =>
      rows.map(
        (r, k): Row => ({
          ...r,
          o: order[k] as bigint,
          m: r.m === null ? null : new Map(r.m[0].map((key, j) => [key, r.m?.[1][j] ?? null])),
        }),
      ),
    ),
);

function tableOf(rows: readonly Row[]): arrow.Table {
  const make = (part: readonly Row[]) =>
    new arrow.Table({
      g: arrow.vectorFromArray(
        part.map((r) => r.g),
        new arrow.Int64(),
      ),
      o: arrow.vectorFromArray(
        part.map((r) => r.o),
        new arrow.Int64(),
      ),
      x: arrow.vectorFromArray(
        part.map((r) => r.x),
        new arrow.Int64(),
      ),
      s: arrow.vectorFromArray(
        part.map((r) => r.s),
        new arrow.Utf8(),
      ),
      l: arrow.vectorFromArray(
        part.map((r) => r.l),
        new arrow.List(new arrow.Field("item", new arrow.Int64(), true)),
      ),
      m: arrow.vectorFromArray(part.map((r) => r.m) as never, utf8ToInt32Map()),
      i: arrow.vectorFromArray(
        part.map((r) => r.i),
        new arrow.Int64(),
      ),
    });
  if (rows.length === 0) return make(rows);
  // Batches of 4 rows: the engine spreads them over its partitions.
  const chunks: Row[][] = [];
  for (let k = 0; k < rows.length; k += 4) chunks.push(rows.slice(k, k + 4));
  return new arrow.Table(chunks.flatMap((c) => make(c).batches));
}

// ---- the TS references --------------------------------------------------------

const listExtract = (l: readonly (bigint | null)[] | null, i: bigint) => {
  if (l === null) return null;
  const at = i >= 0n ? Number(i) : l.length + Number(i);
  return at >= 0 && at < l.length ? (l[at] ?? null) : null;
};
const listUnique = (l: readonly (bigint | null)[] | null) => (l === null ? null : [...new Set(l)]);
const byOrder = (rows: readonly Row[]) => [...rows].sort((a, b) => (a.o < b.o ? -1 : 1));
const groups = (rows: readonly Row[]) => [...new Set(rows.map((r) => r.g))].sort((a, b) => (a < b ? -1 : 1));
const runningTotal = (xs: readonly (bigint | null)[]) => {
  let sum: bigint | null = null;
  return xs.map((x) => {
    if (x !== null) sum = (sum ?? 0n) + x;
    return sum;
  });
};

describe.each(LANES)("Rust functions against TS references (%s lane)", (lane) => {
  let con: Connection;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 4 });
  });

  it("list and map functions", async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const t = con.memtable(tableOf(rows)) as unknown as T;
        const out = await t
          .select({
            o: t.o,
            ex: t.l.listExtract(t.i),
            ex2: t.l.listExtract(-1),
            un: t.l.listUnique(),
            keys: t.m.mapKeys(),
            vals: t.m.mapValues(),
            entries: t.m.mapEntries(),
            get: t.m.mapExtract("k"),
          })
          .orderBy("o")
          .execute({ lane });
        const sorted = byOrder(rows);
        expect(columnValues(out, "ex")).toEqual(sorted.map((r) => listExtract(r.l, r.i)));
        expect(columnValues(out, "ex2")).toEqual(sorted.map((r) => listExtract(r.l, -1n)));
        expect(columnValues(out, "un")).toEqual(sorted.map((r) => listUnique(r.l)));
        expect(columnValues(out, "keys")).toEqual(sorted.map((r) => (r.m === null ? null : [...r.m.keys()])));
        expect(columnValues(out, "vals")).toEqual(sorted.map((r) => (r.m === null ? null : [...r.m.values()])));
        expect(columnValues(out, "entries")).toEqual(
          sorted.map((r) => (r.m === null ? null : [...r.m].map(([key, value]) => ({ key, value })))),
        );
        expect(columnValues(out, "get")).toEqual(sorted.map((r) => r.m?.get("k") ?? null));
      }),
      { seed, numRuns },
    );
  });

  it("aggregates merge partial states in order", async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const t = con.memtable(tableOf(rows)) as unknown as T;
        const out = await t
          .groupBy("g")
          .aggregate({
            first: t.x.firstValueAgg({ orderBy: t.o }),
            last: t.x.lastValueAgg({ orderBy: t.o }),
            firstDesc: t.s.firstValueAgg({ orderBy: t.o.desc() }),
            distinct: t.x.countDistinctAgg(),
            joined: t.s.stringAgg("|", { orderBy: t.o.desc() }),
            positives: t.x.countDistinctAgg({ where: t.x.gt(0) }),
          })
          .orderBy("g")
          .execute({ lane });
        const per = groups(rows).map((g) => byOrder(rows.filter((r) => r.g === g)));
        const nonNull = <T>(vs: readonly (T | null)[]) => vs.filter((v): v is T => v !== null);
        expect(columnValues(out, "first")).toEqual(per.map((rs) => nonNull(rs.map((r) => r.x))[0] ?? null));
        expect(columnValues(out, "last")).toEqual(per.map((rs) => nonNull(rs.map((r) => r.x)).at(-1) ?? null));
        expect(columnValues(out, "firstDesc")).toEqual(per.map((rs) => nonNull(rs.map((r) => r.s)).at(-1) ?? null));
        expect(columnValues(out, "distinct")).toEqual(
          per.map((rs) => BigInt(new Set(nonNull(rs.map((r) => r.x))).size)),
        );
        expect(columnValues(out, "joined")).toEqual(
          per.map((rs) => {
            const parts = nonNull(rs.map((r) => r.s)).reverse();
            return parts.length === 0 ? null : parts.join("|");
          }),
        );
        expect(columnValues(out, "positives")).toEqual(
          per.map((rs) => BigInt(new Set(nonNull(rs.map((r) => r.x)).filter((x) => x > 0n)).size)),
        );
      }),
      { seed, numRuns },
    );
  });

  it("window functions follow the window's order", async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer({ min: 0, max: 3 }), async (rows, k) => {
        const t = con.memtable(tableOf(rows)) as unknown as T;
        const w = { groupBy: t.g, orderBy: t.o };
        const out = await t
          .select({
            o: t.o,
            index: rowIndex().over(w),
            number: rowNumberWindow().over(w),
            count: t.x.runningCount().over(w),
            total: t.x.runningTotal().over(w),
            lag: t.x.lagWindow(k, 100n).over(w),
            lead: t.x.leadWindow(k).over(w),
          })
          .orderBy("o")
          .execute({ lane });
        const expected = new Map<bigint, Record<string, unknown>>();
        for (const g of groups(rows)) {
          const part = byOrder(rows.filter((r) => r.g === g));
          const totals = runningTotal(part.map((r) => r.x));
          part.forEach((r, j) => {
            expected.set(r.o, {
              index: BigInt(j),
              number: BigInt(j + 1),
              count: BigInt(part.slice(0, j + 1).filter((p) => p.x !== null).length),
              total: totals[j],
              lag: j - k >= 0 ? (part[j - k]?.x ?? null) : 100n,
              lead: j + k < part.length ? (part[j + k]?.x ?? null) : null,
            });
          });
        }
        const sorted = byOrder(rows);
        for (const name of ["index", "number", "count", "total", "lag", "lead"]) {
          expect(columnValues(out, name), name).toEqual(sorted.map((r) => expected.get(r.o)?.[name]));
        }
      }),
      { seed, numRuns },
    );
  });

  it("rangeTable counts like Python's range", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0),
        async (start, stop, step) => {
          const r = await con.rangeTable(start, stop, step);
          const out = await r.select({ value: r.value }).execute({ lane });
          const expected: bigint[] = [];
          for (let v = start; step > 0 ? v < stop : v > stop; v += step) expected.push(BigInt(v));
          expect(columnValues(out, "value")).toEqual(expected);
        },
      ),
      { seed, numRuns },
    );
  });
});

describe("rangeTable", () => {
  it("generates large ranges batch by batch and rejects a zero step", async () => {
    const con = await connect();
    const r = await con.rangeTable(0n, 3_000_000n, 1n);
    const out = await r.aggregate({ n: r.value.count(), top: r.value.max(), sum: r.value.sum() }).execute();
    expect(columnValues(out, "n")).toEqual([3_000_000n]);
    expect(columnValues(out, "top")).toEqual([2_999_999n]);
    expect(columnValues(out, "sum")).toEqual([(2_999_999n * 3_000_000n) / 2n]);
    await expect(con.rangeTable(0, 10, 0)).rejects.toThrow(/rangeTable: step must not be 0/);
    const extreme = await con.rangeTable(-(2n ** 63n), 2n ** 63n - 1n, 2n ** 62n);
    expect(columnValues(await extreme.execute(), "value")).toEqual([-(2n ** 63n), -(2n ** 62n), 0n, 2n ** 62n]);
  });
});
