import type { Table } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";
import { canonicalBytes, xxh64 } from "./support/xxh64.js";

const LANES = ["substrait", "dataframe"] as const;
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261125 : Date.now();
const numRuns = Number(process.env.FC_NUM_RUNS ?? 100);
const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => `0x${[...b].map((x) => x.toString(16).padStart(2, "0")).join("")}`;
const be16 = (hi: bigint, lo: bigint) =>
  Uint8Array.from({ length: 16 }, (_, k) => Number(((k < 8 ? hi : lo) >> BigInt(56 - 8 * (k % 8))) & 0xffn));

describe("the TypeScript reference", () => {
  it("matches published xxHash64 vectors", () => {
    expect(xxh64(text(""))).toBe(0xef46db3751d8e999n);
    expect(xxh64(text("a"))).toBe(0xd24ec4f1a98c6e5bn);
    expect(xxh64(text("abc"))).toBe(0x44bc2cf5ad770999n);
    // longer than 32 bytes exercises the four-lane loop
    expect(xxh64(text("Nobody inspects the spammish repetition"))).toBe(0xfbcea83c8a378bf1n);
  });
});

type T = Table<{
  i8: "int8";
  i64: "int64";
  u64: "uint64";
  f: "float64";
  s: "utf8";
  b: "bool";
  d: "date32";
  bin: "binary";
}>;

describe.each(LANES)("stable hashes (%s lane)", (lane) => {
  let con: Connection;
  beforeAll(async () => {
    con = await connect();
  });

  it("has golden values that never change", async () => {
    const t = con.memtable(arrow.tableFromArrays({ s: ["", "a", "abc"] })) as unknown as Table<{ s: "utf8" }>;
    const out = await t
      .select({ h: t.s.stableHash64(), id: t.s.stableId("user"), p: t.s.prefixedHash64("x"), raw: t.s.colToByte() })
      .execute({ lane });
    expect(columnValues(out, "h")).toEqual([0xef46db3751d8e999n, 0xd24ec4f1a98c6e5bn, 0x44bc2cf5ad770999n]);
    expect(columnValues(out, "id")).toEqual([
      "user_ef46db3751d8e999",
      "user_d24ec4f1a98c6e5b",
      "user_44bc2cf5ad770999",
    ]);
    expect(columnValues(out, "p")[0]).toBe(xxh64(Uint8Array.of(0x78, 0)));
    expect(columnValues(out, "raw")).toEqual(["0x", "0x61", "0x616263"]);
  });

  it("agrees with the TypeScript reference on every hashable type", async () => {
    const row = fc.record({
      i8: fc.option(fc.integer({ min: -128, max: 127 }), { freq: 6 }),
      i64: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { freq: 6 }),
      u64: fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { freq: 6 }),
      f: fc.option(fc.oneof(fc.double(), fc.constantFrom(-0, Number.NaN)), { freq: 6 }),
      s: fc.option(fc.string({ maxLength: 40, unit: "grapheme" }), { freq: 6 }),
      b: fc.option(fc.boolean(), { freq: 6 }),
      d: fc.option(fc.integer({ min: -100_000, max: 100_000 }), { freq: 6 }),
      bin: fc.option(fc.uint8Array({ maxLength: 40 }), { freq: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 10 }), async (rows) => {
        const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
        const data = new arrow.Table({
          i8: arrow.vectorFromArray(col("i8"), new arrow.Int8()),
          i64: arrow.vectorFromArray(col("i64"), new arrow.Int64()),
          u64: arrow.vectorFromArray(col("u64"), new arrow.Uint64()),
          f: arrow.vectorFromArray(col("f"), new arrow.Float64()),
          s: arrow.vectorFromArray(col("s"), new arrow.Utf8()),
          b: arrow.vectorFromArray(col("b"), new arrow.Bool()),
          d: arrow.vectorFromArray(
            col("d").map((x) => (x === null ? null : new Date(x * 86_400_000))),
            new arrow.DateDay(),
          ),
          bin: arrow.vectorFromArray(col("bin"), new arrow.Binary()),
        });
        const t = con.memtable(data) as unknown as T;
        const kinds = {
          i8: "int8",
          i64: "int64",
          u64: "uint64",
          f: "float64",
          s: "utf8",
          b: "bool",
          d: "date32",
          bin: "binary",
        } as const;
        const q = t.select(
          Object.fromEntries(
            Object.keys(kinds).flatMap((k) => {
              const e = t.col(k as keyof typeof kinds);
              return [
                [`${k}_h`, e.stableHash64()],
                [`${k}_h128`, e.stableHash128()],
                [`${k}_p`, e.prefixedHash64("ns")],
              ];
            }),
          ),
        );
        const out = await q.execute({ lane });
        for (const [k, kind] of Object.entries(kinds)) {
          const values = columnValues(out, `${k}_h`);
          const wide = columnValues(out, `${k}_h128`);
          const prefixed = columnValues(out, `${k}_p`);
          rows.forEach((r, i) => {
            const v = r[k as keyof typeof r];
            if (v === null) {
              expect(values[i]).toBeNull();
              return;
            }
            const bytes = canonicalBytes(kind, v);
            expect(values[i], `${k} row ${i}`).toBe(xxh64(bytes));
            expect(wide[i], `${k} row ${i}`).toBe(hex(be16(xxh64(bytes), xxh64(bytes, 1n))));
            expect(prefixed[i], `${k} row ${i}`).toBe(xxh64(Uint8Array.from([...text("ns"), 0, ...bytes])));
          });
        }
      }),
      { seed, numRuns },
    );
  });

  it("hashes a number alike at every integer width", async () => {
    const t = con.memtable(
      new arrow.Table({
        a: arrow.vectorFromArray([5, -1], new arrow.Int8()),
        b: arrow.vectorFromArray([5n, -1n], new arrow.Int64()),
      }),
    ) as unknown as Table<{ a: "int8"; b: "int64" }>;
    const out = await t.select({ x: t.a.stableHash64(), y: t.b.stableHash64() }).execute({ lane });
    expect(columnValues(out, "x")).toEqual(columnValues(out, "y"));
    expect(() => t.a.stableId("")).not.toThrow();
  });
});
