import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import { memtable } from "@ibex/dsl";
import type * as arrow from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { rowMultiset, schemaOf } from "./support/rows.js";
import type { TKind, TSpec } from "./support/typed-arbitraries.js";
import { buildTyped, TYPED_COLUMNS, typedExprArb, typedTableArb } from "./support/typed-arbitraries.js";

// Fixed seed in CI (override with FC_SEED); fast-check prints the seed and the
// shrunk counterexample on failure, so any run can be replayed.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261125 : Date.now();
const numRuns = Number(process.env.FC_NUM_RUNS ?? 500);

const casesOver = (kinds: readonly TKind[]) =>
  fc.tuple(
    typedTableArb(kinds),
    fc.array(
      fc.constantFrom<TKind>(...kinds).chain((k) => typedExprArb(k, 4, kinds)),
      { minLength: 1, maxLength: 3 },
    ),
  );

const errorText = (r: PromiseSettledResult<unknown>) =>
  r.status === "rejected" ? `${(r.reason as { code?: string }).code}: ${(r.reason as Error).message}` : "ok";

describe("lane agreement on typed expressions", () => {
  let con: Connection;
  const sink = new InMemorySink();
  const counts = { rows: 0, errors: 0, zoned: 0 };
  const dataErrors = new Map<string, number>();
  beforeAll(async () => {
    con = await connect({ targetPartitions: 1, diagnostics: createRecorder([sink]) });
  });
  afterAll(() => {
    const top = [...dataErrors]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([m, n]) => `${n}× ${m}`)
      .join("; ");
    console.log(
      `typed expressions, seed ${seed}: ${counts.rows} cases gave the same rows on the Substrait and DataFrame lanes, ${counts.errors} the same execution error on both (${top}); ${counts.zoned} zoned-timestamp cases ran on the DataFrame lane with the fallback recorded`,
    );
  });

  const query = (data: arrow.Table, specs: readonly TSpec[]) => {
    const t = memtable(data, { backend: con });
    return t.select(Object.fromEntries(specs.map((s, i) => [`e${i}`, buildTyped(s, t)])));
  };

  it("Substrait and DataFrame lanes agree on expressions of every type, nested to depth 4", async () => {
    const kinds = TYPED_COLUMNS.filter((k) => k !== "tz");
    await fc.assert(
      fc.asyncProperty(casesOver(kinds), async ([data, specs]) => {
        const q = query(data, specs);
        const before = sink.ofType("lane-fallback").length;
        const [s, d] = await Promise.allSettled([
          con.execute(q, { lane: "substrait" }),
          con.execute(q, { lane: "dataframe" }),
        ]);
        expect(sink.ofType("lane-fallback").length).toBe(before);
        if (s.status === "rejected" || d.status === "rejected") {
          // Data can make a function fail (an overflow, a bad cast): then both
          // lanes must fail alike.
          expect(errorText(s)).toMatch(/^IBEX_EXECUTION_ERROR: /);
          expect(errorText(s).replace(/\s+/g, " ")).toBe(errorText(d).replace(/\s+/g, " "));
          const kind = errorText(d)
            .replace(/^IBEX_EXECUTION_ERROR: /, "")
            .replace(/[0-9]+/g, "N")
            .slice(0, 60);
          dataErrors.set(kind, (dataErrors.get(kind) ?? 0) + 1);
          counts.errors += 1;
          return;
        }
        expect(schemaOf(s.value)).toEqual(schemaOf(d.value));
        expect(rowMultiset(s.value)).toEqual(rowMultiset(d.value));
        counts.rows += 1;
      }),
      { seed, numRuns },
    );
    // Most cases must compare rows, not errors, or the property tests little.
    expect(counts.rows).toBeGreaterThan(numRuns * 0.8);
  }, 600_000);

  it("zoned timestamps run on the DataFrame lane, recording why (Substrait carries UTC only)", async () => {
    await fc.assert(
      fc.asyncProperty(casesOver(TYPED_COLUMNS), async ([data, specs]) => {
        const q = query(data, specs);
        const before = sink.ofType("lane-fallback").length;
        const [auto, d] = await Promise.allSettled([
          con.execute(q, { lane: "auto" }),
          con.execute(q, { lane: "dataframe" }),
        ]);
        expect(sink.ofType("lane-fallback").length).toBe(before + 1);
        expect(errorText(auto)).toBe(errorText(d));
        if (auto.status === "fulfilled" && d.status === "fulfilled")
          expect(rowMultiset(auto.value)).toEqual(rowMultiset(d.value));
        counts.zoned += 1;
      }),
      { seed, numRuns: Math.ceil(numRuns / 10) },
    );
  }, 600_000);
});
