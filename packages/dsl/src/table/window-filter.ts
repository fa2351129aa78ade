import type { RelationNode, ValueNode } from "@ibex/ir";
import { ColumnNode, containsWindow, FilterNode, ProjectNode, windowsOf } from "@ibex/ir";
import { replaceWindows } from "../expr/window.js";

/**
 * A filter whose predicates may use windows (`t.x.gt(t.x.mean())`, or
 * `rowNumber().over(...).lt(3)`): windows are only valid in projections, so
 * they are computed into hidden columns first, filtered on, and dropped.
 */
export function filterWithWindows(input: RelationNode, predicates: readonly ValueNode[]): RelationNode {
  if (!predicates.some(containsWindow)) return FilterNode.create(input, predicates);
  const passthrough = input.schema.fields.map((f) => ({ name: f.name, expr: ColumnNode.create(f.name, f.type) }));
  const taken = new Set(input.schema.fields.map((f) => f.name));
  const names = new Map<string, string>();
  let i = 0;
  const windows = windowsOf(predicates);
  for (const w of windows) {
    let name: string;
    do name = `__ibex_win_${i++}`;
    while (taken.has(name));
    names.set(w.hash, name);
  }
  const widened = ProjectNode.create(input, [
    ...passthrough,
    ...windows.map((w) => ({ name: names.get(w.hash) as string, expr: w })),
  ]);
  const filtered = FilterNode.create(
    widened,
    predicates.map((p) => replaceWindows(p, names)),
  );
  return ProjectNode.create(filtered, passthrough);
}
