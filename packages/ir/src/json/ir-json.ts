import { IbexError } from "../errors.js";
import type { Node } from "../nodes/node.js";
import { AggregateNode } from "../nodes/relation/aggregate-node.js";
import { DistinctNode } from "../nodes/relation/distinct-node.js";
import { FilterNode } from "../nodes/relation/filter-node.js";
import type { JoinKind, JoinOutput } from "../nodes/relation/join-node.js";
import { JoinNode } from "../nodes/relation/join-node.js";
import { LimitNode } from "../nodes/relation/limit-node.js";
import { MemTableNode } from "../nodes/relation/memtable-node.js";
import { ProjectNode } from "../nodes/relation/project-node.js";
import type { RelationNode } from "../nodes/relation/relation-node.js";
import { isRelationNode } from "../nodes/relation/relation-node.js";
import type { SetOpKind } from "../nodes/relation/set-op-node.js";
import { SetOpNode } from "../nodes/relation/set-op-node.js";
import { SortNode } from "../nodes/relation/sort-node.js";
import { TableNode } from "../nodes/relation/table-node.js";
import { UnnestNode } from "../nodes/relation/unnest-node.js";
import { AggregateCallNode } from "../nodes/value/aggregate-call-node.js";
import { CallNode } from "../nodes/value/call-node.js";
import { CastNode } from "../nodes/value/cast-node.js";
import { ColumnNode } from "../nodes/value/column-node.js";
import type { LiteralValue } from "../nodes/value/literal-node.js";
import { LiteralNode } from "../nodes/value/literal-node.js";
import type { SortKey } from "../nodes/value/sort-key.js";
import { sortKey } from "../nodes/value/sort-key.js";
import { InSubqueryNode, ScalarSubqueryNode } from "../nodes/value/subquery-node.js";
import type { ValueNode } from "../nodes/value/value-node.js";
import { isValueNode } from "../nodes/value/value-node.js";
import type { WindowFrame } from "../nodes/value/window-node.js";
import { WindowNode } from "../nodes/value/window-node.js";
import { builtinOps } from "../ops/builtin-ops.js";
import type { OpRegistry } from "../ops/op-registry.js";
import type { DataType, TimeUnit } from "../types/data-type.js";
import { dataType, decimalOf, isTypeKind, listOf, mapOf, structOf, timestampOf, unionOf } from "../types/data-type.js";
import type { Schema } from "../types/schema.js";
import { schema } from "../types/schema.js";

/** The version of the JSON form written by {@link toJson}. */
export const IR_JSON_VERSION = 1;

/**
 * A data type in JSON: `{ "kind": "int64", "nullable": true }`, with the
 * kind's parameters: `precision`/`scale` (decimal), `unit`/`timezone`
 * (timestamp), `element` (list), `fields` (struct; union members, in type-id
 * order), `key`/`value` (map), `mode` (union: `sparse` or `dense`).
 */
export interface DataTypeJson {
  readonly kind: string;
  readonly nullable: boolean;
  readonly element?: DataTypeJson;
  readonly precision?: number;
  readonly scale?: number;
  readonly unit?: string;
  readonly timezone?: string | null;
  readonly fields?: readonly { readonly name: string; readonly type: DataTypeJson }[];
  readonly key?: DataTypeJson;
  readonly value?: DataTypeJson;
  readonly mode?: string;
}

/** A schema in JSON. */
export interface SchemaJson {
  readonly fields: readonly { readonly name: string; readonly type: DataTypeJson }[];
}

/**
 * A literal value in JSON. int64 values are decimal strings (JSON numbers
 * lose precision past 2^53). float64 values are strings too, in shortest
 * round-trip form ("0.1", "-0", "1e-300", "NaN", "Infinity", "-Infinity"):
 * not every JSON parser rounds numbers correctly (serde_json by default
 * does not), and a one-ulp error would make the lanes disagree. Readers also
 * accept plain JSON numbers. date32 is whole days since 1970-01-01. All
 * integer kinds, decimals (unscaled), time64 (µs since midnight) and
 * timestamps (units since the epoch) are decimal strings; binary is lower-case
 * hex; an interval is `{ months, days, nanoseconds }` (nanoseconds a string).
 */
export type LiteralJson =
  | string
  | number
  | boolean
  | null
  | { readonly months: number; readonly days: number; readonly nanoseconds: string };

/**
 * One node of the JSON form. Children are referred to by their index in
 * `nodes`, and always come before their parents.
 */
export type NodeJson =
  | { readonly kind: "table"; readonly name: string; readonly schema: SchemaJson }
  | { readonly kind: "memtable"; readonly name: string; readonly schema: SchemaJson }
  | { readonly kind: "filter"; readonly input: number; readonly predicates: readonly number[] }
  | {
      readonly kind: "project";
      readonly input: number;
      readonly columns: readonly { readonly name: string; readonly expr: number }[];
    }
  | { readonly kind: "column"; readonly name: string; readonly type: DataTypeJson }
  | { readonly kind: "literal"; readonly value: LiteralJson; readonly type: DataTypeJson }
  | { readonly kind: "cast"; readonly input: number; readonly safe?: boolean; readonly type: DataTypeJson }
  | {
      readonly kind: "call";
      readonly op: string;
      readonly args: readonly number[];
      /** The Substrait function name the engine resolves (informative; derived from the op). */
      readonly fn?: string;
      /** A string literal the function takes before the arguments (`date_part('hour', x)`). */
      readonly leading?: string;
      readonly type: DataTypeJson;
    }
  | {
      readonly kind: "aggregateCall";
      readonly op: string;
      readonly args: readonly number[];
      readonly distinct: boolean;
      readonly where: number | null;
      readonly orderBy: readonly SortKeyJson[];
      readonly type: DataTypeJson;
    }
  | { readonly kind: "scalarSubquery"; readonly relation: number; readonly type: DataTypeJson }
  | {
      readonly kind: "inSubquery";
      readonly needle: number;
      readonly relation: number;
      readonly negated: boolean;
      readonly type: DataTypeJson;
    }
  | {
      readonly kind: "window";
      readonly func: number;
      readonly partitionBy: readonly number[];
      readonly orderBy: readonly SortKeyJson[];
      readonly frame: WindowFrame | null;
      readonly type: DataTypeJson;
    }
  | {
      readonly kind: "aggregate";
      readonly input: number;
      readonly keys: readonly ColumnJson[];
      readonly measures: readonly ColumnJson[];
    }
  | { readonly kind: "sort"; readonly input: number; readonly keys: readonly SortKeyJson[] }
  | { readonly kind: "limit"; readonly input: number; readonly count: number | null; readonly offset: number }
  | { readonly kind: "unnest"; readonly input: number; readonly column: string }
  | { readonly kind: "distinct"; readonly input: number }
  | {
      readonly kind: "join";
      readonly how: JoinKind;
      readonly left: number;
      readonly right: number;
      readonly leftNames: readonly string[];
      readonly rightNames: readonly string[];
      readonly predicate: number | null;
      readonly output: readonly JoinOutput[];
    }
  | {
      readonly kind: "setOp";
      readonly op: SetOpKind;
      readonly distinct: boolean;
      readonly left: number;
      readonly right: number;
    };

/** A named column in JSON: its name and the index of its expression node. */
export interface ColumnJson {
  readonly name: string;
  readonly expr: number;
}

/** A sort key in JSON. */
export interface SortKeyJson {
  readonly expr: number;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * The versioned JSON form of a query: a table of distinct nodes (shared
 * sub-expressions appear once) and the index of the root relation.
 *
 * @example
 * ```json
 * { "format": "ibex-ir", "version": 1, "root": 3, "nodes": [
 *   { "kind": "table", "name": "t", "schema": { "fields": [{ "name": "a", "type": { "kind": "int64", "nullable": true } }] } },
 *   { "kind": "column", "name": "a", "type": { "kind": "int64", "nullable": true } },
 *   { "kind": "literal", "value": "1", "type": { "kind": "int64", "nullable": false } },
 *   { "kind": "call", "op": "gt", "args": [1, 2], "type": { "kind": "bool", "nullable": true } },
 *   { "kind": "filter", "input": 0, "predicates": [3] } ] }
 * ```
 */
export interface IrJson {
  readonly format: "ibex-ir";
  readonly version: number;
  readonly root: number;
  readonly nodes: readonly NodeJson[];
}

const fnField = (op: string): { fn?: string; leading?: string } => {
  const s = builtinOps.get(op)?.substrait;
  if (s === undefined) return {};
  return s.leadingLiteral === undefined ? { fn: s.name } : { fn: s.name, leading: s.leadingLiteral };
};

/** A data type in its JSON form (what the engine's type parser reads). */
export function dataTypeToJson(t: DataType): DataTypeJson {
  const base = { kind: t.kind, nullable: t.nullable };
  switch (t.kind) {
    case "decimal":
      return { ...base, precision: t.precision as number, scale: t.scale as number };
    case "timestamp":
      return { ...base, unit: t.unit as string, timezone: t.timezone ?? null };
    case "list":
      return { ...base, element: dataTypeToJson(t.element as DataType) };
    case "struct":
      return { ...base, fields: (t.fields ?? []).map((f) => ({ name: f.name, type: dataTypeToJson(f.type) })) };
    case "map":
      return { ...base, key: dataTypeToJson(t.key as DataType), value: dataTypeToJson(t.value as DataType) };
    case "union":
      return {
        ...base,
        mode: t.mode as string,
        fields: (t.fields ?? []).map((f) => ({ name: f.name, type: dataTypeToJson(f.type) })),
      };
    default:
      return base;
  }
}
const schemaJson = (s: Schema): SchemaJson => ({
  fields: s.fields.map((f) => ({ name: f.name, type: dataTypeToJson(f.type) })),
});

function literalJson(value: LiteralValue, type: DataType): LiteralJson {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && (type.kind === "float64" || type.kind === "float32"))
    return Object.is(value, -0) ? "-0" : String(value);
  if (value instanceof Uint8Array) return [...value].map((b) => b.toString(16).padStart(2, "0")).join("");
  if (value !== null && typeof value === "object")
    return { months: value.months, days: value.days, nanoseconds: value.nanoseconds.toString() };
  return value;
}

/** Serializes a query to its JSON form. Each distinct node object is written once. */
export function toJson(root: RelationNode): IrJson {
  const nodes: NodeJson[] = [];
  const index = new Map<Node, number>();
  const visit = (node: Node): number => {
    const hit = index.get(node);
    if (hit !== undefined) return hit;
    const json = encode(node, visit);
    const i = nodes.length;
    nodes.push(json);
    index.set(node, i);
    return i;
  };
  const rootIndex = visit(root);
  return { format: "ibex-ir", version: IR_JSON_VERSION, root: rootIndex, nodes };
}

function sortKeyJson(k: SortKey, visit: (n: Node) => number): SortKeyJson {
  return { expr: visit(k.expr), ascending: k.ascending, nullsFirst: k.nullsFirst };
}

function encode(node: Node, visit: (n: Node) => number): NodeJson {
  switch (node.kind) {
    case "table":
      return { kind: "table", name: node.name, schema: schemaJson(node.schema) };
    case "memtable":
      return { kind: "memtable", name: node.name, schema: schemaJson(node.schema) };
    case "filter": {
      const input = visit(node.input);
      return { kind: "filter", input, predicates: node.predicates.map(visit) };
    }
    case "project": {
      const input = visit(node.input);
      return { kind: "project", input, columns: node.columns.map((c) => ({ name: c.name, expr: visit(c.expr) })) };
    }
    case "column":
      return { kind: "column", name: node.name, type: dataTypeToJson(node.type) };
    case "literal":
      return { kind: "literal", value: literalJson(node.value, node.type), type: dataTypeToJson(node.type) };
    case "cast":
      return {
        kind: "cast",
        input: visit(node.input),
        ...(node.safe ? { safe: true } : {}),
        type: dataTypeToJson(node.type),
      };
    case "call":
      return {
        kind: "call",
        op: node.op,
        args: node.args.map(visit),
        // The engine resolves the function by its Substrait name on both lanes.
        ...fnField(node.op),
        type: dataTypeToJson(node.type),
      };
    case "aggregateCall": {
      const args = node.args.map(visit);
      const where = node.where === undefined ? null : visit(node.where);
      return {
        kind: "aggregateCall",
        op: node.op,
        args,
        distinct: node.distinct,
        where,
        orderBy: node.orderBy.map((k) => sortKeyJson(k, visit)),
        type: dataTypeToJson(node.type),
      };
    }
    case "scalarSubquery":
      return { kind: "scalarSubquery", relation: visit(node.relation), type: dataTypeToJson(node.type) };
    case "inSubquery": {
      const needle = visit(node.needle);
      const relation = visit(node.relation);
      return { kind: "inSubquery", needle, relation, negated: node.negated, type: dataTypeToJson(node.type) };
    }
    case "window": {
      const func = visit(node.func);
      return {
        kind: "window",
        func,
        partitionBy: node.partitionBy.map(visit),
        orderBy: node.orderBy.map((k) => sortKeyJson(k, visit)),
        frame: node.frame === undefined ? null : { ...node.frame },
        type: dataTypeToJson(node.type),
      };
    }
    case "aggregate": {
      const input = visit(node.input);
      const keys = node.keys.map((c) => ({ name: c.name, expr: visit(c.expr) }));
      return {
        kind: "aggregate",
        input,
        keys,
        measures: node.measures.map((c) => ({ name: c.name, expr: visit(c.expr) })),
      };
    }
    case "sort": {
      const input = visit(node.input);
      return { kind: "sort", input, keys: node.keys.map((k) => sortKeyJson(k, visit)) };
    }
    case "limit":
      return { kind: "limit", input: visit(node.input), count: node.count, offset: node.offset };
    case "unnest":
      return { kind: "unnest", input: visit(node.input), column: node.column };
    case "distinct":
      return { kind: "distinct", input: visit(node.input) };
    case "join": {
      const left = visit(node.left);
      const right = visit(node.right);
      return {
        kind: "join",
        how: node.how,
        left,
        right,
        leftNames: node.leftNames,
        rightNames: node.rightNames,
        predicate: node.predicate === undefined ? null : visit(node.predicate),
        output: node.output,
      };
    }
    case "setOp": {
      const left = visit(node.left);
      return { kind: "setOp", op: node.op, distinct: node.distinct, left, right: visit(node.right) };
    }
    default: {
      const never: never = node;
      throw new Error(`unhandled node kind ${(never as Node).kind}`);
    }
  }
}

/** Options for {@link fromJson}. */
export interface FromJsonOptions {
  /** The op registry calls are resolved against (default: built-ins). */
  readonly registry?: OpRegistry;
  /** Data for memtables, by name (the JSON form does not carry data). */
  readonly memtables?: ReadonlyMap<string, unknown>;
}

const invalid = (message: string) => new IbexError("IBEX_INVALID_JSON", `fromJson: ${message}`);

function decodeType(t: DataTypeJson | undefined, where: string): DataType {
  if (t === undefined || typeof t !== "object" || !isTypeKind(t.kind) || typeof t.nullable !== "boolean") {
    throw invalid(`${where} has an invalid type ${JSON.stringify(t)}`);
  }
  try {
    switch (t.kind) {
      case "decimal":
        return decimalOf(t.precision as number, t.scale as number, t.nullable);
      case "timestamp":
        return timestampOf(t.unit as TimeUnit, t.timezone ?? null, t.nullable);
      case "list":
        return listOf(decodeType(t.element, `${where} element`), t.nullable);
      case "struct":
        if (!Array.isArray(t.fields)) throw new Error("a struct needs fields");
        return structOf(
          t.fields.map((f, i) => ({ name: String(f.name), type: decodeType(f.type, `${where} field ${i}`) })),
          t.nullable,
        );
      case "map":
        return mapOf(decodeType(t.key, `${where} key`), decodeType(t.value, `${where} value`), t.nullable);
      case "union":
        if (!Array.isArray(t.fields)) throw new Error("a union needs members");
        return unionOf(
          t.fields.map((f, i) => ({ name: String(f.name), type: decodeType(f.type, `${where} member ${i}`) })),
          t.mode === "dense" ? "dense" : "sparse",
          t.nullable,
        );
      default:
        return dataType(t.kind, t.nullable);
    }
  } catch (e) {
    if (e instanceof IbexError) throw e;
    throw invalid(`${where} has an invalid type ${JSON.stringify(t)}: ${(e as Error).message}`);
  }
}

function decodeSchema(s: SchemaJson, where: string): Schema {
  if (s === undefined || !Array.isArray(s.fields)) throw invalid(`${where} has no schema fields`);
  return schema(s.fields.map((f, i) => ({ name: f.name, type: decodeType(f.type, `${where} field ${i}`) })));
}

function decodeLiteral(value: LiteralJson, type: DataType): LiteralValue {
  if (value === null) return null;
  const bad = () => invalid(`${type.kind} literal ${JSON.stringify(value)}`);
  const integer = () => {
    if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw bad();
    return BigInt(value);
  };
  switch (type.kind) {
    case "int8":
    case "int16":
    case "int32":
    case "int64":
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
    case "decimal":
    case "time64":
    case "timestamp":
      return integer();
    case "float32":
    case "float64": {
      const n = typeof value === "string" ? Number(value) : value;
      if (typeof n !== "number" || (Number.isNaN(n) && value !== "NaN")) throw bad();
      return n;
    }
    case "binary":
      if (typeof value !== "string" || !/^([0-9a-f]{2})*$/.test(value)) throw bad();
      return Uint8Array.from(value.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    case "interval":
      if (typeof value !== "object" || typeof value.nanoseconds !== "string" || !/^-?\d+$/.test(value.nanoseconds))
        throw bad();
      return { months: value.months, days: value.days, nanoseconds: BigInt(value.nanoseconds) };
    case "utf8":
    case "bool":
    case "date32":
    case "null":
      if (typeof value === "object") throw bad();
      return value;
    case "list":
    case "struct":
    case "map":
    case "union":
      throw invalid(`${type.kind} literals are not supported`);
    default: {
      const never: never = type.kind;
      throw invalid(`literal of kind ${String(never)}`);
    }
  }
}

/**
 * Rebuilds a query from its JSON form through the node constructors, so the
 * result is validated exactly like a query built in code. `fromJson(toJson(q))`
 * is structurally equal to `q`.
 */
export function fromJson(json: IrJson, options: FromJsonOptions = {}): RelationNode {
  if (json?.format !== "ibex-ir") throw invalid(`not an Ibex IR document (format ${JSON.stringify(json?.format)})`);
  if (json.version !== IR_JSON_VERSION) {
    throw invalid(`unsupported version ${json.version} (this build reads version ${IR_JSON_VERSION})`);
  }
  const registry = options.registry ?? builtinOps;
  const built: Node[] = [];
  const ref = (i: number, at: number): Node => {
    if (!Number.isInteger(i) || i < 0 || i >= at)
      throw invalid(`node ${at} refers to node ${i}, which does not precede it`);
    return built[i] as Node;
  };
  const value = (i: number, at: number): ValueNode => {
    const n = ref(i, at);
    if (!isValueNode(n)) throw invalid(`node ${at} expects a value at node ${i}, found ${n.kind}`);
    return n;
  };
  const relation = (i: number, at: number): RelationNode => {
    const n = ref(i, at);
    if (!isRelationNode(n)) throw invalid(`node ${at} expects a relation at node ${i}, found ${n.kind}`);
    return n;
  };
  json.nodes.forEach((n, at) => {
    built.push(decodeNode(n, at, { value, relation, registry, memtables: options.memtables }));
  });
  const root = ref(json.root, json.nodes.length);
  if (!isRelationNode(root)) throw invalid(`root node ${json.root} is a ${root.kind}, not a relation`);
  return root;
}

interface DecodeContext {
  readonly value: (i: number, at: number) => ValueNode;
  readonly relation: (i: number, at: number) => RelationNode;
  readonly registry: OpRegistry;
  readonly memtables: ReadonlyMap<string, unknown> | undefined;
}

function decodeNode(n: NodeJson, at: number, cx: DecodeContext): Node {
  switch (n.kind) {
    case "table":
      return TableNode.create(n.name, decodeSchema(n.schema, `node ${at}`));
    case "memtable":
      return MemTableNode.create(n.name, decodeSchema(n.schema, `node ${at}`), cx.memtables?.get(n.name));
    case "filter":
      return FilterNode.create(
        cx.relation(n.input, at),
        n.predicates.map((p) => cx.value(p, at)),
      );
    case "project":
      return ProjectNode.create(
        cx.relation(n.input, at),
        n.columns.map((c) => ({ name: c.name, expr: cx.value(c.expr, at) })),
      );
    case "column":
      return ColumnNode.create(n.name, decodeType(n.type, `node ${at}`));
    case "literal": {
      const type = decodeType(n.type, `node ${at}`);
      return LiteralNode.create(decodeLiteral(n.value, type), type);
    }
    case "cast":
      return CastNode.create(cx.value(n.input, at), decodeType(n.type, `node ${at}`), n.safe === true);
    case "call":
      return CallNode.create(
        n.op,
        n.args.map((a) => cx.value(a, at)),
        cx.registry,
      );
    case "aggregateCall":
      return AggregateCallNode.create(
        n.op,
        n.args.map((a) => cx.value(a, at)),
        {
          distinct: n.distinct,
          where: n.where === null ? undefined : cx.value(n.where, at),
          orderBy: n.orderBy.map((k) => sortKey(cx.value(k.expr, at), k.ascending, k.nullsFirst)),
        },
        cx.registry,
      );
    case "scalarSubquery":
      return ScalarSubqueryNode.create(cx.relation(n.relation, at));
    case "inSubquery":
      return InSubqueryNode.create(cx.value(n.needle, at), cx.relation(n.relation, at), n.negated);
    case "window": {
      const func = cx.value(n.func, at);
      if (func.kind !== "aggregateCall") throw invalid(`node ${at}: a window's function must be an aggregate call`);
      return WindowNode.create(
        func,
        {
          partitionBy: n.partitionBy.map((p) => cx.value(p, at)),
          orderBy: n.orderBy.map((k) => sortKey(cx.value(k.expr, at), k.ascending, k.nullsFirst)),
          frame: n.frame ?? undefined,
        },
        cx.registry,
      );
    }
    case "aggregate":
      return AggregateNode.create(
        cx.relation(n.input, at),
        n.keys.map((c) => ({ name: c.name, expr: cx.value(c.expr, at) })),
        n.measures.map((c) => {
          const expr = cx.value(c.expr, at);
          if (expr.kind !== "aggregateCall") throw invalid(`node ${at}: measure "${c.name}" is not an aggregate call`);
          return { name: c.name, expr };
        }),
      );
    case "sort":
      return SortNode.create(
        cx.relation(n.input, at),
        n.keys.map((k) => sortKey(cx.value(k.expr, at), k.ascending, k.nullsFirst)),
      );
    case "limit":
      return LimitNode.create(cx.relation(n.input, at), n.count, n.offset);
    case "unnest":
      return UnnestNode.create(cx.relation(n.input, at), n.column);
    case "distinct":
      return DistinctNode.create(cx.relation(n.input, at));
    case "join":
      return JoinNode.create(
        n.how,
        cx.relation(n.left, at),
        cx.relation(n.right, at),
        n.leftNames,
        n.rightNames,
        n.predicate === null ? undefined : cx.value(n.predicate, at),
        n.output,
      );
    case "setOp":
      return SetOpNode.create(n.op, cx.relation(n.left, at), cx.relation(n.right, at), n.distinct);
    default: {
      const never: never = n;
      throw invalid(`node ${at} has unknown kind ${JSON.stringify((never as { kind: unknown }).kind)}`);
    }
  }
}
