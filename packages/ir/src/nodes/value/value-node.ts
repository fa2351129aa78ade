import type { CallNode } from "./call-node.js";
import type { CastNode } from "./cast-node.js";
import type { ColumnNode } from "./column-node.js";
import type { LiteralNode } from "./literal-node.js";

/** Any scalar expression node. */
export type ValueNode = ColumnNode | LiteralNode | CastNode | CallNode;

/** The kinds of value nodes. */
export type ValueKind = ValueNode["kind"];

export const VALUE_KINDS: readonly ValueKind[] = Object.freeze(["column", "literal", "cast", "call"]);

/** True when `node` is a value (scalar expression) node. */
export function isValueNode(node: { readonly kind: string }): node is ValueNode {
  return (VALUE_KINDS as readonly string[]).includes(node.kind);
}
