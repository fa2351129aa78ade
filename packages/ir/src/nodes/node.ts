import type { RelationNode } from "./relation/relation-node.js";
import type { ValueNode } from "./value/value-node.js";

/** Any IR node. */
export type Node = RelationNode | ValueNode;

/** Every node kind. */
export type NodeKind = Node["kind"];

/** The node type of a given kind. */
export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;
