import type { MemTableNode, RelationNode } from "@ibex/ir";
import { memoFold } from "@ibex/ir";

/** The distinct memtables a query reads. */
export function memtablesOf(root: RelationNode): readonly MemTableNode[] {
  const found = new Map<string, MemTableNode>();
  const none = () => undefined;
  const walk = memoFold<undefined>({
    table: none,
    memtable: (m) => {
      found.set(m.name, m);
      return undefined;
    },
    filter: (f, fold) => {
      fold(f.input);
      return undefined;
    },
    project: (p, fold) => {
      fold(p.input);
      return undefined;
    },
    column: none,
    literal: none,
    cast: none,
    call: none,
  });
  walk(root);
  return [...found.values()];
}
