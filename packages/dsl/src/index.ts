/**
 * @packageDocumentation
 * Ibex's fluent, lazy dataframe API. Tables and expressions are immutable
 * wrappers over IR nodes; nothing runs until `execute()`.
 */

// Type constructors for casts and typed literals (`cast(dt.decimal(12, 2))`).
export type { DataType, TimeUnit, TypeKind } from "@ibex/ir";
export { dt } from "@ibex/ir";
export type { Backend, ExecuteOptions, ExplainOptions, FileFormat, FileWriteOptions, Lane } from "./backend.js";
export {
  cumeDist,
  denseRank,
  ntile,
  percentRank,
  rank,
  rowIndex,
  rowNumber,
  rowNumberWindow,
} from "./expr/analytic.js";
export type { Deferred } from "./expr/deferred.js";
export { _, isDeferred } from "./expr/deferred.js";
export type {
  AggOptions,
  ArithmeticKind,
  CumulativeOptions,
  DateLike,
  DeltaUnit,
  ExprLike,
  IntegerOperand,
  KindOfOperand,
  LiteralOf,
  NumericOperand,
  OrderedAggOptions,
  SortLike,
  SubqueryTable,
  TimeLike,
  TruncateUnit,
  WindowOptions,
} from "./expr/expr.js";
export { cases, coalesce, Expr, greatest, least, map, SortSpec, struct, toExpr, toSortKeys } from "./expr/expr.js";
export type { IntervalParts } from "./expr/literals.js";
export { date, interval, lit, now, time, timestamp, today } from "./expr/literals.js";
export type { FrameBounds } from "./expr/window.js";
export { buildAggregation } from "./table/aggregation.js";
export type { AsofJoinOptions } from "./table/asof-join.js";
export { ExistsSpec, exists, notExists } from "./table/exists.js";
export type { JoinOptions, JoinPredicateItem } from "./table/join.js";
export { Selector, s } from "./table/selectors.js";
export type { MemtableOptions } from "./table/sources.js";
export { memtable, table } from "./table/sources.js";
export type { Columns, GroupKey, KindsOf, OrderKey, SelectItem, Table } from "./table/table.js";
export { asc, desc, GroupedTable, NamedSort, TableImpl } from "./table/table.js";
export { schemaFromArrow } from "./types/arrow-schema.js";
export type {
  IntegerKind,
  JsValueOf,
  KindOfArrow,
  NumericKind,
  Promote,
  SchemaShape,
  ShapeOfArrow,
} from "./types/dtype.js";
