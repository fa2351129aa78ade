import { IbexArgumentError, IbexTypeError } from "../../errors.js";
import { typeToString, withNullable } from "../../types/data-type.js";
import type { Field, Schema } from "../../types/schema.js";
import { schema } from "../../types/schema.js";
import { hashParts } from "../../util/hash.js";
import type { ValueNode } from "../value/value-node.js";
import { checkBound } from "./bind-check.js";
import type { RelationNode } from "./relation-node.js";

/** How rows of a join's two sides combine. */
export type JoinKind = "inner" | "left" | "right" | "outer" | "semi" | "anti" | "cross";

export const JOIN_KINDS: readonly JoinKind[] = Object.freeze([
  "inner",
  "left",
  "right",
  "outer",
  "semi",
  "anti",
  "cross",
]);

/** One output column of a join: its name and the scope column it shows. */
export interface JoinOutput {
  readonly name: string;
  readonly scope: string;
}

/**
 * A join. The predicate is evaluated in the join's *scope*: the left fields
 * under `leftNames`, then the right fields under `rightNames` (the DSL
 * renames colliding names like Ibis, `{name}_right`). `output` picks and
 * names the scope columns the join returns, so dropping a duplicated
 * equi-join key or renaming is decided once, here, for every lowering.
 * Semi and anti joins return left columns only.
 */
export interface JoinNode {
  readonly kind: "join";
  readonly how: JoinKind;
  readonly left: RelationNode;
  readonly right: RelationNode;
  readonly leftNames: readonly string[];
  readonly rightNames: readonly string[];
  /** Undefined only for cross joins. */
  readonly predicate: ValueNode | undefined;
  readonly output: readonly JoinOutput[];
  /** The scope the predicate reads (left fields then right fields, renamed). */
  readonly scope: Schema;
  readonly schema: Schema;
  readonly hash: string;
}

/** Factory for {@link JoinNode}. */
export const JoinNode = Object.freeze({
  create(
    how: JoinKind,
    left: RelationNode,
    right: RelationNode,
    leftNames: readonly string[],
    rightNames: readonly string[],
    predicate: ValueNode | undefined,
    output: readonly JoinOutput[],
  ): JoinNode {
    if (!JOIN_KINDS.includes(how))
      throw new IbexArgumentError("join", "how", `must be one of ${JOIN_KINDS.join(", ")}, got "${how}"`);
    if (leftNames.length !== left.schema.fields.length || rightNames.length !== right.schema.fields.length) {
      throw new IbexArgumentError("join", "names", "must name every field of both sides");
    }
    // The predicate sees each side's values as they are; only the output of
    // an outer side becomes nullable.
    const rename = (fields: readonly Field[], names: readonly string[]): Field[] =>
      fields.map((f, i) => ({ name: names[i] as string, type: f.type }));
    const scope = schema([...rename(left.schema.fields, leftNames), ...rename(right.schema.fields, rightNames)]);
    const nullableLeft = how === "right" || how === "outer";
    const nullableRight = how === "left" || how === "outer";
    if (how === "cross") {
      if (predicate !== undefined) throw new IbexArgumentError("join", "predicates", "must be empty for a cross join");
    } else {
      if (predicate === undefined) throw new IbexArgumentError("join", "predicates", `are required for a ${how} join`);
      if (predicate.type.kind !== "bool") {
        throw new IbexTypeError("join", "predicate", `has type ${typeToString(predicate.type)}, expected bool`);
      }
      checkBound("join", "predicate", predicate, scope);
    }
    const leftOnly = new Set(leftNames);
    const fields = output.map((o) => {
      const f = scope.field(o.scope, "join", "output");
      if ((how === "semi" || how === "anti") && !leftOnly.has(o.scope)) {
        throw new IbexArgumentError("join", "output", `of a ${how} join can only hold left columns, not "${o.scope}"`);
      }
      const fromLeft = scope.indexOf(o.scope) < leftNames.length;
      const nullable = f.type.nullable || (fromLeft ? nullableLeft : nullableRight);
      // withNullable keeps a type's parameters (decimal precision, list element, ...).
      return { name: o.name, type: withNullable(f.type, nullable) };
    });
    const out = Object.freeze(output.map((o) => Object.freeze({ name: o.name, scope: o.scope })));
    return Object.freeze({
      kind: "join",
      how,
      left,
      right,
      leftNames: Object.freeze([...leftNames]),
      rightNames: Object.freeze([...rightNames]),
      predicate,
      output: out,
      scope,
      schema: schema(fields),
      hash: hashParts([
        "join",
        how,
        left.hash,
        right.hash,
        ...leftNames,
        "|",
        ...rightNames,
        "|",
        predicate?.hash ?? "-",
        ...out.flatMap((o) => [o.name, o.scope]),
      ]),
    });
  },
  is(node: { readonly kind: string }): node is JoinNode {
    return node.kind === "join";
  },
});
