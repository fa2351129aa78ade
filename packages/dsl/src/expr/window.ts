import type { AggregateCallNode, SortKey, ValueNode, WindowFrame } from "@ibex/ir";
import { CallNode, ColumnNode, dataType, IbexArgumentError, LiteralNode, rewriteValue, WindowNode } from "@ibex/ir";

/** Frame bounds `[start, end]`: offsets from the current row (negative = preceding), `null` = unbounded. */
export type FrameBounds = readonly [start: number | null, end: number | null];

/** A window, as nodes: what {@link windowOver} takes. */
export interface WindowParts {
  readonly partitionBy: readonly ValueNode[];
  readonly orderBy: readonly SortKey[];
  readonly rows?: FrameBounds | undefined;
  readonly range?: FrameBounds | undefined;
}

// Ibis numbers rows, ranks and tiles from 0; SQL (and the IR) from 1.
const ZERO_BASED = new Set(["rowNumber", "rank", "denseRank", "ntile"]);

function frameOf(parts: WindowParts): WindowFrame | undefined {
  if (parts.rows !== undefined && parts.range !== undefined) {
    throw new IbexArgumentError("over", "rows", "and range are exclusive: give one frame");
  }
  const bounds = parts.rows ?? parts.range;
  if (bounds === undefined) return undefined;
  if (!Array.isArray(bounds) || bounds.length !== 2) {
    throw new IbexArgumentError("over", parts.rows ? "rows" : "range", "must be a [start, end] pair");
  }
  return { unit: parts.rows !== undefined ? "rows" : "range", start: bounds[0], end: bounds[1] };
}

/**
 * `func OVER (...)`, with Ibis's 0-based numbering for `rowNumber`, `rank`,
 * `denseRank` and `ntile`.
 */
export function windowOver(func: AggregateCallNode, parts: WindowParts): ValueNode {
  const w = WindowNode.create(func, { partitionBy: parts.partitionBy, orderBy: parts.orderBy, frame: frameOf(parts) });
  if (!ZERO_BASED.has(func.op)) return w;
  return CallNode.create("sub", [w, LiteralNode.create(1n, dataType("int64", false))]);
}

/**
 * Ibis's rule for reductions outside `aggregate`: `t.mutate({ share: t.x.div(t.x.sum()) })`
 * evaluates `sum` over the whole table (or over the group, after `groupBy`),
 * i.e. as a window. Windows already given stay as they are.
 */
export function implicitWindows(expr: ValueNode, partitionBy: readonly ValueNode[] = []): ValueNode {
  return rewriteValue(expr, (n) => {
    if (n.kind === "window") return n;
    if (n.kind === "aggregateCall") return windowOver(n, { partitionBy, orderBy: [] });
    return undefined;
  });
}

/** Replaces each window by a reference to the column it was computed into. */
export function replaceWindows(expr: ValueNode, names: ReadonlyMap<string, string>): ValueNode {
  return rewriteValue(expr, (n) => {
    if (n.kind !== "window") return undefined;
    const name = names.get(n.hash);
    return name === undefined ? undefined : ColumnNode.create(name, n.type);
  });
}
