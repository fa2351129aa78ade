import { IbexArgumentError, IbexError, IbexTypeError } from "../../errors.js";
import { builtinOps } from "../../ops/builtin-ops.js";
import type { OpRegistry } from "../../ops/op-registry.js";
import type { DataType } from "../../types/data-type.js";
import { sameTypeIgnoringNullability, typeToString } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";
import { CastNode } from "./cast-node.js";
import type { SortKey } from "./sort-key.js";
import { sortKeyParts } from "./sort-key.js";
import type { ValueNode } from "./value-node.js";
import { containsAggregate, containsWindow } from "./value-node.js";

/** Options of an aggregate call. */
export interface AggregateOptions {
  /** Aggregate distinct values only (`count(DISTINCT x)`). */
  readonly distinct?: boolean;
  /** Only rows where this boolean expression is true take part. */
  readonly where?: ValueNode | undefined;
  /** Order the values are fed in (first/last/groupConcat/collect). */
  readonly orderBy?: readonly SortKey[];
}

/**
 * A call over a set of rows: a reduction over the rows of a group (`sum(x)`,
 * `count()`, ...; valid as a measure of an aggregation and over a window), or
 * an analytic function of the `window` family (`rank()`, `lag(x)`, ...; valid
 * only as the function of a {@link WindowNode}).
 */
export interface AggregateCallNode {
  readonly kind: "aggregateCall";
  readonly op: string;
  /** `aggregate` (a reduction) or `window` (analytic: only over a window). */
  readonly family: "aggregate" | "window";
  readonly args: readonly ValueNode[];
  readonly distinct: boolean;
  readonly where: ValueNode | undefined;
  readonly orderBy: readonly SortKey[];
  readonly type: DataType;
  readonly hash: string;
}

/** Factory for {@link AggregateCallNode}. */
export const AggregateCallNode = Object.freeze({
  create(
    op: string,
    args: readonly ValueNode[],
    options: AggregateOptions = {},
    registry: OpRegistry = builtinOps,
  ): AggregateCallNode {
    const def = registry.get(op);
    if (def === undefined || (def.family !== "aggregate" && def.family !== "window")) {
      throw new IbexError("IBEX_UNKNOWN_OP", `unknown aggregate or window function "${op}"`);
    }
    const [min, max] = typeof def.arity === "number" ? [def.arity, def.arity] : [def.arity.min, def.arity.max];
    if (args.length < min || args.length > max) {
      throw new IbexArgumentError(
        op,
        "arguments",
        `expects ${min === max ? min : `${min}..${max}`} argument(s), got ${args.length}`,
      );
    }
    args.forEach((a, i) => {
      if (containsAggregate(a))
        throw new IbexTypeError(op, `argument ${i + 1}`, "is itself an aggregate; aggregates do not nest");
      if (containsWindow(a))
        throw new IbexTypeError(op, `argument ${i + 1}`, "contains a window function; compute it in mutate first");
    });
    for (const i of def.literalArgs ?? []) {
      const a = args[i];
      if (a !== undefined && a.kind !== "literal")
        throw new IbexArgumentError(op, `argument ${i + 1}`, "must be a literal value");
    }
    const where = options.where;
    if (def.family === "window" && (where !== undefined || options.distinct === true)) {
      throw new IbexArgumentError(op, where !== undefined ? "where" : "distinct", "applies to aggregates only");
    }
    if (where !== undefined) {
      if (where.type.kind !== "bool")
        throw new IbexTypeError(op, "where", `has type ${typeToString(where.type)}, expected bool`);
      if (containsAggregate(where)) throw new IbexTypeError(op, "where", "contains an aggregate");
    }
    const resolved = def.resolve(
      args.map((a) => a.type),
      args.map((a) => (a.kind === "literal" ? a.value : undefined)),
    );
    const finalArgs = Object.freeze(
      args.map((a, i) => {
        const target = resolved.operands?.[i];
        return target === undefined || sameTypeIgnoringNullability(target, a.type) ? a : CastNode.create(a, target);
      }),
    );
    const orderBy = Object.freeze([...(options.orderBy ?? [])]);
    const distinct = options.distinct ?? false;
    return Object.freeze({
      kind: "aggregateCall",
      op,
      family: def.family,
      args: finalArgs,
      distinct,
      where,
      orderBy,
      type: resolved.type,
      hash: hashParts([
        "aggregateCall",
        op,
        typeToString(resolved.type),
        distinct ? "distinct" : "all",
        where?.hash ?? "-",
        ...sortKeyParts(orderBy),
        "|",
        ...finalArgs.map((a) => a.hash),
      ]),
    });
  },
  is(node: { readonly kind: string }): node is AggregateCallNode {
    return node.kind === "aggregateCall";
  },
});
