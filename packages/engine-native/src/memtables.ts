import type { MemTableNode, Node, RelationNode } from "@ibex/ir";
import { childrenOf } from "@ibex/ir";

/** The distinct memtables a query reads (each distinct node visited once). */
export function memtablesOf(root: RelationNode): readonly MemTableNode[] {
  const found = new Map<string, MemTableNode>();
  const seen = new Set<Node>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === "memtable") found.set(node.name, node);
    stack.push(...childrenOf(node));
  }
  return [...found.values()];
}
