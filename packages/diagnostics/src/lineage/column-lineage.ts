import type { Node, RelationNode, ValueNode } from "@ibex/ir";

/** How a source column reaches an output column directly (OpenLineage's DIRECT subtypes). */
export type DirectKind = "identity" | "transformation" | "aggregation";
/** How a source column influences an output column indirectly (OpenLineage's INDIRECT subtypes). */
export type IndirectKind = "join" | "groupBy" | "filter" | "sort" | "window" | "conditional";

/** A source table column. */
export interface SourceColumn {
  readonly table: string;
  readonly column: string;
}

/** One direct dependency of an output column. */
export interface DirectDependency extends SourceColumn {
  readonly kind: DirectKind;
  /** True when the value cannot be recovered from the output (hashes, counts). */
  readonly masking: boolean;
}

/** One indirect influence on an output column. */
export interface IndirectDependency extends SourceColumn {
  readonly kind: IndirectKind;
}

/** Where one output column comes from. */
export interface ColumnLineage {
  readonly name: string;
  /** Source columns whose values make this column's values, sorted. */
  readonly direct: readonly DirectDependency[];
  /** Source columns that decide which rows there are, their order, or which branch is taken, sorted. */
  readonly indirect: readonly IndirectDependency[];
}

// ---- internal sets keyed by "table\u0000column\u0000kind" ---------------------------

const DIRECT_RANK: Readonly<Record<DirectKind, number>> = { identity: 0, transformation: 1, aggregation: 2 };

/** Direct sources: table column -> (kind, masking), keeping the strongest kind seen. */
type Direct = ReadonlyMap<
  string,
  { readonly source: SourceColumn; readonly kind: DirectKind; readonly masking: boolean }
>;
/** Indirect sources, by table column and kind. */
type Indirect = ReadonlyMap<string, IndirectDependency>;

interface Flow {
  readonly direct: Direct;
  readonly indirect: Indirect;
}

/** A relation's lineage: each output column's flow, and what influences every row. */
interface RelationLineage {
  readonly columns: ReadonlyMap<string, Flow>;
  readonly rows: Indirect;
}

const EMPTY: Flow = { direct: new Map(), indirect: new Map() };
const sourceKey = (s: SourceColumn) => `${s.table}\u0000${s.column}`;

function mergeIndirect(...sets: Indirect[]): Indirect {
  const out = new Map<string, IndirectDependency>();
  for (const s of sets) for (const [k, v] of s) out.set(k, v);
  return out;
}

function mergeFlows(flows: readonly Flow[]): Flow {
  const direct = new Map<string, { source: SourceColumn; kind: DirectKind; masking: boolean }>();
  for (const f of flows) {
    for (const [k, v] of f.direct) {
      const seen = direct.get(k);
      if (seen === undefined || DIRECT_RANK[v.kind] > DIRECT_RANK[seen.kind]) direct.set(k, { ...v });
      else if (v.masking && !seen.masking) direct.set(k, { ...seen, masking: true });
    }
  }
  return { direct, indirect: mergeIndirect(...flows.map((f) => f.indirect)) };
}

/** The flow's direct sources, raised to at least `kind` (a function of a column is a transformation). */
function raise(flow: Flow, kind: DirectKind, masking = false): Flow {
  const direct = new Map<string, { source: SourceColumn; kind: DirectKind; masking: boolean }>();
  for (const [k, v] of flow.direct) {
    direct.set(k, {
      source: v.source,
      kind: DIRECT_RANK[kind] > DIRECT_RANK[v.kind] ? kind : v.kind,
      masking: v.masking || masking,
    });
  }
  return { direct, indirect: flow.indirect };
}

/** Every source of a flow (direct or not) as an indirect influence of `kind`. */
function asIndirect(flow: Flow, kind: IndirectKind): Indirect {
  const out = new Map<string, IndirectDependency>();
  for (const v of flow.direct.values()) out.set(`${sourceKey(v.source)}\u0000${kind}`, { ...v.source, kind });
  for (const v of flow.indirect.values()) out.set(`${sourceKey(v)}\u0000${v.kind}`, v);
  return out;
}

// Ops whose output does not reveal their input (OpenLineage's `masking`).
const MASKING = new Set(["stableHash64", "stableHash128", "prefixedHash64", "stableId", "count", "countDistinctAgg"]);
// Ops whose first argument only chooses between the others.
const CONDITIONAL = new Set(["ifElse"]);

/**
 * Column lineage of a query: for every output column, the source table
 * columns it is made from (identity, transformation, aggregation; masking
 * for hashes and counts) and those that influence it indirectly (join keys,
 * group-by keys, filters, sort keys, window partitions and orders, and the
 * conditions of conditional expressions). Each distinct node is visited once.
 *
 * @example
 * ```ts
 * lineage(q.node); // [{ name: "revenue", direct: [{ table: "lineitem", column: "l_extendedprice", kind: "transformation", ... }], indirect: [...] }]
 * ```
 */
export function lineage(root: RelationNode): readonly ColumnLineage[] {
  const relations = new Map<Node, RelationLineage>();
  // Values are memoized per scope: one column node means different sources over different inputs.
  const values = new Map<RelationLineage, Map<Node, Flow>>();

  const relation = (node: RelationNode): RelationLineage => {
    const hit = relations.get(node);
    if (hit !== undefined) return hit;
    const result = relationFlowOf(node);
    relations.set(node, result);
    return result;
  };

  const value = (node: ValueNode, scope: RelationLineage): Flow => {
    let memo = values.get(scope);
    if (memo === undefined) {
      memo = new Map();
      values.set(scope, memo);
    }
    const hit = memo.get(node);
    if (hit !== undefined) return hit;
    const result = flowOf(node, scope);
    memo.set(node, result);
    return result;
  };

  const flowOf = (node: ValueNode, scope: RelationLineage): Flow => {
    switch (node.kind) {
      case "column":
        return scope.columns.get(node.name) ?? EMPTY;
      case "literal":
        return EMPTY;
      case "cast":
        return raise(value(node.input, scope), "transformation");
      case "call": {
        if (CONDITIONAL.has(node.op)) {
          const [cond, ...branches] = node.args;
          const chosen = raise(mergeFlows(branches.map((b) => value(b, scope))), "transformation");
          const condition = cond === undefined ? new Map() : asIndirect(value(cond, scope), "conditional");
          return { direct: chosen.direct, indirect: mergeIndirect(chosen.indirect, condition) };
        }
        return raise(mergeFlows(node.args.map((a) => value(a, scope))), "transformation", MASKING.has(node.op));
      }
      case "aggregateCall": {
        const args = raise(mergeFlows(node.args.map((a) => value(a, scope))), "aggregation", MASKING.has(node.op));
        const where = node.where === undefined ? new Map() : asIndirect(value(node.where, scope), "filter");
        const order = mergeIndirect(...node.orderBy.map((k) => asIndirect(value(k.expr, scope), "sort")));
        // count(*) depends on every row, so on nothing in particular: no direct source.
        return { direct: args.direct, indirect: mergeIndirect(args.indirect, where, order) };
      }
      case "window": {
        const func = value(node.func, scope);
        const windowed = mergeIndirect(
          ...node.partitionBy.map((p) => asIndirect(value(p, scope), "window")),
          ...node.orderBy.map((k) => asIndirect(value(k.expr, scope), "window")),
        );
        return { direct: func.direct, indirect: mergeIndirect(func.indirect, windowed) };
      }
      case "scalarSubquery": {
        const sub = relation(node.relation);
        const [only] = sub.columns.values();
        const flow = raise(only ?? EMPTY, "transformation");
        return { direct: flow.direct, indirect: mergeIndirect(flow.indirect, sub.rows) };
      }
      case "inSubquery": {
        const sub = relation(node.relation);
        const [only] = sub.columns.values();
        const needle = raise(value(node.needle, scope), "transformation");
        const against = mergeIndirect(asIndirect(only ?? EMPTY, "filter"), sub.rows);
        return { direct: needle.direct, indirect: mergeIndirect(needle.indirect, against) };
      }
      default: {
        const never: never = node;
        throw new Error(`lineage: unhandled value node ${(never as Node).kind}`);
      }
    }
  };

  const relationFlowOf = (node: RelationNode): RelationLineage => {
    switch (node.kind) {
      case "table":
      case "memtable": {
        const columns = new Map<string, Flow>();
        for (const f of node.schema.fields) {
          const source = { table: node.name, column: f.name };
          columns.set(f.name, {
            direct: new Map([[sourceKey(source), { source, kind: "identity" as const, masking: false }]]),
            indirect: new Map(),
          });
        }
        return { columns, rows: new Map() };
      }
      case "filter": {
        const input = relation(node.input);
        const rows = mergeIndirect(input.rows, ...node.predicates.map((p) => asIndirect(value(p, input), "filter")));
        return { columns: input.columns, rows };
      }
      case "project": {
        const input = relation(node.input);
        return { columns: new Map(node.columns.map((c) => [c.name, value(c.expr, input)])), rows: input.rows };
      }
      case "aggregate": {
        const input = relation(node.input);
        const keys = node.keys.map((k) => [k.name, value(k.expr, input)] as const);
        // The group-by keys decide the output rows: every column depends on them.
        const groupBy = mergeIndirect(...keys.map(([, f]) => asIndirect(f, "groupBy")));
        const columns = new Map<string, Flow>(keys);
        for (const m of node.measures) columns.set(m.name, value(m.expr, input));
        return { columns, rows: mergeIndirect(input.rows, groupBy) };
      }
      case "sort": {
        const input = relation(node.input);
        const rows = mergeIndirect(input.rows, ...node.keys.map((k) => asIndirect(value(k.expr, input), "sort")));
        return { columns: input.columns, rows };
      }
      case "limit":
      case "distinct":
        return relation(node.input);
      case "unnest": {
        const input = relation(node.input);
        const columns = new Map(input.columns);
        columns.set(node.column, raise(input.columns.get(node.column) ?? EMPTY, "transformation"));
        return { columns, rows: input.rows };
      }
      case "setOp": {
        const [left, right] = [relation(node.left), relation(node.right)];
        const names = node.schema.names;
        const rightFlows = [...right.columns.values()];
        const columns = new Map<string, Flow>();
        names.forEach((name, i) => {
          const l = [...left.columns.values()][i] ?? EMPTY;
          if (node.op === "union") columns.set(name, mergeFlows([l, rightFlows[i] ?? EMPTY]));
          else columns.set(name, l);
        });
        // intersect/difference: the right side decides which left rows stay
        const decided =
          node.op === "union" ? new Map() : mergeIndirect(...rightFlows.map((f) => asIndirect(f, "filter")));
        return { columns, rows: mergeIndirect(left.rows, right.rows, decided) };
      }
      case "join": {
        const [left, right] = [relation(node.left), relation(node.right)];
        const scopeColumns = new Map<string, Flow>();
        node.left.schema.names.forEach((n, i) => {
          scopeColumns.set(node.leftNames[i] as string, left.columns.get(n) ?? EMPTY);
        });
        node.right.schema.names.forEach((n, i) => {
          scopeColumns.set(node.rightNames[i] as string, right.columns.get(n) ?? EMPTY);
        });
        const scope: RelationLineage = { columns: scopeColumns, rows: mergeIndirect(left.rows, right.rows) };
        const keys = node.predicate === undefined ? new Map() : asIndirect(value(node.predicate, scope), "join");
        const columns = new Map(node.output.map((o) => [o.name, scopeColumns.get(o.scope) ?? EMPTY]));
        return { columns, rows: mergeIndirect(scope.rows, keys) };
      }
      default: {
        const never: never = node;
        throw new Error(`lineage: unhandled relation node ${(never as Node).kind}`);
      }
    }
  };

  const top = relation(root);
  const order = (a: SourceColumn & { kind: string }, b: SourceColumn & { kind: string }) =>
    `${a.table}.${a.column}.${a.kind}`.localeCompare(`${b.table}.${b.column}.${b.kind}`);
  return root.schema.names.map((name) => {
    const flow = top.columns.get(name) ?? EMPTY;
    const direct = [...flow.direct.values()]
      .map((d) => ({ table: d.source.table, column: d.source.column, kind: d.kind, masking: d.masking }))
      .sort(order);
    const indirect = [...mergeIndirect(flow.indirect, top.rows).values()].sort(order);
    return { name, direct, indirect };
  });
}
