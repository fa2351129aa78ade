import { AggregateCallNode, dataType, IbexArgumentError, LiteralNode } from "@ibex/ir";
import { Expr } from "./expr.js";

/**
 * Ranking functions: use each with `.over({ orderBy, groupBy? })`. As in
 * Ibis, `rowNumber`, `rank`, `denseRank` and `ntile` count from 0.
 *
 * @example
 * ```ts
 * t.mutate({ pos: rowNumber().over({ groupBy: t.team, orderBy: t.score.desc() }) });
 * ```
 */
export function rowNumber(): Expr<"int64"> {
  return new Expr(AggregateCallNode.create("rowNumber", []));
}

/** Rank with gaps after ties, from 0 (SQL's `RANK() - 1`). Needs an `orderBy`. */
export function rank(): Expr<"int64"> {
  return new Expr(AggregateCallNode.create("rank", []));
}

/** Rank without gaps, from 0 (SQL's `DENSE_RANK() - 1`). Needs an `orderBy`. */
export function denseRank(): Expr<"int64"> {
  return new Expr(AggregateCallNode.create("denseRank", []));
}

/** `(rank - 1) / (rows in partition - 1)`, in [0, 1]. Needs an `orderBy`. */
export function percentRank(): Expr<"float64"> {
  return new Expr(AggregateCallNode.create("percentRank", []));
}

/** Fraction of the partition's rows ordered at or before this row. Needs an `orderBy`. */
export function cumeDist(): Expr<"float64"> {
  return new Expr(AggregateCallNode.create("cumeDist", []));
}

/** The bucket (from 0) of the row when the ordered partition is split into `n` buckets. */
export function ntile(n: number): Expr<"int64"> {
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new IbexArgumentError("ntile", "n", `must be a positive integer, got ${n}`);
  return new Expr(AggregateCallNode.create("ntile", [LiteralNode.create(BigInt(n), dataType("int64", false))]));
}

/**
 * 0-based position of the row in its partition, in the window's order (a
 * Rust window function: `ibex_row_index`).
 *
 * @example
 * ```ts
 * t.mutate({ i: rowIndex().over({ groupBy: t.team, orderBy: t.score }) });
 * ```
 */
export function rowIndex(): Expr<"int64"> {
  return new Expr(AggregateCallNode.create("rowIndex", []));
}

/** 1-based position of the row in its partition, in the window's order (`ibex_row_number_window`). */
export function rowNumberWindow(): Expr<"int64"> {
  return new Expr(AggregateCallNode.create("rowNumberWindow", []));
}
