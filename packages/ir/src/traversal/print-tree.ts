import type { Node } from "../nodes/node.js";
import type { RelationNode } from "../nodes/relation/relation-node.js";
import type { SortKey } from "../nodes/value/sort-key.js";
import type { ValueNode } from "../nodes/value/value-node.js";
import { typeToString } from "../types/data-type.js";

/**
 * A value expression as compact text: `add(price, 1)`, `cast(qty as float64)`,
 * `sum(x) over (partition by k order by t)`.
 */
export function exprToString(node: ValueNode): string {
  switch (node.kind) {
    case "column":
      return node.name;
    case "literal":
      return literalText(node.value, typeToString(node.type));
    case "cast":
      return `${node.safe ? "tryCast" : "cast"}(${exprToString(node.input)} as ${typeToString(node.type)})`;
    case "call":
      return `${node.op}(${node.args.map(exprToString).join(", ")})`;
    case "aggregateCall": {
      const parts = [
        `${node.distinct ? "distinct " : ""}${node.args.map(exprToString).join(", ")}`,
        ...(node.orderBy.length > 0 ? [`order by ${node.orderBy.map(sortKeyText).join(", ")}`] : []),
      ];
      const where = node.where === undefined ? "" : ` where ${exprToString(node.where)}`;
      return `${node.op}(${parts.join(" ").trim()})${where}`;
    }
    case "window": {
      const spec = [
        ...(node.partitionBy.length > 0 ? [`partition by ${node.partitionBy.map(exprToString).join(", ")}`] : []),
        ...(node.orderBy.length > 0 ? [`order by ${node.orderBy.map(sortKeyText).join(", ")}`] : []),
        ...(node.frame === undefined
          ? []
          : [`${node.frame.unit} ${node.frame.start ?? "unbounded"}..${node.frame.end ?? "unbounded"}`]),
      ];
      return `${exprToString(node.func)} over (${spec.join(" ")})`;
    }
    case "scalarSubquery":
      return `(subquery ${node.relation.hash.slice(0, 8)})`;
    case "inSubquery":
      return `${exprToString(node.needle)} ${node.negated ? "not in" : "in"} (subquery ${node.relation.hash.slice(0, 8)})`;
    default: {
      const never: never = node;
      return `?${(never as Node).kind}`;
    }
  }
}

function literalText(value: unknown, type: string): string {
  if (value === null) return `null::${type}`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `0x${[...value].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  if (typeof value === "object") return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  return String(value);
}

function sortKeyText(k: SortKey): string {
  return `${exprToString(k.expr)} ${k.ascending ? "asc" : "desc"}${k.nullsFirst ? " nulls first" : ""}`;
}

/** One line describing a relation node (without its inputs). */
function relationLine(node: RelationNode): string {
  switch (node.kind) {
    case "table":
      return `table ${node.name}`;
    case "memtable":
      return `memtable ${node.name}`;
    case "filter":
      return `filter ${node.predicates.map(exprToString).join(" and ")}`;
    case "project":
      return `project ${node.columns.map((c) => (c.expr.kind === "column" && c.expr.name === c.name ? c.name : `${c.name}: ${exprToString(c.expr)}`)).join(", ")}`;
    case "aggregate":
      return `aggregate by [${node.keys.map((c) => c.name).join(", ")}] ${node.measures.map((c) => `${c.name}: ${exprToString(c.expr)}`).join(", ")}`;
    case "sort":
      return `sort ${node.keys.map(sortKeyText).join(", ")}`;
    case "limit":
      return `limit ${node.count ?? "all"}${node.offset > 0 ? ` offset ${node.offset}` : ""}`;
    case "distinct":
      return "distinct";
    case "unnest":
      return `unnest ${node.column}`;
    case "setOp":
      return `${node.op}${node.distinct ? "" : " all"}`;
    case "join":
      return `${node.how} join${node.predicate === undefined ? "" : ` on ${exprToString(node.predicate)}`}`;
    default: {
      const never: never = node;
      return `?${(never as Node).kind}`;
    }
  }
}

function inputsOf(node: RelationNode): readonly RelationNode[] {
  switch (node.kind) {
    case "table":
    case "memtable":
      return [];
    case "setOp":
    case "join":
      return [node.left, node.right];
    default:
      return [node.input];
  }
}

/**
 * The relation tree as indented text, one operator per line with its output
 * schema, inputs below it (a shared subtree is printed where it is used).
 *
 * @example
 * ```ts
 * printTree(q.node);
 * // project item, revenue: mul(price, qty)  -> item: utf8, revenue: float64
 * //   filter ge(qty, 8)
 * //     memtable ibex_mem_1
 * ```
 */
export function printTree(root: RelationNode): string {
  const lines: string[] = [];
  const visit = (node: RelationNode, depth: number) => {
    const schema = node.schema.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(", ");
    lines.push(`${"  ".repeat(depth)}${relationLine(node)}  -> ${schema}`);
    for (const input of inputsOf(node)) visit(input, depth + 1);
  };
  visit(root, 0);
  return lines.join("\n");
}

/**
 * The relation tree as a picture: Graphviz DOT (`format: "dot"`) or a
 * Mermaid flowchart (`"mermaid"`), one box per operator with its inputs
 * pointing at it, for docs and notebooks. A shared subtree is drawn once.
 *
 * @example
 * ```ts
 * planPicture(q.node, "mermaid"); // "flowchart BT\n  n0[\"project item\"]\n  n1 --> n0 ..."
 * ```
 */
export function planPicture(root: RelationNode, format: "dot" | "mermaid" = "mermaid"): string {
  const ids = new Map<RelationNode, string>();
  const boxes: string[] = [];
  const edges: string[] = [];
  const quote = (text: string) =>
    format === "dot"
      ? JSON.stringify(text)
      : `"${text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")}"`;
  const visit = (node: RelationNode): string => {
    const seen = ids.get(node);
    if (seen !== undefined) return seen;
    const id = `n${ids.size}`;
    ids.set(node, id);
    const label = relationLine(node);
    const short = label.length > 80 ? `${label.slice(0, 77)}...` : label;
    boxes.push(format === "dot" ? `  ${id} [shape=box, label=${quote(short)}];` : `  ${id}[${quote(short)}]`);
    for (const input of inputsOf(node)) {
      const from = visit(input);
      edges.push(format === "dot" ? `  ${from} -> ${id};` : `  ${from} --> ${id}`);
    }
    return id;
  };
  visit(root);
  return format === "dot"
    ? `digraph plan {\n  rankdir=BT;\n${[...boxes, ...edges].join("\n")}\n}`
    : `flowchart BT\n${[...boxes, ...edges].join("\n")}`;
}
