import type { AggregateNode } from "./aggregate-node.js";
import type { DistinctNode } from "./distinct-node.js";
import type { FilterNode } from "./filter-node.js";
import type { JoinNode } from "./join-node.js";
import type { LimitNode } from "./limit-node.js";
import type { MemTableNode } from "./memtable-node.js";
import type { ProjectNode } from "./project-node.js";
import type { SetOpNode } from "./set-op-node.js";
import type { SortNode } from "./sort-node.js";
import type { TableNode } from "./table-node.js";
import type { UnnestNode } from "./unnest-node.js";

/** Any relation (table expression) node. */
export type RelationNode =
  | TableNode
  | MemTableNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | SortNode
  | LimitNode
  | DistinctNode
  | SetOpNode
  | JoinNode
  | UnnestNode;

/** The kinds of relation nodes. */
export type RelationKind = RelationNode["kind"];

export const RELATION_KINDS: readonly RelationKind[] = Object.freeze([
  "table",
  "memtable",
  "filter",
  "project",
  "aggregate",
  "sort",
  "limit",
  "distinct",
  "setOp",
  "join",
  "unnest",
]);

/** True when `node` is a relation node. */
export function isRelationNode(node: { readonly kind: string }): node is RelationNode {
  return (RELATION_KINDS as readonly string[]).includes(node.kind);
}
