import { IbexArgumentError, IbexTypeError } from "../../errors.js";
import type { DataType } from "../../types/data-type.js";
import { dataType, sameTypeIgnoringNullability, typeToString, withNullable } from "../../types/data-type.js";
import { comparableType } from "../../types/promotion.js";
import { hashParts } from "../../util/hash.js";
import type { RelationNode } from "../relation/relation-node.js";
import type { ValueNode } from "./value-node.js";
import { containsAggregate, containsWindow } from "./value-node.js";

/** At most one row, whatever the data: a keyless aggregate, or a limit of 0 or 1, under row-preserving ops. */
export function atMostOneRow(node: RelationNode): boolean {
  switch (node.kind) {
    case "aggregate":
      return node.keys.length === 0 || atMostOneRow(node.input);
    case "limit":
      return (node.count !== null && node.count <= 1) || atMostOneRow(node.input);
    case "project":
    case "filter":
    case "sort":
    case "distinct":
      return atMostOneRow(node.input);
    case "table":
    case "memtable":
    case "setOp":
    case "join":
    case "unnest":
      return false;
    default: {
      const never: never = node;
      throw new Error(`unhandled relation kind ${(never as RelationNode).kind}`);
    }
  }
}

function singleColumn(op: string, relation: RelationNode): DataType {
  const [only, ...rest] = relation.schema.fields;
  if (only === undefined || rest.length > 0) {
    throw new IbexArgumentError(op, "subquery", `must have exactly one column, got ${relation.schema.fields.length}`);
  }
  return only.type;
}

/**
 * The value of a one-column subquery that returns at most one row (null when
 * it returns none): `t.filter(t.x.gt(t.x.mean().asScalar()))`. Uncorrelated.
 */
export interface ScalarSubqueryNode {
  readonly kind: "scalarSubquery";
  readonly relation: RelationNode;
  readonly type: DataType;
  readonly hash: string;
}

/** Factory for {@link ScalarSubqueryNode}. */
export const ScalarSubqueryNode = Object.freeze({
  create(relation: RelationNode): ScalarSubqueryNode {
    const t = singleColumn("asScalar", relation);
    if (!atMostOneRow(relation)) {
      throw new IbexArgumentError(
        "asScalar",
        "subquery",
        "may return more than one row: reduce it (an aggregate without keys) or limit it to 1 row",
      );
    }
    const type = withNullable(t, true);
    return Object.freeze({
      kind: "scalarSubquery",
      relation,
      type,
      hash: hashParts(["scalarSubquery", typeToString(type), relation.hash]),
    });
  },
  is(node: { readonly kind: string }): node is ScalarSubqueryNode {
    return node.kind === "scalarSubquery";
  },
});

/**
 * `needle IN (subquery)` (or `NOT IN`, with SQL's null semantics: a null in
 * the subquery makes NOT IN unknown). The subquery has one column.
 */
export interface InSubqueryNode {
  readonly kind: "inSubquery";
  readonly needle: ValueNode;
  readonly relation: RelationNode;
  readonly negated: boolean;
  readonly type: DataType;
  readonly hash: string;
}

/** Factory for {@link InSubqueryNode}. */
export const InSubqueryNode = Object.freeze({
  create(needle: ValueNode, relation: RelationNode, negated = false): InSubqueryNode {
    const op = negated ? "notin" : "isin";
    const t = singleColumn(op, relation);
    if (containsAggregate(needle) || containsWindow(needle))
      throw new IbexTypeError(op, "value", "contains an aggregate or window function");
    const common = comparableType(op, [needle.type, t]);
    if (!sameTypeIgnoringNullability(common, needle.type) || !sameTypeIgnoringNullability(common, t)) {
      throw new IbexTypeError(
        op,
        "subquery",
        `has type ${typeToString(t)}, which differs from the value's ${typeToString(needle.type)}: cast one side first`,
      );
    }
    const type = dataType("bool", needle.type.nullable || t.nullable);
    return Object.freeze({
      kind: "inSubquery",
      needle,
      relation,
      negated,
      type,
      hash: hashParts(["inSubquery", negated ? "not" : "in", needle.hash, relation.hash]),
    });
  },
  is(node: { readonly kind: string }): node is InSubqueryNode {
    return node.kind === "inSubquery";
  },
});
