import type { RelationNode } from "@ibex/ir";
import { typeToString } from "@ibex/ir";
import type { PlanTree } from "./plan-tree.js";
import { planTree } from "./plan-tree.js";
import type { TedTree } from "./tree-edit-distance.js";
import { tedCells, tedMapping } from "./tree-edit-distance.js";

/** The familiar tree-diff edit kinds (GumTree's, plus keep for unchanged subtrees). */
export type EditKind = "keep" | "update" | "insert" | "remove" | "move";

/** One edit of the script. Paths are `/kind[i]/kind[i]/...` from the root. */
export interface PlanEdit {
  readonly kind: EditKind;
  /** Where the node is in the new plan (the old one for `remove`). */
  readonly path: string;
  /** For `move`: where it was in the old plan. */
  readonly from?: string;
  /** The node's label in the old plan (`update`, `remove`, `move`, `keep`). */
  readonly before?: string;
  /** The node's label in the new plan (`update`, `insert`, `move`, `keep`). */
  readonly after?: string;
  /** The node kind (`filter`, `call`, `literal`, ...). */
  readonly node: string;
}

/** What a change means for the query's result. */
export interface DiffSummary {
  /** False when the plans are equal after normalisation. */
  readonly semanticChange: boolean;
  readonly columnsAdded: readonly string[];
  readonly columnsRemoved: readonly string[];
  readonly columnsRetyped: readonly { readonly name: string; readonly from: string; readonly to: string }[];
  /** A filter, join, aggregation, limit, distinct, set operation or unnest changed. */
  readonly rowsPossiblyChanged: boolean;
  /** A sort changed. */
  readonly orderChanged: boolean;
  /** An output column's expression changed (same name and type). */
  readonly valuesPossiblyChanged: boolean;
}

/** A semantic diff of two plans. */
export interface PlanDiff {
  /** The edit script; `keep` entries are the largest unchanged subtrees. */
  readonly edits: readonly PlanEdit[];
  readonly summary: DiffSummary;
}

interface Indexed {
  readonly tree: PlanTree;
  readonly parent: Indexed | undefined;
  readonly index: number;
  readonly path: string;
  readonly children: Indexed[];
}

function index(tree: PlanTree, parent: Indexed | undefined = undefined, i = 0): Indexed {
  const path = `${parent === undefined ? "" : parent.path}/${tree.kind}[${i}]`;
  const node: Indexed = { tree, parent, index: i, path, children: [] };
  tree.children.forEach((c, j) => {
    node.children.push(index(c, node, j));
  });
  return node;
}

function preorder(n: Indexed, out: Indexed[] = []): Indexed[] {
  out.push(n);
  for (const c of n.children) preorder(c, out);
  return out;
}

const ROWS = new Set(["filter", "join", "aggregate", "limit", "distinct", "setOp", "unnest"]);
const RELATION = new Set([...ROWS, "sort", "project", "table", "memtable"]);
/** Children of a relation node that are its inputs (not its own expressions). */
function isInput(parent: Indexed, child: Indexed): boolean {
  const k = parent.tree.kind;
  if (k === "join") return child.index < 2;
  if (k === "setOp") return true;
  return child.index === 0 && RELATION.has(child.tree.kind);
}

/**
 * Diffs two queries semantically: both are normalised (see `planTree`),
 * identical subtrees are matched by structural hash first (largest first),
 * and exact tree-edit distance (Zhang–Shasha) pairs only the small unmatched
 * rest, with each matched subtree folded into one leaf, so two large plans
 * that differ a little diff in milliseconds.
 *
 * @example
 * ```ts
 * const d = diff(before.node, after.node);
 * d.summary.rowsPossiblyChanged; // a filter changed
 * console.log(diffToText(d));
 * ```
 */
export function diff(a: RelationNode, b: RelationNode): PlanDiff {
  const [ra, rb] = [index(planTree(a)), index(planTree(b))];
  const [na, nb] = [preorder(ra), preorder(rb)];
  const aToB = new Map<Indexed, Indexed>();
  const bToA = new Map<Indexed, Indexed>();
  const pair = (x: Indexed, y: Indexed) => {
    aToB.set(x, y);
    bToA.set(y, x);
  };
  const pairSubtrees = (x: Indexed, y: Indexed) => {
    pair(x, y);
    x.children.forEach((c, i) => {
      pairSubtrees(c, y.children[i] as Indexed);
    });
  };

  // 1. Identical subtrees, largest first; prefer the same path. A lone leaf
  // (a column, a literal) is matched by hash only where it stands; elsewhere
  // the edit distance below decides, so a repeated name does not look moved.
  const byHash = new Map<string, Indexed[]>();
  for (const x of na) byHash.set(x.tree.hash, [...(byHash.get(x.tree.hash) ?? []), x]);
  for (const y of [...nb].sort((p, q) => q.tree.size - p.tree.size)) {
    if (bToA.has(y)) continue;
    const candidates = (byHash.get(y.tree.hash) ?? []).filter((x) => !aToB.has(x));
    const x = candidates.find((c) => c.path === y.path) ?? (y.tree.size > 1 ? candidates[0] : undefined);
    if (x !== undefined) pairSubtrees(x, y);
  }
  // 2. The unmatched rest: exact tree-edit distance over both trees with each
  // matched subtree folded into one leaf, when that is small (it is, unless
  // the plans have little in common); otherwise GumTree-style heuristics.
  const [pa, pb] = [pruned(ra, aToB, (x) => x.index), pruned(rb, bToA, (y) => (bToA.get(y) as Indexed).index)];
  if (tedCells(pa, pb) <= TED_CELLS) {
    const rename = (x: Indexed, y: Indexed): number | undefined => {
      if (aToB.has(x) || bToA.has(y)) return aToB.get(x) === y ? 0 : undefined;
      if (x.tree.kind !== y.tree.kind) return undefined;
      return x.tree.label === y.tree.label ? 0 : 1;
    };
    for (const [x, y] of tedMapping(pa, pb, rename).pairs) if (!aToB.has(x) && !bToA.has(y)) pair(x, y);
  } else {
    heuristicMatch(ra, rb, nb, aToB, bToA, pair);
  }

  const edits: PlanEdit[] = [];
  const changed: { node: Indexed; edit: EditKind }[] = [];
  for (const y of nb) {
    const x = bToA.get(y);
    if (x === undefined) {
      edits.push({ kind: "insert", path: y.path, after: y.tree.label, node: y.tree.kind });
      changed.push({ node: y, edit: "insert" });
      continue;
    }
    const moved = y.parent !== undefined && (x.parent === undefined || aToB.get(x.parent) !== y.parent);
    if (moved) {
      edits.push({
        kind: "move",
        path: y.path,
        from: x.path,
        before: x.tree.label,
        after: y.tree.label,
        node: y.tree.kind,
      });
      changed.push({ node: y, edit: "move" });
    } else if (x.tree.label !== y.tree.label) {
      edits.push({ kind: "update", path: y.path, before: x.tree.label, after: y.tree.label, node: y.tree.kind });
      changed.push({ node: y, edit: "update" });
    } else if (x.tree.hash === y.tree.hash) {
      // Report only the largest unchanged subtrees: this one is, its parent is not.
      const p = y.parent;
      const pa = p === undefined ? undefined : bToA.get(p);
      if (p === undefined || pa === undefined || pa.tree.hash !== p.tree.hash) {
        edits.push({ kind: "keep", path: y.path, before: x.tree.label, after: y.tree.label, node: y.tree.kind });
      }
    }
  }
  for (const x of na) {
    if (!aToB.has(x)) {
      edits.push({ kind: "remove", path: x.path, before: x.tree.label, node: x.tree.kind });
      changed.push({ node: x, edit: "remove" });
    }
  }
  return { edits, summary: summarize(a, b, changed) };
}

/** Largest pruned-tree problem (node pairs) solved exactly: about 30 ms. */
const TED_CELLS = 250_000;

/**
 * The tree with every matched subtree folded into one leaf weighing its size.
 * Children whose order means nothing are laid out matched first, in their
 * partners' order (`rank`), so an ordered edit distance can pair the rest.
 */
function pruned(n: Indexed, matched: ReadonlyMap<Indexed, Indexed>, rank: (n: Indexed) => number): TedTree<Indexed> {
  if (matched.get(n)?.tree.hash === n.tree.hash) return { ref: n, children: [], weight: n.tree.size };
  let children = n.children;
  if (n.tree.unordered) {
    const key = (c: Indexed) => (matched.has(c) ? rank(c) : Number.MAX_SAFE_INTEGER);
    children = [...children].sort((p, q) => key(p) - key(q) || p.index - q.index);
  }
  return { ref: n, children: children.map((c) => pruned(c, matched, rank)), weight: 1 };
}

/** Pairs what hashing left, bottom-up by matched children, then top-down by matched parents. */
function heuristicMatch(
  ra: Indexed,
  rb: Indexed,
  nb: readonly Indexed[],
  aToB: ReadonlyMap<Indexed, Indexed>,
  bToA: ReadonlyMap<Indexed, Indexed>,
  pair: (x: Indexed, y: Indexed) => void,
): void {
  for (const y of [...nb].reverse()) {
    if (bToA.has(y)) continue;
    const parents = y.children.map((c) => bToA.get(c)?.parent).filter((p): p is Indexed => p !== undefined);
    const x = parents.find((p) => !aToB.has(p) && p.tree.kind === y.tree.kind);
    if (x !== undefined) pair(x, y);
  }
  if (!bToA.has(rb) && !aToB.has(ra) && ra.tree.kind === rb.tree.kind) pair(ra, rb);
  for (const y of nb) {
    const x = bToA.get(y);
    if (x === undefined) continue;
    for (const cy of y.children) {
      if (bToA.has(cy)) continue;
      const cx =
        x.children.find((c) => !aToB.has(c) && c.index === cy.index && c.tree.kind === cy.tree.kind) ??
        x.children.find((c) => !aToB.has(c) && c.tree.kind === cy.tree.kind);
      if (cx !== undefined) pair(cx, cy);
    }
  }
}

function summarize(
  a: RelationNode,
  b: RelationNode,
  changed: readonly { node: Indexed; edit: EditKind }[],
): DiffSummary {
  const before = new Map(a.schema.fields.map((f) => [f.name, typeToString(f.type)]));
  const after = new Map(b.schema.fields.map((f) => [f.name, typeToString(f.type)]));
  const columnsAdded = [...after.keys()].filter((n) => !before.has(n));
  const columnsRemoved = [...before.keys()].filter((n) => !after.has(n));
  const columnsRetyped = [...after]
    .filter(([n, t]) => before.has(n) && before.get(n) !== t)
    .map(([name, to]) => ({ name, from: before.get(name) as string, to }));
  let rows = false;
  let order = false;
  let values = false;
  for (const { node } of changed) {
    // The nearest relation node at or above the edit, and whether the edit is in its own expressions.
    let child: Indexed | undefined;
    let at: Indexed | undefined = node;
    while (at !== undefined && !RELATION.has(at.tree.kind)) {
      child = at;
      at = at.parent;
    }
    if (at === undefined) continue;
    const own = child === undefined || !isInput(at, child);
    if (!own) continue;
    if (ROWS.has(at.tree.kind)) rows = true;
    else if (at.tree.kind === "sort") order = true;
    else if (at.tree.kind === "project") values = true;
    else rows = true; // a different source table
  }
  return {
    semanticChange: changed.length > 0,
    columnsAdded,
    columnsRemoved,
    columnsRetyped,
    rowsPossiblyChanged: rows,
    orderChanged: order,
    valuesPossiblyChanged: values,
  };
}

/** The diff as readable text, like a code diff of the plan tree. */
export function diffToText(d: PlanDiff): string {
  const lines = d.edits
    .filter((e) => e.kind !== "keep")
    .map((e) => {
      switch (e.kind) {
        case "insert":
          return `+ ${e.path}  ${e.after}`;
        case "remove":
          return `- ${e.path}  ${e.before}`;
        case "update":
          return `~ ${e.path}  ${e.before} -> ${e.after}`;
        case "move":
          return `> ${e.from} -> ${e.path}  ${e.after}`;
        default:
          return `  ${e.path}`;
      }
    });
  const s = d.summary;
  const classes = [
    ...(s.columnsAdded.length > 0 ? [`columns added: ${s.columnsAdded.join(", ")}`] : []),
    ...(s.columnsRemoved.length > 0 ? [`columns removed: ${s.columnsRemoved.join(", ")}`] : []),
    ...s.columnsRetyped.map((c) => `column ${c.name} retyped: ${c.from} -> ${c.to}`),
    ...(s.rowsPossiblyChanged ? ["rows possibly changed"] : []),
    ...(s.orderChanged ? ["order changed"] : []),
    ...(s.valuesPossiblyChanged ? ["values possibly changed"] : []),
  ];
  const head = s.semanticChange ? `semantic change: ${classes.join("; ") || "plan shape only"}` : "no semantic change";
  return [head, ...lines].join("\n");
}
