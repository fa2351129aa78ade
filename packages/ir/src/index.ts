/**
 * @packageDocumentation
 * The Ibex IR: immutable, structurally comparable query nodes built only
 * through validating constructors, the op registry with type rules, and a
 * versioned JSON form. No execution and nothing engine-specific lives here.
 */
export * from "./errors.js";
export * from "./json/ir-json.js";
export * from "./nodes/node.js";
export * from "./nodes/relation/aggregate-node.js";
export * from "./nodes/relation/distinct-node.js";
export * from "./nodes/relation/filter-node.js";
export * from "./nodes/relation/join-node.js";
export * from "./nodes/relation/limit-node.js";
export * from "./nodes/relation/memtable-node.js";
export * from "./nodes/relation/project-node.js";
export * from "./nodes/relation/relation-node.js";
export * from "./nodes/relation/set-op-node.js";
export * from "./nodes/relation/sort-node.js";
export * from "./nodes/relation/table-node.js";
export * from "./nodes/relation/unnest-node.js";
export * from "./nodes/value/aggregate-call-node.js";
export * from "./nodes/value/call-node.js";
export * from "./nodes/value/cast-node.js";
export * from "./nodes/value/column-node.js";
export * from "./nodes/value/literal-node.js";
export * from "./nodes/value/sort-key.js";
export * from "./nodes/value/subquery-node.js";
export * from "./nodes/value/value-node.js";
export * from "./nodes/value/window-node.js";
export * from "./ops/arrow-ops.js";
export * from "./ops/builtin-ops.js";
export * from "./ops/function-ops.js";
export * from "./ops/hash-ops.js";
export * from "./ops/list-ops.js";
export * from "./ops/nested-ops.js";
export * from "./ops/op-registry.js";
export * from "./ops/rust-aggregate-ops.js";
export * from "./ops/scalar-ops.js";
export * from "./ops/temporal-ops.js";
export * from "./ops/window-ops.js";
export * from "./traversal/equals.js";
export * from "./traversal/fold.js";
export * from "./traversal/print-tree.js";
export * from "./traversal/rewrite-value.js";
export * from "./traversal/value-columns.js";
export * from "./types/data-type.js";
export * from "./types/promotion.js";
export * from "./types/schema.js";
export * from "./util/unreachable.js";
