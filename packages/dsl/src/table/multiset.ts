import type { RelationNode } from "@ibex/ir";
import { AggregateCallNode, ColumnNode, ProjectNode, SetOpNode, WindowNode } from "@ibex/ir";

/**
 * INTERSECT ALL / EXCEPT ALL as distinct set operations: number each row
 * within its duplicates (row_number() over a partition by every column) on
 * both sides, so the k-th copy of a row matches only the other side's k-th
 * copy; the distinct operation then keeps min(m, n) copies (intersect) or
 * max(m - n, 0) (difference), and the numbering is dropped.
 */
export function multisetSetOp(op: "intersect" | "difference", left: RelationNode, right: RelationNode): RelationNode {
  const taken = new Set([...left.schema.names, ...right.schema.names]);
  let counter = "__ibex_copy";
  while (taken.has(counter)) counter = `_${counter}`;
  const numbered = (input: RelationNode) => {
    const cols = input.schema.fields.map((f) => ({ name: f.name, expr: ColumnNode.create(f.name, f.type) }));
    const copy = WindowNode.create(AggregateCallNode.create("rowNumber", []), {
      partitionBy: cols.map((c) => c.expr),
    });
    return ProjectNode.create(input, [...cols, { name: counter, expr: copy }]);
  };
  const matched = SetOpNode.create(op, numbered(left), numbered(right), true);
  return ProjectNode.create(
    matched,
    left.schema.fields.map((f) => ({
      name: f.name,
      expr: ColumnNode.create(f.name, matched.schema.field(f.name).type),
    })),
  );
}
