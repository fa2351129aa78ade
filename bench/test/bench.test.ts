import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// The built bench: the streaming suite runs its child process from dist.
import { main } from "../dist/main.js";
import { ibisPython } from "../dist/suites/compile.js";

// A smoke test only: the whole benchmark runs at a tiny scale and writes its
// report. Nothing here asserts how fast anything is.
const out = mkdtempSync(join(tmpdir(), "ibex-bench-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("pnpm bench", () => {
  it("runs every suite at a tiny scale and writes Markdown, JSON and SVG", async () => {
    const r = await main([
      "--sf",
      "0.01",
      "--reps",
      "1",
      "--warmup",
      "0",
      "--compile-reps",
      "3",
      "--transfer-rows",
      "100000",
      "--stream-budget-mib",
      "2",
      "--out",
      out,
    ]);
    expect(r.tpch.map((q) => q.query)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    for (const q of r.tpch) {
      for (const e of ["ibex-substrait", "ibex-dataframe", "engine-floor", "duckdb", "polars"] as const)
        expect(q.times[e]?.n, `Q${q.query} ${e}`).toBe(1);
    }
    expect(r.compile.rows).toHaveLength(22);
    if (ibisPython() !== undefined) expect(r.compile.rows.every((c) => c.ibisSql !== undefined)).toBe(true);
    expect(r.arquero?.rows.length).toBeGreaterThan(0);
    expect(r.transfer?.rows).toBe(100000);
    expect(r.streaming?.resultMiB).toBeGreaterThanOrEqual(40);
    expect(r.targets.map((t) => t.name)).toContain("overhead over the engine floor");

    const md = readFileSync(join(out, "benchmarks.md"), "utf8");
    expect(md).toContain("## Targets");
    expect(md).toContain("| Q22 |");
    expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).tpch).toHaveLength(22);
    expect(existsSync(join(out, "ratios.svg"))).toBe(true);
    expect(readFileSync(join(out, "ratios.svg"), "utf8")).toMatch(/^<svg /);
  });
});
