import type { Node, RelationNode, ValueNode } from "@ibex/ir";
import { exprToString, rewriteValue, typeToString } from "@ibex/ir";

/**
 * A normalised plan tree: what the diff compares. Semantics-preserving
 * differences are removed on the way: AND/OR chains are flattened and
 * sorted, commutative operands sorted, a filter's predicates (and stacked
 * filters) merged into one sorted list, stacked projections fused (so
 * alias-only renames vanish), numeric literals of a type spelled one way,
 * and constant arithmetic folded.
 */
export interface PlanTree {
  /** What this node is: kind and its own attributes (not its children). */
  readonly label: string;
  /** The node kind (`filter`, `call`, ...), for classifying changes. */
  readonly kind: string;
  readonly children: readonly PlanTree[];
  /** Structural hash of the whole subtree (label and children). */
  readonly hash: string;
  /** Number of nodes in the subtree. */
  readonly size: number;
  /** The children's order means nothing (a conjunction, a commutative call): they are sorted. */
  readonly unordered: boolean;
}

const COMMUTATIVE = new Set([
  "add",
  "mul",
  "eq",
  "ne",
  "and",
  "or",
  "xor",
  "bitwiseAnd",
  "bitwiseOr",
  "bitwiseXor",
  "greatest",
  "least",
]);
const FLATTEN = new Set(["and", "or"]);

function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function make(kind: string, label: string, children: readonly PlanTree[], unordered = false): PlanTree {
  return Object.freeze({
    kind,
    label,
    children,
    unordered,
    hash: fnv(`${label}(${children.map((c) => c.hash).join(",")})`),
    size: 1 + children.reduce((s, c) => s + c.size, 0),
  });
}

const byHash = (a: PlanTree, b: PlanTree) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

/** The literal's value, one spelling per type (so `1` and `1n` of int64 are equal). */
function literalLabel(node: Extract<ValueNode, { kind: "literal" }>): string {
  return `literal ${exprToString(node)}: ${typeToString(node.type)}`;
}

/** Folds +, -, * over two float64 (or two integer) literals of the same type. */
function fold(node: Extract<ValueNode, { kind: "call" }>): ValueNode | undefined {
  if (!["add", "sub", "mul"].includes(node.op) || node.args.length !== 2) return undefined;
  const [a, b] = node.args as [ValueNode, ValueNode];
  if (a.kind !== "literal" || b.kind !== "literal" || typeToString(a.type) !== typeToString(b.type)) return undefined;
  const [x, y] = [a.value, b.value];
  let v: number | bigint;
  if (typeof x === "bigint" && typeof y === "bigint") v = node.op === "add" ? x + y : node.op === "sub" ? x - y : x * y;
  else if (typeof x === "number" && typeof y === "number")
    v = node.op === "add" ? x + y : node.op === "sub" ? x - y : x * y;
  else return undefined;
  return { ...a, value: v } as ValueNode;
}

/** Normalises a query's IR into a {@link PlanTree} (each distinct node once). */
export function planTree(root: RelationNode): PlanTree {
  const memo = new Map<Node, PlanTree>();
  const value = (node: ValueNode): PlanTree => {
    const hit = memo.get(node);
    if (hit !== undefined) return hit;
    const t = valueTree(node);
    memo.set(node, t);
    return t;
  };
  /** The operands of an AND/OR chain, flattened. */
  const operands = (op: string, node: ValueNode): PlanTree[] =>
    node.kind === "call" && node.op === op ? node.args.flatMap((a) => operands(op, a)) : [value(node)];

  const valueTree = (node: ValueNode): PlanTree => {
    switch (node.kind) {
      case "column":
        return make("column", `column ${node.name}`, []);
      case "literal":
        return make("literal", literalLabel(node), []);
      case "cast":
        return make("cast", `${node.safe ? "tryCast" : "cast"} ${typeToString(node.type)}`, [value(node.input)]);
      case "call": {
        const folded = fold(node);
        if (folded !== undefined) return value(folded);
        let args = FLATTEN.has(node.op) ? operands(node.op, node) : node.args.map(value);
        const commutative = COMMUTATIVE.has(node.op);
        if (commutative) args = [...args].sort(byHash);
        return make("call", `call ${node.op}`, args, commutative);
      }
      case "aggregateCall":
        return make(
          "aggregateCall",
          `aggregate ${node.op}${node.distinct ? " distinct" : ""}${node.orderBy.map((k) => (k.ascending ? " asc" : " desc")).join("")}`,
          [
            ...node.args.map(value),
            ...(node.where === undefined ? [] : [make("where", "where", [value(node.where)])]),
            ...node.orderBy.map((k) => value(k.expr)),
          ],
        );
      case "window":
        return make(
          "window",
          `window ${node.frame === undefined ? "" : `${node.frame.unit} ${node.frame.start}..${node.frame.end}`}`,
          [
            value(node.func),
            make("partitionBy", "partition by", [...node.partitionBy.map(value)].sort(byHash), true),
            make(
              "orderBy",
              `order by${node.orderBy.map((k) => (k.ascending ? " asc" : " desc")).join("")}`,
              node.orderBy.map((k) => value(k.expr)),
            ),
          ],
        );
      case "scalarSubquery":
        return make("scalarSubquery", "scalar subquery", [relation(node.relation)]);
      case "inSubquery":
        return make("inSubquery", node.negated ? "not in subquery" : "in subquery", [
          value(node.needle),
          relation(node.relation),
        ]);
      default: {
        const never: never = node;
        throw new Error(`diff: unhandled value node ${(never as Node).kind}`);
      }
    }
  };

  const relation = (node: RelationNode): PlanTree => {
    const hit = memo.get(node);
    if (hit !== undefined) return hit;
    const t = relationTree(node);
    memo.set(node, t);
    return t;
  };

  const relationTree = (node: RelationNode): PlanTree => {
    switch (node.kind) {
      case "table":
      case "memtable":
        return make(node.kind, `${node.kind} ${node.name}`, []);
      case "filter": {
        // Stacked filters and AND-ed predicates are one conjunction; order does not matter.
        let input: RelationNode = node;
        const predicates: PlanTree[] = [];
        while (input.kind === "filter") {
          predicates.push(...input.predicates.flatMap((p) => operands("and", p)));
          input = input.input;
        }
        return make("filter", "filter", [
          relation(input),
          make("predicates", "and", [...predicates].sort(byHash), true),
        ]);
      }
      case "project": {
        // Names are resolved: stacked projections are one, each output spelled
        // over the first input's columns, so an alias that only renames an
        // intermediate column leaves no trace (expressions are deterministic).
        let input: RelationNode = node.input;
        let columns: readonly { readonly name: string; readonly expr: ValueNode }[] = node.columns;
        while (input.kind === "project") {
          const defs = new Map(input.columns.map((c) => [c.name, c.expr]));
          columns = columns.map((c) => ({
            name: c.name,
            expr: rewriteValue(c.expr, (n) => (n.kind === "column" ? defs.get(n.name) : undefined)),
          }));
          input = input.input;
        }
        // A projection that only repeats its input's columns changes nothing.
        const names = input.schema.names;
        const identity =
          columns.length === names.length &&
          columns.every((c, i) => c.expr.kind === "column" && c.expr.name === c.name && names[i] === c.name);
        if (identity) return relation(input);
        return make("project", "project", [
          relation(input),
          ...columns.map((c) => make("output", `output ${c.name}`, [value(c.expr)])),
        ]);
      }
      case "aggregate":
        return make("aggregate", "aggregate", [
          relation(node.input),
          make(
            "keys",
            "group by",
            node.keys.map((k) => make("output", `output ${k.name}`, [value(k.expr)])),
          ),
          ...node.measures.map((m) => make("output", `output ${m.name}`, [value(m.expr)])),
        ]);
      case "sort":
        return make(
          "sort",
          `sort${node.keys.map((k) => ` ${k.ascending ? "asc" : "desc"}${k.nullsFirst ? " nulls first" : ""}`).join("")}`,
          [relation(node.input), ...node.keys.map((k) => value(k.expr))],
        );
      case "limit":
        return make("limit", `limit ${node.count ?? "all"} offset ${node.offset}`, [relation(node.input)]);
      case "distinct":
        return make("distinct", "distinct", [relation(node.input)]);
      case "unnest":
        return make("unnest", `unnest ${node.column}`, [relation(node.input)]);
      case "setOp": {
        const sides = [relation(node.left), relation(node.right)];
        // union and intersect are commutative as multisets (of rows, not names)
        const ordered = node.op === "difference" ? sides : [...sides].sort(byHash);
        return make("setOp", `${node.op}${node.distinct ? "" : " all"}`, ordered, node.op !== "difference");
      }
      case "join":
        return make("join", `join ${node.how} -> ${node.output.map((o) => o.name).join(", ")}`, [
          relation(node.left),
          relation(node.right),
          ...(node.predicate === undefined
            ? []
            : [make("on", "on", operands("and", node.predicate).sort(byHash), true)]),
        ]);
      default: {
        const never: never = node;
        throw new Error(`diff: unhandled relation node ${(never as Node).kind}`);
      }
    }
  };

  return relation(root);
}
