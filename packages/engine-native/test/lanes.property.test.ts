import { memtable } from "@ibex/dsl";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { buildPipeline, pipelineArb, tableArb } from "./support/arbitraries.js";
import { rowMultiset, schemaOf } from "./support/rows.js";

// Fixed seed in CI (override with FC_SEED); fast-check prints the seed and
// the shrunk counterexample on failure, so any run can be replayed.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261125 : Date.now();
const numRuns = Number(process.env.FC_NUM_RUNS ?? 250);

describe("lane agreement", () => {
  let con: Connection;
  beforeAll(async () => {
    con = await connect({ targetPartitions: 2 });
  });
  afterAll(() => {
    console.log(`lane agreement: ${numRuns} cases, seed ${seed}`);
  });

  it("Substrait and DataFrame lanes return the same rows for random filter/select/mutate pipelines", async () => {
    await fc.assert(
      fc.asyncProperty(
        tableArb.chain(({ cols, data }) => pipelineArb(cols, 4).map((steps) => ({ data, steps }))),
        async ({ data, steps }) => {
          const q = buildPipeline(memtable(data, { backend: con }), steps);
          const [s, d] = await Promise.allSettled([
            con.execute(q, { lane: "substrait" }),
            con.execute(q, { lane: "dataframe" }),
          ]);
          // Both lanes may reject the same data (int64 overflow is checked):
          // then they must agree on the error code.
          if (s.status === "rejected" || d.status === "rejected") {
            const code = (r: PromiseSettledResult<unknown>) =>
              r.status === "rejected"
                ? `${(r.reason as { code?: string }).code}: ${(r.reason as Error).message}`
                : "ok";
            expect(code(s).split(":")[0], `substrait: ${code(s)}\ndataframe: ${code(d)}`).toBe(code(d).split(":")[0]);
            expect(code(s)).toMatch(/^IBEX_EXECUTION_ERROR: .*[Oo]verflow/);
            return;
          }
          const viaSubstrait = s.value;
          const viaDataFrame = d.value;
          expect(schemaOf(viaSubstrait)).toEqual(schemaOf(viaDataFrame));
          expect(viaSubstrait.schema.names).toEqual(q.columns);
          expect(rowMultiset(viaSubstrait)).toEqual(rowMultiset(viaDataFrame));
        },
      ),
      { seed, numRuns },
    );
  }, 600_000);
});
