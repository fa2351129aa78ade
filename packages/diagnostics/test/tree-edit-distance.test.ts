import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TedTree } from "../src/diff/tree-edit-distance.js";
import { tedMapping } from "../src/diff/tree-edit-distance.js";

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261201 : Date.now();

interface N {
  readonly label: string;
  readonly children: readonly N[];
}
const n = (label: string, ...children: N[]): N => ({ label, children });
const tree = (x: N): TedTree<N> => ({ ref: x, children: x.children.map(tree), weight: 1 });
const unit = (a: N, b: N) => (a.label === b.label ? 0 : 1);
const nodes = (x: N): N[] => [x, ...x.children.flatMap(nodes)];

/** The cost a mapping implies: renames of mapped pairs, plus every unmapped node deleted or inserted. */
function costOf(a: N, b: N, pairs: readonly [N, N][]): number {
  const ma = new Set(pairs.map(([x]) => x));
  const mb = new Set(pairs.map(([, y]) => y));
  return (
    pairs.reduce((s, [x, y]) => s + unit(x, y), 0) +
    nodes(a).filter((x) => !ma.has(x)).length +
    nodes(b).filter((y) => !mb.has(y)).length
  );
}

const label = fc.constantFrom("a", "b", "c");
const arbOf = (depth: number): fc.Arbitrary<N> =>
  depth === 0 ? label.map((l) => n(l)) : fc.record({ label, children: fc.array(arbOf(depth - 1), { maxLength: 3 }) });
const arb = arbOf(3);

describe("Zhang–Shasha tree-edit distance", () => {
  it("gives the textbook distances", () => {
    // Zhang & Shasha's example: f(d(a c(b)) e) -> f(c(d(a b)) e) costs 2.
    const a = n("f", n("d", n("a"), n("c", n("b"))), n("e"));
    const b = n("f", n("c", n("d", n("a"), n("b"))), n("e"));
    expect(tedMapping(tree(a), tree(b), unit).cost).toBe(2);
    expect(tedMapping(tree(a), tree(a), unit).cost).toBe(0);
    expect(tedMapping(tree(n("a")), tree(n("b")), unit).cost).toBe(1);
    expect(tedMapping(tree(n("a", n("b"), n("c"))), tree(n("a", n("c"))), unit).cost).toBe(1);
  });

  it("forbidden renames are never mapped", () => {
    const { pairs, cost } = tedMapping(tree(n("a", n("x"))), tree(n("a", n("y"))), (p, q) =>
      p.label === q.label ? 0 : undefined,
    );
    expect(cost).toBe(2);
    expect(pairs.map(([p, q]) => [p.label, q.label])).toEqual([["a", "a"]]);
  });

  it("returns a mapping that costs exactly the distance, keeps order and ancestry, and is symmetric in cost", () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const { pairs, cost } = tedMapping(tree(a), tree(b), unit);
        expect(costOf(a, b, pairs)).toBe(cost);
        expect(tedMapping(tree(b), tree(a), unit).cost).toBe(cost);
        expect(cost).toBeLessThanOrEqual(nodes(a).length + nodes(b).length);
        // one-to-one
        expect(new Set(pairs.map(([x]) => x)).size).toBe(pairs.length);
        expect(new Set(pairs.map(([, y]) => y)).size).toBe(pairs.length);
        // preorder positions preserve order (a valid ordered mapping preserves preorder and postorder)
        const pre = (t: N) => new Map(nodes(t).map((x, i) => [x, i]));
        const [pa, pb] = [pre(a), pre(b)];
        const sorted = [...pairs].sort((p, q) => (pa.get(p[0]) as number) - (pa.get(q[0]) as number));
        for (let i = 1; i < sorted.length; i++)
          expect(pb.get((sorted[i] as [N, N])[1]) as number).toBeGreaterThan(
            pb.get((sorted[i - 1] as [N, N])[1]) as number,
          );
      }),
      { seed, numRuns: 300 },
    );
  });
});
