import type { Node } from "../nodes/node.js";
import { literalKey } from "../nodes/value/literal-node.js";
import type { SortKey } from "../nodes/value/sort-key.js";
import { typeEquals } from "../types/data-type.js";
import type { Schema } from "../types/schema.js";

function schemaEquals(a: Schema, b: Schema): boolean {
  return (
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => {
      const g = b.fields[i];
      return g !== undefined && f.name === g.name && typeEquals(f.type, g.type);
    })
  );
}

/**
 * Structural equality of two nodes: the same query built twice is equal.
 * Hashes rule out most unequal pairs at once; pairs already proven equal are
 * remembered, so shared sub-DAGs are compared once.
 */
export function nodeEquals(a: Node, b: Node): boolean {
  const proven = new Set<string>();
  const eq = (x: Node, y: Node): boolean => {
    if (x === y) return true;
    if (x.kind !== y.kind || x.hash !== y.hash) return false;
    if (proven.has(x.hash)) return true;
    const ok = shallowEquals(x, y, eq);
    if (ok) proven.add(x.hash);
    return ok;
  };
  return eq(a, b);
}

type Eq = (a: Node, b: Node) => boolean;

function listEq(a: readonly Node[], b: readonly Node[], eq: Eq): boolean {
  return a.length === b.length && a.every((x, i) => eq(x, b[i] as Node));
}

function sortKeysEq(a: readonly SortKey[], b: readonly SortKey[], eq: Eq): boolean {
  return (
    a.length === b.length &&
    a.every((k, i) => {
      const l = b[i] as SortKey;
      return k.ascending === l.ascending && k.nullsFirst === l.nullsFirst && eq(k.expr, l.expr);
    })
  );
}

function columnsEq(
  a: readonly { name: string; expr: Node }[],
  b: readonly { name: string; expr: Node }[],
  eq: Eq,
): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]?.name && eq(c.expr, (b[i] as { expr: Node }).expr));
}

function shallowEquals(x: Node, y: Node, eq: (a: Node, b: Node) => boolean): boolean {
  switch (x.kind) {
    case "column": {
      const o = y as typeof x;
      return x.name === o.name && typeEquals(x.type, o.type);
    }
    case "literal": {
      const o = y as typeof x;
      return literalKey(x.value) === literalKey(o.value) && typeEquals(x.type, o.type);
    }
    case "cast": {
      const o = y as typeof x;
      return x.safe === o.safe && typeEquals(x.type, o.type) && eq(x.input, o.input);
    }
    case "call": {
      const o = y as typeof x;
      return (
        x.op === o.op &&
        typeEquals(x.type, o.type) &&
        x.args.length === o.args.length &&
        x.args.every((a, i) => eq(a, o.args[i] as Node))
      );
    }
    case "table":
    case "memtable": {
      const o = y as typeof x;
      return x.name === o.name && schemaEquals(x.schema, o.schema);
    }
    case "filter": {
      const o = y as typeof x;
      return (
        eq(x.input, o.input) &&
        x.predicates.length === o.predicates.length &&
        x.predicates.every((p, i) => eq(p, o.predicates[i] as Node))
      );
    }
    case "aggregateCall": {
      const o = y as typeof x;
      return (
        x.op === o.op &&
        x.distinct === o.distinct &&
        typeEquals(x.type, o.type) &&
        listEq(x.args, o.args, eq) &&
        (x.where === undefined ? o.where === undefined : o.where !== undefined && eq(x.where, o.where)) &&
        sortKeysEq(x.orderBy, o.orderBy, eq)
      );
    }
    case "scalarSubquery": {
      const o = y as typeof x;
      return eq(x.relation, o.relation);
    }
    case "inSubquery": {
      const o = y as typeof x;
      return x.negated === o.negated && eq(x.needle, o.needle) && eq(x.relation, o.relation);
    }
    case "window": {
      const o = y as typeof x;
      const [f, g] = [x.frame, o.frame];
      return (
        eq(x.func, o.func) &&
        listEq(x.partitionBy, o.partitionBy, eq) &&
        sortKeysEq(x.orderBy, o.orderBy, eq) &&
        (f === undefined
          ? g === undefined
          : g !== undefined && f.unit === g.unit && f.start === g.start && f.end === g.end)
      );
    }
    case "aggregate": {
      const o = y as typeof x;
      return eq(x.input, o.input) && columnsEq(x.keys, o.keys, eq) && columnsEq(x.measures, o.measures, eq);
    }
    case "sort": {
      const o = y as typeof x;
      return eq(x.input, o.input) && sortKeysEq(x.keys, o.keys, eq);
    }
    case "limit": {
      const o = y as typeof x;
      return x.count === o.count && x.offset === o.offset && eq(x.input, o.input);
    }
    case "distinct": {
      const o = y as typeof x;
      return eq(x.input, o.input);
    }
    case "unnest": {
      const o = y as typeof x;
      return x.column === o.column && eq(x.input, o.input);
    }
    case "join": {
      const o = y as typeof x;
      return (
        x.how === o.how &&
        eq(x.left, o.left) &&
        eq(x.right, o.right) &&
        x.leftNames.join("\u0000") === o.leftNames.join("\u0000") &&
        x.rightNames.join("\u0000") === o.rightNames.join("\u0000") &&
        x.output.map((c) => `${c.name}\u0000${c.scope}`).join("\u0001") ===
          o.output.map((c) => `${c.name}\u0000${c.scope}`).join("\u0001") &&
        (x.predicate === undefined
          ? o.predicate === undefined
          : o.predicate !== undefined && eq(x.predicate, o.predicate))
      );
    }
    case "setOp": {
      const o = y as typeof x;
      return x.op === o.op && x.distinct === o.distinct && eq(x.left, o.left) && eq(x.right, o.right);
    }
    case "project": {
      const o = y as typeof x;
      return (
        eq(x.input, o.input) &&
        x.columns.length === o.columns.length &&
        x.columns.every((c, i) => {
          const d = o.columns[i];
          return d !== undefined && c.name === d.name && eq(c.expr, d.expr);
        })
      );
    }
    default: {
      const never: never = x;
      throw new Error(`unhandled node kind ${(never as Node).kind}`);
    }
  }
}
