import { IbexArgumentError, IbexTypeError } from "../../errors.js";
import { builtinOps } from "../../ops/builtin-ops.js";
import type { OpRegistry } from "../../ops/op-registry.js";
import type { DataType } from "../../types/data-type.js";
import { isNumeric, typeToString } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";
import type { AggregateCallNode } from "./aggregate-call-node.js";
import type { SortKey } from "./sort-key.js";
import { sortKeyParts } from "./sort-key.js";
import type { ValueNode } from "./value-node.js";
import { containsAggregate, containsWindow } from "./value-node.js";

/**
 * A window frame, relative to the current row: `start`/`end` are offsets
 * (negative = preceding, 0 = current row, positive = following) and `null`
 * is unbounded. `rows` counts rows; `range` compares the (single, numeric)
 * order key's value.
 */
export interface WindowFrame {
  readonly unit: "rows" | "range";
  readonly start: number | null;
  readonly end: number | null;
}

/** The whole partition: Ibex's (and Ibis's) frame when none is given. */
export const WHOLE_PARTITION: WindowFrame = Object.freeze({ unit: "rows", start: null, end: null });

/** Ranking and offset functions look at the order only; they take no frame. */
const FRAMELESS = new Set(["rowNumber", "rank", "denseRank", "percentRank", "cumeDist", "ntile", "lag", "lead"]);

/** Window functions whose result depends on the order of rows, so they need one. */
const NEEDS_ORDER = new Set(["rank", "denseRank", "percentRank", "cumeDist", "ntile", "lag", "lead"]);

/** Where a window function is evaluated: partitions, their order, and the frame. */
export interface WindowSpec {
  readonly partitionBy?: readonly ValueNode[];
  readonly orderBy?: readonly SortKey[];
  /** Ignored (and must be absent) for ranking and offset functions. */
  readonly frame?: WindowFrame | undefined;
}

/**
 * `func OVER (PARTITION BY ... ORDER BY ... frame)`: an aggregate or analytic
 * function evaluated for every row over its window. Valid in projections.
 */
export interface WindowNode {
  readonly kind: "window";
  readonly func: AggregateCallNode;
  readonly partitionBy: readonly ValueNode[];
  readonly orderBy: readonly SortKey[];
  /** Undefined for ranking and offset functions, which take no frame. */
  readonly frame: WindowFrame | undefined;
  readonly type: DataType;
  readonly hash: string;
}

function checkPart(argument: string, node: ValueNode): void {
  if (containsAggregate(node)) throw new IbexTypeError("over", argument, "contains an aggregate");
  if (containsWindow(node)) throw new IbexTypeError("over", argument, "contains a window function");
}

function checkFrame(orderBy: readonly SortKey[], frame: WindowFrame): void {
  const { unit, start, end } = frame;
  for (const [name, v] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (v !== null && !Number.isSafeInteger(v))
      throw new IbexArgumentError("over", `${unit} ${name}`, `must be an integer offset or null, got ${v}`);
  }
  if (start !== null && end !== null && start > end)
    throw new IbexArgumentError("over", unit, `start ${start} is after end ${end}`);
  if (unit === "range" && ((start !== null && start !== 0) || (end !== null && end !== 0))) {
    const key = orderBy[0];
    if (orderBy.length !== 1 || key === undefined || !isNumeric(key.expr.type)) {
      throw new IbexArgumentError(
        "over",
        "range",
        `with offsets needs exactly one numeric orderBy key, got ${orderBy.length === 1 && key !== undefined ? typeToString(key.expr.type) : `${orderBy.length} keys`}`,
      );
    }
  }
}

/** Factory for {@link WindowNode}. */
export const WindowNode = Object.freeze({
  create(func: AggregateCallNode, spec: WindowSpec = {}, registry: OpRegistry = builtinOps): WindowNode {
    const partitionBy = Object.freeze([...(spec.partitionBy ?? [])]);
    const orderBy = Object.freeze([...(spec.orderBy ?? [])]);
    for (const [i, p] of partitionBy.entries()) checkPart(`groupBy ${i + 1}`, p);
    for (const [i, k] of orderBy.entries()) checkPart(`orderBy ${i + 1}`, k.expr);
    if (func.orderBy.length > 0)
      throw new IbexArgumentError(
        func.op,
        "orderBy",
        "of the aggregate is not supported over a window; order the window",
      );
    if (NEEDS_ORDER.has(func.op) && orderBy.length === 0)
      throw new IbexArgumentError(func.op, "over", "needs an orderBy: its result depends on the order of rows");
    let frame: WindowFrame | undefined;
    if (FRAMELESS.has(func.op)) {
      if (spec.frame !== undefined)
        throw new IbexArgumentError(func.op, "over", "takes no rows/range frame (it looks at the order only)");
      frame = undefined;
    } else {
      frame = Object.freeze({ ...(spec.frame ?? WHOLE_PARTITION) });
      checkFrame(orderBy, frame);
      const def = registry.get(func.op);
      if (def?.slidingWindow === false && frame.start !== null) {
        throw new IbexArgumentError(
          func.op,
          "over",
          `cannot run over a sliding frame (${frame.unit} start ${frame.start}); use an unbounded start`,
        );
      }
    }
    return Object.freeze({
      kind: "window",
      func,
      partitionBy,
      orderBy,
      frame,
      type: func.type,
      hash: hashParts([
        "window",
        func.hash,
        ...partitionBy.map((p) => p.hash),
        "|",
        ...sortKeyParts(orderBy),
        "|",
        frame === undefined ? "-" : `${frame.unit}:${frame.start ?? "u"}:${frame.end ?? "u"}`,
      ]),
    });
  },
  is(node: { readonly kind: string }): node is WindowNode {
    return node.kind === "window";
  },
});
