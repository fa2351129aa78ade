import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import type { Table } from "@ibex/dsl";
import { dt } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect, IbexEngineError } from "../src/index.js";
import { columnValues, rowMultiset } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;

function sales(): arrow.Table {
  return new arrow.Table({
    id: arrow.vectorFromArray([1n, 2n, 3n, 4n, null], new arrow.Int64()),
    region: arrow.vectorFromArray(["east", "west", "east", "north", "west"], new arrow.Utf8()),
    price: arrow.vectorFromArray([1.5, null, -2, 1e9, 0], new arrow.Float64()),
    day: arrow.vectorFromArray(
      [new Date("2024-01-01"), new Date("2024-01-02"), null, new Date("2024-02-29"), new Date("1999-12-31")],
      new arrow.DateDay(),
    ),
  });
}

describe.each(LANES)("files in and out (%s lane)", (lane) => {
  let dir: string;
  let con: Connection;
  let sink: InMemorySink;
  let t: Table;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ibex-io-"));
    sink = new InMemorySink();
    con = await connect({ diagnostics: createRecorder([sink]) });
    t = con.memtable(sales());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expected = async () => rowMultiset(await t.execute());

  it("writes and reads Parquet, CSV and JSON with the rows unchanged", async () => {
    for (const [format, write, read] of [
      ["parquet", (p: string) => t.toParquet(p, { lane, singleFile: true }), (p: string) => con.readParquet(p)],
      ["csv", (p: string) => t.toCsv(p, { lane, singleFile: true }), (p: string) => con.readCsv(p)],
      ["json", (p: string) => t.toJson(p, { lane, singleFile: true }), (p: string) => con.readJson(p)],
    ] as const) {
      const path = join(dir, `sales.${format}`);
      expect(await write(path), format).toBe(5);
      const back = await read(path);
      const out = await back.select("id", "region", "price", "day").execute({ lane });
      if (format === "parquet") expect(rowMultiset(out), format).toEqual(await expected());
      else expect(out.numRows, format).toBe(5);
    }
    const parquet = await con.readParquet(join(dir, "sales.parquet"));
    expect(parquet.schema.fields.map((f) => `${f.name}:${f.type.kind}`)).toEqual([
      "id:int64",
      "region:utf8",
      "price:float64",
      "day:date32",
    ]);
  });

  it("writes Hive partitions and reads them back with typed partition columns", async () => {
    const out = join(dir, "by-region");
    expect(await t.toParquet(out, { lane, partitionBy: ["region"] })).toBe(5);
    expect(readdirSync(out).sort()).toEqual(["region=east", "region=north", "region=west"]);
    const back = await con.readParquet(out, {
      name: "by_region",
      partitionCols: [{ name: "region", type: dt.utf8() }],
      fileSortOrder: ["id"],
    });
    expect(back.columns).toEqual(["id", "price", "day", "region"]);
    const east = await back
      .filter(back.col("region").eq("east"))
      .select("id", "region", "price", "day")
      .execute({ lane });
    expect(rowMultiset(east)).toEqual(rowMultiset(await t.filter(t.col("region").eq("east")).execute()));
    expect(con.listTables()).toContain("by_region");
    // the declared order reaches the scan: sorting by it needs no sort operator
    const plan = await con.explain(back.orderBy("id"), { physical: true });
    expect(plan).toMatch(/output_ordering=\[id@0 ASC/);
    expect(plan).not.toMatch(/SortExec/);
  });

  it("fails with a typed IO error for missing files, and the session stays usable", async () => {
    const missing = join(dir, "nope.parquet");
    const err = await con.readParquet(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IbexEngineError);
    expect((err as IbexEngineError).code).toBe("IBEX_IO_ERROR");
    expect((err as Error).message).toContain("nope.parquet");
    expect((await t.execute({ lane })).numRows).toBe(5);
  });

  it("fails with typed errors on corrupt and mismatched files, and the session stays usable", async () => {
    const corrupt = join(dir, "corrupt.parquet");
    writeFileSync(corrupt, Buffer.from("PAR1 this is not really parquet PAR1"));
    const bad = await con.readParquet(corrupt).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(IbexEngineError);
    expect((bad as IbexEngineError).code).toBe("IBEX_IO_ERROR");
    expect((bad as Error).message).toContain("corrupt.parquet");

    // two files whose column types disagree
    const mixed = join(dir, "mixed");
    mkdirSync(mixed);
    await con
      .memtable(arrow.tableFromArrays({ a: BigInt64Array.from([1n]) }))
      .toParquet(join(mixed, "1.parquet"), { lane, singleFile: true });
    await con
      .memtable(arrow.tableFromArrays({ a: ["x"] }))
      .toParquet(join(mixed, "2.parquet"), { lane, singleFile: true });
    const mismatch = await con
      .readParquet(mixed)
      .then((t) => t.execute({ lane }))
      .catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(IbexEngineError);
    expect(["IBEX_IO_ERROR", "IBEX_EXECUTION_ERROR", "IBEX_PLAN_ERROR"]).toContain((mismatch as IbexEngineError).code);

    // a CSV row with a missing field
    const ragged = join(dir, "ragged.csv");
    writeFileSync(ragged, "a,b\n1,2\n3\n");
    const r = await con
      .readCsv(ragged)
      .then((t) => t.execute({ lane }))
      .catch((e: unknown) => e);
    expect(r).toBeInstanceOf(IbexEngineError);
    expect((await t.execute({ lane })).numRows).toBe(5);
  });

  it("reports progress while a long write runs, and cancels one", async () => {
    const r = await con.rangeTable(0, 1_000_000);
    const seen: number[] = [];
    const n = await r
      .mutate({ half: r.value.floorDiv(2) })
      .toParquet(join(dir, "progress"), { lane, onProgress: (rows) => seen.push(rows), progressIntervalMs: 1 });
    expect(n).toBe(1_000_000);
    expect(seen.at(-1)).toBe(1_000_000);
    expect(seen.every((v, i) => i === 0 || v >= (seen[i - 1] as number))).toBe(true);
    const back = await con.readParquet(join(dir, "progress"));
    expect(columnValues(await back.aggregate({ n: back.count() }).execute(), "n")).toEqual([1_000_000n]);

    const controller = new AbortController();
    const big = await con.rangeTable(0, 50_000_000);
    const pending = big
      .toCsv(join(dir, "cancelled"), { lane, signal: controller.signal, onProgress: () => controller.abort("stop") })
      .catch((e: unknown) => e);
    const err = await pending;
    expect(err).toBeInstanceOf(IbexEngineError);
    expect((err as IbexEngineError).code).toBe("IBEX_CANCELLED");
    expect((await t.execute({ lane })).numRows).toBe(5);
  });

  it("records every registration and write", async () => {
    const regs = sink.ofType("registration");
    expect(regs.some((e) => e.source === "arrow" && e.action === "register")).toBe(true);
    expect(regs.some((e) => e.source === "parquet" && e.path?.endsWith("by-region"))).toBe(true);
    const writes = sink.ofType("write");
    expect(writes.map((w) => w.format)).toEqual(expect.arrayContaining(["parquet", "csv", "json"]));
    expect(writes.every((w) => w.lane === lane)).toBe(true);
    expect(
      writes.filter((w) => !w.path.includes("mixed") && !w.path.includes("progress")).every((w) => w.rows === 5),
    ).toBe(true);
    expect(await con.dropTable("by_region")).toBe(true);
    expect(con.listTables()).not.toContain("by_region");
    expect(sink.ofType("registration").at(-1)).toMatchObject({ action: "deregister", table: "by_region" });
  });
});
