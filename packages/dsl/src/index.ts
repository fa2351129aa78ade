/**
 * @packageDocumentation
 * Ibex's fluent, lazy dataframe API. Tables and expressions are immutable
 * wrappers over IR nodes; nothing runs until `execute()`.
 */
export type { Backend, ExecuteOptions, Lane } from "./backend.js";
export type { ExprLike, KindOfOperand, LiteralOf, NumericOperand } from "./expr/expr.js";
export { Expr, toExpr } from "./expr/expr.js";
export { date, lit } from "./expr/literals.js";
export type { MemtableOptions } from "./table/sources.js";
export { memtable, table } from "./table/sources.js";
export type { Columns, KindsOf, SelectItem, Table } from "./table/table.js";
export { TableImpl } from "./table/table.js";
export { schemaFromArrow } from "./types/arrow-schema.js";
export type { JsValueOf, KindOfArrow, NumericKind, Promote, SchemaShape, ShapeOfArrow } from "./types/dtype.js";
