import type { FilterNode } from "./filter-node.js";
import type { MemTableNode } from "./memtable-node.js";
import type { ProjectNode } from "./project-node.js";
import type { TableNode } from "./table-node.js";

/** Any relation (table expression) node. */
export type RelationNode = TableNode | MemTableNode | FilterNode | ProjectNode;

/** The kinds of relation nodes. */
export type RelationKind = RelationNode["kind"];

export const RELATION_KINDS: readonly RelationKind[] = Object.freeze(["table", "memtable", "filter", "project"]);

/** True when `node` is a relation node. */
export function isRelationNode(node: { readonly kind: string }): node is RelationNode {
  return (RELATION_KINDS as readonly string[]).includes(node.kind);
}
