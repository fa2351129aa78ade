import { describe, expect, it } from "vitest";
import { measure } from "../bench/type-cost.mjs";

// The budget for typed schemas: a 200-column table through a 20-step chain.
// tsc's type and instantiation counts are deterministic, so they are budgeted
// here; times are only printed (measured 0.25-0.31 s check time on 2 cores).
const BUDGET = { types: 12_000, instantiations: 100_000 };

describe("type-checking cost of typed schemas", () => {
  it("stays within budget for 200 columns and a 20-step chain", () => {
    const cost = measure();
    console.log(`type cost: ${JSON.stringify(cost)}`);
    expect(cost.types).toBeLessThanOrEqual(BUDGET.types);
    expect(cost.instantiations).toBeLessThanOrEqual(BUDGET.instantiations);
  }, 60_000);
});
