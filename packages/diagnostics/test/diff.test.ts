import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "@ibex/dsl";
import type { RelationNode } from "@ibex/ir";
import { dt, schema, toJson } from "@ibex/ir";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diff, diffToText, planTree } from "../src/index.js";

// The diff is property-tested: a query against itself, or against a
// semantics-preserving rewrite of itself, shows no semantic change; one
// random mutation is reported where it is, with the right classification.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261201 : Date.now();

type T = { a: "int64"; b: "int64"; c: "float64"; s: "utf8" };
const base = () =>
  table<T>(
    "t",
    schema([
      { name: "a", type: dt.int64() },
      { name: "b", type: dt.int64() },
      { name: "c", type: dt.float64() },
      { name: "s", type: dt.utf8() },
    ]),
  );

/** A pipeline as data, built into a query (optionally rewritten without changing its meaning). */
type Step =
  | { readonly op: "filter"; readonly preds: readonly (readonly ["a" | "b", number])[] }
  | { readonly op: "mutate"; readonly k: number }
  | { readonly op: "sort"; readonly desc: boolean }
  | { readonly op: "limit"; readonly n: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant("filter" as const),
    preds: fc.array(fc.tuple(fc.constantFrom("a" as const, "b" as const), fc.integer({ min: -5, max: 5 })), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({ op: fc.constant("mutate" as const), k: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ op: fc.constant("sort" as const), desc: fc.boolean() }),
  fc.record({ op: fc.constant("limit" as const), n: fc.integer({ min: 1, max: 50 }) }),
);

function build(steps: readonly Step[], rewrite: boolean): RelationNode {
  let q = base() as ReturnType<typeof base> & Record<string, unknown>;
  steps.forEach((s, i) => {
    switch (s.op) {
      case "filter": {
        const preds = s.preds.map(([c, v]) => q.col(c).gt(v));
        if (!rewrite) q = q.filter(...preds) as never;
        // the same conjunction: reversed, as an AND chain, split across filters
        else if (preds.length > 1)
          q = q
            .filter(
              preds
                .slice(1)
                .reverse()
                .reduce((x, p) => x.and(p)),
            )
            .filter(preds[0] as never) as never;
        else q = q.filter(...preds) as never;
        break;
      }
      case "mutate":
        // commutative operands swapped
        q = q.mutate({
          [`m${i}`]: rewrite ? q.col("b").add(q.col("a")).mul(s.k) : q.col("a").add(q.col("b")).mul(s.k),
        }) as never;
        break;
      case "sort":
        q = q.orderBy(s.desc ? q.col("a").desc() : q.col("a").asc()) as never;
        break;
      case "limit":
        q = q.limit(s.n) as never;
        break;
    }
  });
  // an identity projection is no change
  return (rewrite ? q.select(...q.columns) : q).node;
}

describe("semantic plan diff", () => {
  it("a query diffed with itself, or with a semantics-preserving rewrite, has no semantic change", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), (steps) => {
        const a = build(steps, false);
        expect(diff(a, build(steps, false)).summary.semanticChange).toBe(false);
        const d = diff(a, build(steps, true));
        expect(d.summary.semanticChange, diffToText(d)).toBe(false);
        expect(d.edits.every((e) => e.kind === "keep")).toBe(true);
      }),
      { seed, numRuns: 300 },
    );
  });

  it("one random mutation is found at its path and classified", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), fc.nat(), (steps, pick) => {
        const at = pick % steps.length;
        const step = steps[at] as Step;
        const mutated: Step =
          step.op === "filter"
            ? { ...step, preds: [[step.preds[0]?.[0] ?? "a", (step.preds[0]?.[1] ?? 0) + 100], ...step.preds.slice(1)] }
            : step.op === "sort"
              ? { ...step, desc: !step.desc }
              : step.op === "limit"
                ? { ...step, n: step.n + 1 }
                : { ...step, k: step.k + 10 };
        const changed = steps.map((s, i) => (i === at ? mutated : s));
        const d = diff(build(steps, false), build(changed, false));
        const s = d.summary;
        expect(s.semanticChange, diffToText(d)).toBe(true);
        const edits = d.edits.filter((e) => e.kind !== "keep");
        switch (step.op) {
          case "filter":
            expect(s.rowsPossiblyChanged, diffToText(d)).toBe(true);
            expect(edits.some((e) => e.kind === "update" && e.node === "literal" && e.path.includes("/filter["))).toBe(
              true,
            );
            break;
          case "sort":
            expect(s.orderChanged, diffToText(d)).toBe(true);
            expect(s.rowsPossiblyChanged).toBe(false);
            expect(edits.some((e) => e.node === "sort")).toBe(true);
            break;
          case "limit":
            expect(s.rowsPossiblyChanged).toBe(true);
            expect(edits).toEqual([expect.objectContaining({ kind: "update", node: "limit" })]);
            break;
          case "mutate":
            expect(s.valuesPossiblyChanged, diffToText(d)).toBe(true);
            expect(s.columnsAdded).toEqual([]);
            expect(edits.some((e) => e.kind === "update" && e.node === "literal" && e.path.includes("/project["))).toBe(
              true,
            );
            break;
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it("sees through alias-only renames where the output names are the same", () => {
    const t = base();
    const m = t.mutate({ tmp: t.a.add(1) });
    const a = m.select({ x: m.col("tmp"), b: m.b }).node;
    const b = t.select({ x: t.a.add(1), b: t.b }).node;
    const d = diff(a, b);
    expect(d.summary.semanticChange, diffToText(d)).toBe(false);
    // Renaming the output itself is a change.
    const c = t.select({ y: t.a.add(1), b: t.b }).node;
    expect(diff(a, c).summary).toMatchObject({ semanticChange: true, columnsAdded: ["y"], columnsRemoved: ["x"] });
  });

  it("reports added, removed and retyped output columns", () => {
    const t = base();
    const a = t.select("a", "b", "c").node;
    const b = t.select({ a: t.a, b: t.b.cast("float64"), s: t.s }).node;
    const s = diff(a, b).summary;
    expect(s.columnsAdded).toEqual(["s"]);
    expect(s.columnsRemoved).toEqual(["c"]);
    expect(s.columnsRetyped).toEqual([{ name: "b", from: "float64".replace("float64", "int64"), to: "float64" }]);
    expect(diffToText(diff(a, b))).toMatch(
      /^semantic change: columns added: s; columns removed: c; column b retyped: int64 -> float64/,
    );
  });

  it("diffs two 1,000-node plans in well under a second", () => {
    const t = base();
    const wide = (k: number) => {
      let q = t.filter(t.a.gt(0));
      for (let i = 0; i < 60; i++) {
        q = q.mutate({
          [`x${i}`]: q
            .col("a")
            .add(i)
            .mul(q.col("b"))
            .sub(i === 30 ? k : 1),
        }) as never;
        // A filter now and then keeps the projections from fusing into one.
        if (i % 4 === 3) q = q.filter(q.col(`x${i}` as "a").gt(-i)) as never;
      }
      return q.node;
    };
    const [a, b] = [wide(1), wide(2)];
    const started = performance.now();
    const d = diff(a, b);
    const ms = performance.now() - started;
    const nodes = planTree(a).size;
    const changes = d.edits.filter((e) => e.kind !== "keep").length;
    console.log(`diff of two ${nodes}-node plans: ${ms.toFixed(1)} ms, ${changes} edits`);
    expect(nodes).toBeGreaterThanOrEqual(1000);
    expect(d.edits.filter((e) => e.kind === "update").length).toBeGreaterThan(0);
  });
});

describe("ibex diff (command line)", () => {
  it("diffs two plans saved as IR JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "ibex-cli-"));
    const t = base();
    writeFileSync(join(dir, "a.json"), JSON.stringify(toJson(t.filter(t.a.gt(1), t.b.gt(2)).node)));
    writeFileSync(join(dir, "same.json"), JSON.stringify(toJson(t.filter(t.b.gt(2)).filter(t.a.gt(1)).node)));
    writeFileSync(join(dir, "b.json"), JSON.stringify(toJson(t.filter(t.a.gt(5), t.b.gt(2)).node)));
    const cli = fileURLToPath(new URL("../bin/ibex.mjs", import.meta.url));
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
    const same = run("diff", join(dir, "a.json"), join(dir, "same.json"));
    expect(same.status).toBe(0);
    expect(same.stdout.trim()).toBe("no semantic change");
    const changed = run("diff", join(dir, "a.json"), join(dir, "b.json"));
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(
      /^semantic change: rows possibly changed\n~ \/filter\[0\]\/predicates\[1\]\/call\[\d\]\/literal\[1\] {2}literal 1: !int64 -> literal 5: !int64/,
    );
    const asJson = JSON.parse(run("diff", join(dir, "a.json"), join(dir, "b.json"), "--json").stdout);
    expect(asJson.summary.rowsPossiblyChanged).toBe(true);
    expect(run("diff", join(dir, "a.json")).status).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });
});
