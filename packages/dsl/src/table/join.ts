import type { JoinKind, JoinOutput, RelationNode, ValueNode } from "@ibex/ir";
import {
  CallNode,
  ColumnNode,
  IbexArgumentError,
  IbexTypeError,
  JoinNode,
  rewriteValue,
  UnknownColumnError,
} from "@ibex/ir";
import { Expr } from "../expr/expr.js";
import { originOf } from "./column-origin.js";

/** One join side as the builder sees it: its node and its origin token. */
export interface JoinSide {
  readonly node: RelationNode;
  readonly origin: object;
}

/** A predicate item: a shared column name, a `[left, right]` name pair, or a boolean expression. */
export type JoinPredicateItem = string | readonly [string, string] | Expr<"bool">;

/** Options of `join`. */
export interface JoinOptions {
  readonly how?: JoinKind;
  /** Name pattern for colliding left columns (default `"{name}"`). */
  readonly lname?: string;
  /** Name pattern for colliding right columns (default `"{name}_right"`). */
  readonly rname?: string;
}

/**
 * Builds a join node the way Ibis names its columns: colliding names get
 * `lname`/`rname`; in inner joins, a key equal on both sides under the same
 * name appears once.
 */
export function buildJoin(
  left: JoinSide,
  right: JoinSide,
  items: readonly JoinPredicateItem[],
  options: JoinOptions,
): JoinNode {
  const how = options.how ?? "inner";
  const lname = options.lname ?? "{name}";
  const rname = options.rname ?? "{name}_right";
  const L = left.node.schema;
  const R = right.node.schema;
  const leftNames = L.names.map((n) => (R.find(n) === undefined ? n : lname.replaceAll("{name}", n)));
  const rightNames = R.names.map((n) => (L.find(n) === undefined ? n : rname.replaceAll("{name}", n)));
  if (lname === rname) throw new IbexArgumentError("join", "lname/rname", "must differ");

  const leftCol = (name: string, arg: string) => {
    const f = L.field(name, "join", arg);
    return ColumnNode.create(leftNames[L.indexOf(name)] as string, f.type);
  };
  const rightCol = (name: string, arg: string) => {
    const f = R.field(name, "join", arg);
    return ColumnNode.create(rightNames[R.indexOf(name)] as string, f.type);
  };
  const sameOrigin = left.origin === right.origin;

  // Resolve every column of an expression to a side of the join scope.
  const resolve = (e: ValueNode, arg: string): ValueNode =>
    rewriteValue(e, (n) => {
      if (n.kind !== "column") return undefined;
      const origin = originOf(n);
      if (origin !== undefined && !sameOrigin) {
        if (origin === left.origin) return leftCol(n.name, arg);
        if (origin === right.origin) return rightCol(n.name, arg);
      }
      const inL = L.find(n.name) !== undefined;
      const inR = R.find(n.name) !== undefined;
      if (inL && inR) {
        throw new IbexArgumentError(
          "join",
          arg,
          `column "${n.name}" is on both sides and it is not clear which is meant: build the predicate from the two joined tables (for a self-join, join t with t.view())`,
        );
      }
      if (inL) return leftCol(n.name, arg);
      if (inR) return rightCol(n.name, arg);
      throw new UnknownColumnError("join", arg, n.name, [...L.names, ...R.names]);
    });

  const conjuncts: ValueNode[] = [];
  const equalKeys = new Set<string>(); // same-named keys equal on both sides
  items.forEach((item, i) => {
    const arg = `predicate ${i + 1}`;
    if (typeof item === "string" || Array.isArray(item)) {
      const [a, b] = typeof item === "string" ? [item, item] : (item as readonly [string, string]);
      conjuncts.push(CallNode.create("eq", [leftCol(a, arg), rightCol(b, arg)]));
      if (a === b) equalKeys.add(a);
      return;
    }
    if (!(item instanceof Expr)) {
      throw new IbexTypeError(
        "join",
        arg,
        `is a JS ${typeof item}, expected a column name, a [left, right] pair or a boolean expression`,
      );
    }
    const e = resolve(item.node, arg);
    conjuncts.push(e);
    if (e.kind === "call" && e.op === "eq") {
      const [a, b] = e.args;
      if (a?.kind === "column" && b?.kind === "column") {
        const ai = leftNames.indexOf(a.name);
        const bi = rightNames.indexOf(b.name);
        if (ai >= 0 && bi >= 0 && L.names[ai] === R.names[bi]) equalKeys.add(L.names[ai] as string);
      }
    }
  });
  if (how === "cross" && conjuncts.length > 0) {
    throw new IbexArgumentError("join", "predicates", "must be empty for a cross join");
  }
  if (how !== "cross" && conjuncts.length === 0) {
    throw new IbexArgumentError(
      "join",
      "predicates",
      `are required for a ${how} join (use how: "cross" for a cross join)`,
    );
  }
  const predicate = conjuncts.reduce<ValueNode | undefined>(
    (acc, c) => (acc === undefined ? c : CallNode.create("and", [acc, c])),
    undefined,
  );
  const collapse = how === "inner" ? equalKeys : new Set<string>();
  const output: JoinOutput[] = L.names.map((n, i) => ({
    name: collapse.has(n) ? n : (leftNames[i] as string),
    scope: leftNames[i] as string,
  }));
  if (how !== "semi" && how !== "anti") {
    R.names.forEach((n, j) => {
      if (!collapse.has(n)) output.push({ name: rightNames[j] as string, scope: rightNames[j] as string });
    });
  }
  return JoinNode.create(how, left.node, right.node, leftNames, rightNames, predicate, output);
}
