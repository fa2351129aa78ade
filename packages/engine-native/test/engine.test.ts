import { compileSubstrait, planToJson } from "@ibex/compiler-substrait";
import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import { lit } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect, IbexEngineError, loadBinding } from "../src/index.js";
import { rowMultiset } from "./support/rows.js";

const orders = () =>
  arrow.tableFromArrays({
    id: BigInt64Array.from([1n, 2n, 3n, 4n]),
    price: Float64Array.from([9.5, 20, 31.25, 4]),
    qty: BigInt64Array.from([3n, 1n, 2n, 10n]),
    name: ["apple", "pear", "fig", "kiwi"],
  });

describe("engine", () => {
  let con: Connection;
  const sink = new InMemorySink();
  beforeAll(async () => {
    con = await connect({ diagnostics: createRecorder([sink]) });
  });

  it("runs filter + mutate on both lanes with the same result", async () => {
    const t = con.memtable(orders());
    const q = t
      .filter(t.price.gt(5))
      .mutate({ total: t.price.mul(t.qty), big: t.qty.ge(2) })
      .select("name", "total", "big");
    const a = await q.execute();
    const b = await q.execute({ lane: "dataframe" });
    expect(a.schema.names).toEqual(["name", "total", "big"]);
    expect(rowMultiset(a)).toEqual(rowMultiset(b));
    expect(a.toArray().map((r) => r.toJSON())).toEqual([
      { name: "apple", total: 28.5, big: true },
      { name: "pear", total: 20, big: false },
      { name: "fig", total: 62.5, big: true },
    ]);
  });

  it("reads a registered table's schema from the engine's catalog", async () => {
    await con.createTable("orders", orders());
    expect(con.listTables()).toContain("orders");
    const t = await con.table("orders");
    expect(t.schema.names).toEqual(["id", "price", "qty", "name"]);
    expect(t.schema.field("name").type.kind).toBe("utf8");
    const out = await t.filter(t.col("name").eq("fig")).select("id").execute();
    expect(out.getChild("id")?.toArray()).toEqual(BigInt64Array.from([3n]));
    expect(await con.dropTable("orders")).toBe(true);
    expect(con.listTables()).not.toContain("orders");
    await expect(con.table("orders")).rejects.toMatchObject({ code: "IBEX_PLAN_ERROR" });
  });

  it("registers record batches, one or many, as one table", async () => {
    const source = con.memtable(orders());
    const batches = [];
    for await (const b of source.toBatches()) batches.push(b);
    const many = await con.createTable("from_batches", batches);
    const one = await con.createTable("one_batch", batches[0] as arrow.RecordBatch);
    expect((await many.execute()).numRows).toBe(orders().numRows);
    expect((await one.execute()).numRows).toBe(batches[0]?.numRows);
    expect(many.schema.names).toEqual(["id", "price", "qty", "name"]);
  });

  it("keeps three-valued logic and null propagation identical across lanes", async () => {
    const data = new arrow.Table({
      a: arrow.vectorFromArray([1n, null, 3n], new arrow.Int64()),
      b: arrow.vectorFromArray([true, null, false], new arrow.Bool()),
    });
    const t = con.memtable(data);
    const q = t.select({
      a1: t.a.add(1),
      half: t.a.div(2),
      both: t.b.and(lit(null, "bool")),
      either: t.b.or(true),
      missing: t.a.isNull(),
    });
    const [s, d] = [await q.execute(), await q.execute({ lane: "dataframe" })];
    expect(rowMultiset(s)).toEqual(rowMultiset(d));
    expect(s.toArray().map((r) => r.toJSON())).toEqual([
      { a1: 2n, half: 0.5, both: null, either: true, missing: false },
      { a1: null, half: null, both: null, either: true, missing: true },
      { a1: 4n, half: 1.5, both: false, either: true, missing: false },
    ]);
  });

  it("round-trips the Substrait plan: bytes made in TS decode in Rust to the same JSON", () => {
    const t = con.memtable(orders());
    const q = t.filter(t.price.gt(5)).mutate({ total: t.price.mul(t.qty) });
    const fromRust = JSON.parse(con.substraitJson(q));
    expect(fromRust).toEqual(planToJson(compileSubstrait(q.node).plan));
    expect(fromRust.extensionUrns.map((u: { urn: string }) => u.urn)).toContain(
      "extension:io.substrait:functions_comparison",
    );
  });

  it("records lane, timings, plan size and rows for every execution", async () => {
    sink.clear();
    const t = con.memtable(orders());
    await t.filter(t.qty.gt(1)).execute({ lane: "dataframe" });
    await t.filter(t.qty.gt(1)).execute();
    const [reg] = sink.ofType("registration");
    expect(reg).toMatchObject({ action: "register", rows: 4 });
    const runs = sink.ofType("execution");
    expect(runs.map((r) => r.lane)).toEqual(["dataframe", "substrait"]);
    for (const r of runs) {
      expect(r.rows).toBe(3);
      expect(r.planBytes).toBeGreaterThan(50);
      expect(r.compileMs).toBeGreaterThanOrEqual(0);
      expect(r.executeMs).toBeGreaterThan(0);
      expect(r.totalMs).toBeGreaterThanOrEqual(r.executeMs);
    }
  });

  it("turns a Rust panic into a typed error and stays usable", async () => {
    const native = loadBinding();
    await expect(native.debugPanic("kaboom")).rejects.toThrow(/IBEX_PANIC: Rust panic inside the engine: kaboom/);
    const t = con.memtable(orders());
    expect((await t.execute()).numRows).toBe(4);
  });

  it("rejects malformed plans and IR with typed errors, and stays usable", async () => {
    const session = new (loadBinding().Session)();
    await expect(session.executeSubstrait(Uint8Array.from([0xff, 0x01, 0x02]))).rejects.toThrow(
      /^IBEX_INVALID_INPUT: not a valid Substrait plan/,
    );
    await expect(session.executeIr("{]")).rejects.toThrow(/^IBEX_INVALID_INPUT: malformed IR JSON/);
    await expect(
      session.executeIr(JSON.stringify({ format: "ibex-ir", version: 7, root: 0, nodes: [] })),
    ).rejects.toThrow(/unsupported IR JSON version 7/);
    await expect(session.registerIpc("x", [Uint8Array.from([1, 2, 3])])).rejects.toThrow(/^IBEX_INVALID_INPUT/);
    const err = await con.execute(con.memtable(orders()).node, { lane: "substrait" }).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeUndefined();
    expect(IbexEngineError.fromNative(new Error("IBEX_PLAN_ERROR: nope"))).toMatchObject({
      code: "IBEX_PLAN_ERROR",
      message: "nope",
    });
  });

  it("does not block the event loop while a query runs", async () => {
    const n = 300_000;
    const big = arrow.tableFromArrays({ x: Float64Array.from({ length: n }, (_, i) => i) });
    const t = con.memtable(big);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const pending = t
      .mutate({ y: t.x.mul(t.x).add(t.x.div(3)) })
      .filter((t) => t.y.gt(10))
      .execute();
    await new Promise((r) => setTimeout(r, 0));
    const out = await pending;
    clearInterval(timer);
    expect(out.numRows).toBe(n - 4);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe("native binding", () => {
  it("exports what the TS binding declares", () => {
    const native = loadBinding();
    expect(typeof native.debugPanic).toBe("function");
    expect(native.engineVersions()).toMatchObject({ datafusion: expect.stringMatching(/^55\./), irJson: 1 });
    const methods = Object.getOwnPropertyNames(native.Session.prototype)
      .filter((m) => m !== "constructor")
      .sort();
    expect(methods).toEqual(
      [
        "analyzeIr",
        "analyzeSubstrait",
        "debugSqlIngest",
        "debugSqlOfIr",
        "debugSqlOfSubstrait",
        "deregister",
        "executeIr",
        "executeSubstrait",
        "explainIr",
        "explainPhysicalSubstrait",
        "explainSubstrait",
        "registerFiles",
        "registerIpc",
        "registerRange",
        "registerTpch",
        "requiredFunctionCount",
        "startWriteIr",
        "startWriteSubstrait",
        "streamIr",
        "streamSubstrait",
        "substraitToJson",
        "tableNames",
        "tableSchema",
      ].sort(),
    );
  });
});

describe("required functions", () => {
  // DataFusion's own expressions (operators, CASE, IN), not registry functions.
  const EXPRESSIONS = new Set(
    "add subtract multiply divide modulus equal not_equal lt lte gt gte and or not negate is_null like ilike if_then in bitwise_and bitwise_or bitwise_xor bitwise_shift_left bitwise_shift_right".split(
      " ",
    ),
  );

  it("lists every function an Ibex op lowers to", async () => {
    const { builtinOps } = await import("@ibex/ir");
    const required = new Set(loadBinding().requiredFunctions());
    const missing = builtinOps
      .names()
      .map((n) => builtinOps.get(n)?.substrait.name as string)
      .filter((name) => !required.has(name) && !EXPRESSIONS.has(name));
    expect(missing).toEqual([]);
  });

  it("checks them when a session starts, and records the check", async () => {
    const sink = new InMemorySink();
    await connect({ diagnostics: createRecorder([sink]) });
    const [check] = sink.ofType("required-functions");
    expect(check).toMatchObject({ checked: loadBinding().requiredFunctions().length, missing: [] });
    expect(check?.checked).toBeGreaterThan(90);
  });
});
