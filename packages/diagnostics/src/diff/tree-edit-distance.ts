/**
 * Exact ordered tree-edit distance (Zhang & Shasha, 1989) with the optimal
 * mapping recovered. The diff spends it only on what hash matching left
 * unmatched, so the trees here are small; costs are integers, so the
 * backtrack can compare sums exactly.
 */

/** A tree as the algorithm sees it. */
export interface TedTree<T> {
  readonly ref: T;
  readonly children: readonly TedTree<T>[];
  /** Cost of deleting (or inserting) this node. */
  readonly weight: number;
}

/** Cost of turning one node into another; `undefined` forbids the pairing. */
export type RenameCost<T> = (a: T, b: T) => number | undefined;

interface Flat<T> {
  /** Nodes in postorder, 1-based (index 0 unused). */
  readonly nodes: T[];
  readonly weight: number[];
  /** Postorder index of each node's leftmost leaf. */
  readonly leftmost: number[];
  readonly keyroots: number[];
}

function flatten<T>(root: TedTree<T>): Flat<T> {
  const nodes: T[] = [undefined as T];
  const weight = [0];
  const leftmost = [0];
  const visit = (t: TedTree<T>): number => {
    let first = -1;
    for (const c of t.children) {
      const l = visit(c);
      if (first < 0) first = leftmost[l] as number;
    }
    nodes.push(t.ref);
    weight.push(t.weight);
    const i = nodes.length - 1;
    leftmost.push(first < 0 ? i : first);
    return i;
  };
  visit(root);
  // A keyroot is the highest node with a given leftmost leaf.
  const seen = new Set<number>();
  const keyroots: number[] = [];
  for (let i = nodes.length - 1; i >= 1; i--) {
    const l = leftmost[i] as number;
    if (!seen.has(l)) {
      seen.add(l);
      keyroots.push(i);
    }
  }
  keyroots.reverse();
  return { nodes, weight, leftmost, keyroots };
}

/** Size of the problem (`|a| × |b|` node pairs), to decide whether it is small enough. */
export function tedCells<T>(a: TedTree<T>, b: TedTree<T>): number {
  const size = (t: TedTree<T>): number => 1 + t.children.reduce((s, c) => s + size(c), 0);
  return size(a) * size(b);
}

/**
 * The minimum-cost mapping between two ordered trees: pairs of nodes that
 * are kept or renamed; every other node is deleted or inserted.
 *
 * @example
 * ```ts
 * const pairs = tedMapping(a, b, (x, y) => (x.kind === y.kind ? (x.label === y.label ? 0 : 1) : undefined));
 * ```
 */
export function tedMapping<T>(a: TedTree<T>, b: TedTree<T>, rename: RenameCost<T>): { pairs: [T, T][]; cost: number } {
  const A = flatten(a);
  const B = flatten(b);
  const n = A.nodes.length - 1;
  const m = B.nodes.length - 1;
  const stride = m + 1;
  const td = new Float64Array((n + 1) * stride);
  const ren = (i: number, j: number): number => {
    const c = rename(A.nodes[i] as T, B.nodes[j] as T);
    // A forbidden rename costs as much as deleting and inserting, so it never wins.
    return c ?? (A.weight[i] as number) + (B.weight[j] as number) + 1;
  };

  /** Forest distances for the keyroot pair (i, j), filling `td` for its subtree pairs. */
  const forest = (i: number, j: number): Float64Array => {
    const li = A.leftmost[i] as number;
    const lj = B.leftmost[j] as number;
    const rows = i - li + 2;
    const cols = j - lj + 2;
    const fd = new Float64Array(rows * cols);
    for (let di = 1; di < rows; di++)
      fd[di * cols] = (fd[(di - 1) * cols] as number) + (A.weight[li + di - 1] as number);
    for (let dj = 1; dj < cols; dj++) fd[dj] = (fd[dj - 1] as number) + (B.weight[lj + dj - 1] as number);
    for (let di = 1; di < rows; di++) {
      const i1 = li + di - 1;
      for (let dj = 1; dj < cols; dj++) {
        const j1 = lj + dj - 1;
        const del = (fd[(di - 1) * cols + dj] as number) + (A.weight[i1] as number);
        const ins = (fd[di * cols + dj - 1] as number) + (B.weight[j1] as number);
        if (A.leftmost[i1] === li && B.leftmost[j1] === lj) {
          const v = Math.min(del, ins, (fd[(di - 1) * cols + dj - 1] as number) + ren(i1, j1));
          fd[di * cols + dj] = v;
          td[i1 * stride + j1] = v;
        } else {
          const pi = (A.leftmost[i1] as number) - li;
          const pj = (B.leftmost[j1] as number) - lj;
          fd[di * cols + dj] = Math.min(del, ins, (fd[pi * cols + pj] as number) + (td[i1 * stride + j1] as number));
        }
      }
    }
    return fd;
  };

  for (const i of A.keyroots) for (const j of B.keyroots) forest(i, j);

  // Walk back through the forest tables; a subtree pair met on the way is its own problem.
  const pairs: [T, T][] = [];
  const stack: [number, number][] = [[n, m]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    const li = A.leftmost[i] as number;
    const lj = B.leftmost[j] as number;
    const cols = j - lj + 2;
    const fd = forest(i, j);
    let di = i - li + 1;
    let dj = j - lj + 1;
    while (di > 0 || dj > 0) {
      const i1 = li + di - 1;
      const j1 = lj + dj - 1;
      const here = fd[di * cols + dj] as number;
      if (di > 0 && here === (fd[(di - 1) * cols + dj] as number) + (A.weight[i1] as number)) {
        di--;
      } else if (dj > 0 && here === (fd[di * cols + dj - 1] as number) + (B.weight[j1] as number)) {
        dj--;
      } else if (A.leftmost[i1] === li && B.leftmost[j1] === lj) {
        if (rename(A.nodes[i1] as T, B.nodes[j1] as T) !== undefined) pairs.push([A.nodes[i1] as T, B.nodes[j1] as T]);
        di--;
        dj--;
      } else {
        stack.push([i1, j1]);
        di = (A.leftmost[i1] as number) - li;
        dj = (B.leftmost[j1] as number) - lj;
      }
    }
  }
  return { pairs, cost: td[n * stride + m] as number };
}
