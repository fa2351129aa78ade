import { compileSubstrait } from "@ibex/compiler-substrait";
import type { Table } from "@ibex/dsl";
import { schemaFromArrow, table } from "@ibex/dsl";
import { IbexError, toJson } from "@ibex/ir";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { EngineErrorCode } from "../src/index.js";
import {
  connect,
  IbexCancelledError,
  IbexEngineError,
  IbexExecutionError,
  IbexInternalError,
  IbexInvalidPlanError,
  IbexIoError,
  IbexPlanningError,
  IbexResourcesExhaustedError,
  loadBinding,
} from "../src/index.js";
import { rowMultiset } from "./support/rows.js";

// Fixed seed in CI (override with FC_SEED); fast-check prints the seed on failure.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261125 : Date.now();
const numRuns = Number(process.env.FC_NUM_RUNS ?? 300);

const CODES: readonly EngineErrorCode[] = [
  "IBEX_PLAN_ERROR",
  "IBEX_EXECUTION_ERROR",
  "IBEX_NOT_IMPLEMENTED",
  "IBEX_SUBSTRAIT_ERROR",
  "IBEX_SUBSTRAIT_REJECTED",
  "IBEX_INVALID_INPUT",
];

describe("malformed plans and IR", () => {
  // One native session for all the fuzzing: it must survive every input.
  const native = new (loadBinding().Session)();
  let planBytes: Uint8Array;
  let irJson: string;
  beforeAll(async () => {
    const data = arrow.tableFromArrays({
      a: BigInt64Array.from([1n, 2n, 3n]),
      b: ["x", "y", null],
      c: Float64Array.from([0.5, 1, 2]),
    });
    await native.registerIpc("fuzz_t", [arrow.tableToIPC(data, "stream")]);
    const t = table<{ a: "int64"; b: "utf8"; c: "float64" }>("fuzz_t", schemaFromArrow(data.schema));
    const q = t
      .filter(t.a.gt(1))
      .mutate({ d: t.c.mul(2), e: t.b.upper() })
      .orderBy("a");
    planBytes = compileSubstrait(q.node).bytes;
    irJson = JSON.stringify(toJson(q.node));
  });

  /** A native call either succeeds or fails with a typed error of an expected kind. */
  async function typedOrOk(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      const e = IbexEngineError.fromNative(err);
      expect(CODES, `${e.code}: ${e.message}`).toContain(e.code);
    }
  }

  it("rejects random bytes as a Substrait plan with a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await typedOrOk(() => native.executeSubstrait(bytes));
      }),
      { seed, numRuns },
    );
  });

  it("survives mutated Substrait plans (flipped, dropped and inserted bytes)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("flip", "drop", "insert")), {
          minLength: 1,
          maxLength: 4,
        }),
        async (edits) => {
          const bytes = [...planBytes];
          for (const [at, v, how] of edits) {
            const i = at % (bytes.length + 1);
            if (how === "flip" && i < bytes.length) bytes[i] = (bytes[i] as number) ^ (v | 1);
            else if (how === "drop") bytes.splice(i, 1);
            else bytes.splice(i, 0, v);
          }
          await typedOrOk(() => native.executeSubstrait(Uint8Array.from(bytes)));
        },
      ),
      { seed, numRuns },
    );
  });

  it("survives mutated IR JSON documents, and the session stays usable", async () => {
    const doc = JSON.parse(irJson) as { nodes: Record<string, unknown>[] };
    await fc.assert(
      fc.asyncProperty(
        fc.nat(doc.nodes.length - 1),
        fc.constantFrom("kind", "input", "args", "type", "name", "op", "value", "expr", "predicates", "columns"),
        fc.oneof(
          fc.constant(null),
          fc.integer({ min: -3, max: 99 }),
          fc.string({ maxLength: 5 }),
          fc.constant([]),
          fc.constant({}),
        ),
        async (at, key, value) => {
          const mutated = structuredClone(doc);
          (mutated.nodes[at] as Record<string, unknown>)[key] = value;
          await typedOrOk(() => native.executeIr(JSON.stringify(mutated)));
        },
      ),
      { seed, numRuns },
    );
    await typedOrOk(() => native.executeIr("{ not json"));
    const ok = arrow.tableFromIPC((await native.executeSubstrait(planBytes)).ipc);
    expect(ok.numRows).toBe(2);
    expect(arrow.tableFromIPC((await native.executeIr(irJson)).ipc).numRows).toBe(2);
  });
});

describe("concurrency", () => {
  it("runs many queries at once on one session with the results of sequential runs", async () => {
    const con = await connect();
    const n = 2000;
    const t = con.memtable(
      arrow.tableFromArrays({
        k: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 17)),
        v: Float64Array.from({ length: n }, (_, i) => (i * 7) % 101),
      }),
    ) as unknown as Table<{ k: "int64"; v: "float64" }>;
    const queries = Array.from({ length: 24 }, (_, i) =>
      t.filter(t.v.gt(i)).groupBy("k").aggregate({ s: t.v.sum(), n: t.v.count() }).orderBy("k"),
    );
    const lanes = ["substrait", "dataframe"] as const;
    const lane = (i: number) => lanes[i % 2] as "substrait" | "dataframe";
    const sequential: string[][] = [];
    for (const [i, q] of queries.entries()) sequential.push(rowMultiset(await q.execute({ lane: lane(i) })));
    const concurrent = await Promise.all(queries.map((q, i) => q.execute({ lane: lane(i) })));
    expect(concurrent.map(rowMultiset)).toEqual(sequential);
  });
});

describe("error classes", () => {
  it("every engine error is an IbexError of its category's subclass, with a stable code", async () => {
    const con = await connect();
    const t = con.memtable(new arrow.Table({ x: arrow.vectorFromArray([1n, 0n], new arrow.Int64()) }));
    const caught = async (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const cases: [unknown, new (...args: never[]) => IbexEngineError, string][] = [
      [await caught(con.readParquet("/nonexistent/ibex.parquet")), IbexIoError, "IBEX_IO_ERROR"],
      [await caught(t.select({ v: t.col("x").mod(0) }).execute()), IbexExecutionError, "IBEX_EXECUTION_ERROR"],
      [await caught(t.execute({ signal: AbortSignal.abort("no") })), IbexCancelledError, "IBEX_CANCELLED"],
      [await caught(loadBinding().debugPanic("kaboom")), IbexInternalError, "IBEX_PANIC"],
    ];
    for (const [err, Class, code] of cases) {
      const e = err instanceof IbexEngineError ? err : IbexEngineError.fromNative(err);
      expect(e).toBeInstanceOf(IbexError);
      expect(e).toBeInstanceOf(Class);
      expect(e.code).toBe(code);
    }
    expect(IbexEngineError.fromNative(new Error("IBEX_SUBSTRAIT_REJECTED: no"))).toBeInstanceOf(IbexInvalidPlanError);
    expect(IbexEngineError.fromNative(new Error("IBEX_RESOURCES_EXHAUSTED: x"))).toBeInstanceOf(
      IbexResourcesExhaustedError,
    );
    expect(IbexEngineError.fromNative(new Error("IBEX_PLAN_ERROR: x"))).toBeInstanceOf(IbexPlanningError);
    expect(IbexEngineError.fromNative(new Error("something else"))).toMatchObject({ code: "IBEX_INTERNAL_ERROR" });
  });
});
