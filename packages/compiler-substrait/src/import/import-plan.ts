import { fromBinary } from "@bufbuild/protobuf";
import type { DataType, OpDefinition, OpRegistry, RelationNode, SetOpKind, ValueNode } from "@ibex/ir";
import {
  AggregateCallNode,
  AggregateNode,
  builtinOps,
  CallNode,
  CastNode,
  ColumnNode,
  dataType,
  decimalOf,
  FilterNode,
  IbexError,
  InSubqueryNode,
  JoinNode,
  LimitNode,
  LiteralNode,
  listOf,
  mapOf,
  ProjectNode,
  ScalarSubqueryNode,
  SetOpNode,
  SortNode,
  sameTypeIgnoringNullability,
  schema,
  sortKey,
  structOf,
  TableNode,
  timestampOf,
  WindowNode,
} from "@ibex/ir";
import type {
  Expression,
  Expression_Subquery,
  Expression_WindowFunction_Bound,
  Rel,
  RelCommon,
  SortField,
} from "../gen/substrait/algebra_pb.js";
import {
  Expression_Cast_FailureBehavior,
  Expression_WindowFunction_BoundsType,
  JoinRel_JoinType,
  SetRel_SetOp,
  SortField_SortDirection,
} from "../gen/substrait/algebra_pb.js";
import type { Plan } from "../gen/substrait/plan_pb.js";
import { PlanSchema } from "../gen/substrait/plan_pb.js";
import type { Type } from "../gen/substrait/type_pb.js";
import { Type_Nullability } from "../gen/substrait/type_pb.js";

/** A Substrait construct the importer does not read. */
export class SubstraitImportError extends IbexError<"IBEX_INVALID_ARGUMENT"> {
  constructor(construct: string, detail = "is not supported by the Substrait importer") {
    super("IBEX_INVALID_ARGUMENT", `importSubstrait: ${construct} ${detail}`);
  }
}

const PRECISION_UNIT = { 0: "s", 3: "ms", 6: "us", 9: "ns" } as const;

function importType(t: Type | undefined, where: string): DataType {
  const kind = t?.kind;
  if (kind === undefined || kind.case === undefined)
    throw new SubstraitImportError(`the type of ${where}`, "is missing");
  const nullable = (kind.value as { nullability?: number }).nullability !== Type_Nullability.REQUIRED;
  switch (kind.case) {
    case "bool":
      return dataType("bool", nullable);
    case "i8":
    case "i16":
    case "i32":
    case "i64": {
      const width = kind.case.slice(1);
      // type variation 1 marks unsigned integers (DataFusion's convention, used by Ibex)
      const unsigned = kind.value.typeVariationReference === 1;
      return dataType(`${unsigned ? "uint" : "int"}${width}` as "int64", nullable);
    }
    case "fp32":
      return dataType("float32", nullable);
    case "fp64":
      return dataType("float64", nullable);
    case "string":
    case "varchar":
    case "fixedChar":
      return dataType("utf8", nullable);
    case "binary":
    case "fixedBinary":
      return dataType("binary", nullable);
    case "date":
      return dataType("date32", nullable);
    case "decimal":
      return decimalOf(kind.value.precision, kind.value.scale, nullable);
    case "precisionTimestamp":
    case "precisionTimestampTz": {
      const unit = PRECISION_UNIT[kind.value.precision as keyof typeof PRECISION_UNIT] ?? "us";
      return timestampOf(unit, kind.case === "precisionTimestampTz" ? "UTC" : null, nullable);
    }
    case "precisionTime":
      return dataType("time64", nullable);
    case "intervalCompound":
      return dataType("interval", nullable);
    case "list":
      return listOf(importType(kind.value.type, `${where} element`), nullable);
    case "map":
      return mapOf(
        importType(kind.value.key, `${where} key`),
        importType(kind.value.value, `${where} value`),
        nullable,
      );
    case "struct":
      return structOf(
        kind.value.types.map((f, i) => ({ name: `f${i}`, type: importType(f, `${where} field ${i}`) })),
        nullable,
      );
    default:
      throw new SubstraitImportError(`type ${kind.case} (in ${where})`);
  }
}

/** How many NamedStruct names a type takes after its field's own (struct names, depth first). */
function nestedNameCount(t: Type | undefined): number {
  const kind = t?.kind;
  if (kind?.case === "struct") return kind.value.types.reduce((n, f) => n + 1 + nestedNameCount(f), 0);
  if (kind?.case === "list") return nestedNameCount(kind.value.type);
  if (kind?.case === "map") return nestedNameCount(kind.value.key) + nestedNameCount(kind.value.value);
  return 0;
}

/**
 * Imports a Substrait plan (from Ibex or any other producer) into the Ibex
 * IR, through the IR's validating constructors, so two plans can be diffed
 * or their lineage read. Functions map back to Ibex ops by their Substrait
 * names; columns computed inside the plan get positional names (`c0`, ...),
 * and the root gets the plan's names. Constructs it does not read fail with
 * a `SubstraitImportError` naming them.
 *
 * @example
 * ```ts
 * const node = importSubstrait(planBytes);
 * diff(importSubstrait(before), importSubstrait(after));
 * ```
 */
export function importSubstrait(
  plan: Plan | Uint8Array,
  options: { readonly registry?: OpRegistry } = {},
): RelationNode {
  const p = plan instanceof Uint8Array ? fromBinary(PlanSchema, plan) : plan;
  const registry = options.registry ?? builtinOps;
  const functions = new Map<number, string>();
  for (const e of p.extensions) {
    if (e.mappingType.case === "extensionFunction") {
      const { functionAnchor, name } = e.mappingType.value;
      functions.set(functionAnchor, name.split(":")[0] as string);
    }
  }
  const bySubstraitName = new Map<string, OpDefinition[]>();
  for (const name of registry.names()) {
    const def = registry.get(name) as OpDefinition;
    bySubstraitName.set(def.substrait.name, [...(bySubstraitName.get(def.substrait.name) ?? []), def]);
  }
  const [first] = p.relations;
  if (first === undefined || p.relations.length !== 1)
    throw new SubstraitImportError("a plan without exactly one relation");
  const root = first.relType;
  if (root.case === undefined) throw new SubstraitImportError("an empty plan relation");
  const top = rel(root.case === "root" ? (root.value.input as Rel) : root.value);
  if (root.case !== "root" || root.value.names.length === 0) return top;
  // The root's names (depth first through structs: top-level names come at their positions).
  const names: string[] = [];
  let k = 0;
  for (const f of top.schema.fields) {
    names.push(root.value.names[k] ?? f.name);
    k += 1 + countNestedIr(f.type);
  }
  if (names.every((n, i) => n === top.schema.names[i])) return top;
  return ProjectNode.create(
    top,
    top.schema.fields.map((f, i) => ({ name: names[i] as string, expr: ColumnNode.create(f.name, f.type) })),
  );

  function countNestedIr(t: DataType): number {
    if (t.kind === "struct") return (t.fields ?? []).reduce((n, f) => n + 1 + countNestedIr(f.type), 0);
    if (t.kind === "list") return countNestedIr(t.element as DataType);
    if (t.kind === "map") return countNestedIr(t.key as DataType) + countNestedIr(t.value as DataType);
    return 0;
  }

  /** The relation after its emit: the output mapping picks and orders fields. */
  function emitted(node: RelationNode, r: { readonly common?: RelCommon | undefined }): RelationNode {
    const emit = r.common?.emitKind;
    if (emit?.case !== "emit") return node;
    const mapping = emit.value.outputMapping;
    const fields = node.schema.fields;
    const identity = mapping.length === fields.length && mapping.every((m, i) => m === i);
    if (identity) return node;
    return ProjectNode.create(
      node,
      mapping.map((m, i) => {
        const f = fields[m];
        if (f === undefined)
          throw new SubstraitImportError(`an emit of field ${m}`, `is out of range (${fields.length} fields)`);
        return {
          name: uniqueName(
            f.name,
            i,
            mapping.map((x) => fields[x]?.name ?? ""),
          ),
          expr: ColumnNode.create(f.name, f.type),
        };
      }),
    );
  }

  function uniqueName(name: string, i: number, all: readonly string[]): string {
    return all.indexOf(name) === i ? name : `c${i}`;
  }

  function rel(r: Rel): RelationNode {
    const t = r.relType;
    switch (t.case) {
      case "read": {
        const read = t.value;
        if (read.readType.case !== "namedTable")
          throw new SubstraitImportError(`a ${read.readType.case ?? "bare"} read`);
        const base = read.baseSchema;
        if (base === undefined) throw new SubstraitImportError("a read without a base schema");
        const fields = [];
        let at = 0;
        for (const [i, ty] of (base.struct?.types ?? []).entries()) {
          fields.push({ name: base.names[at] ?? `c${i}`, type: importType(ty, `column ${i}`) });
          at += 1 + nestedNameCount(ty);
        }
        const node = TableNode.create(read.readType.value.names.join("."), schemaOf(fields));
        const filtered = read.filter === undefined ? node : FilterNode.create(node, conjuncts(expr(read.filter, node)));
        return emitted(filtered, read);
      }
      case "filter": {
        const input = rel(t.value.input as Rel);
        if (t.value.condition === undefined) throw new SubstraitImportError("a filter without a condition");
        return emitted(FilterNode.create(input, conjuncts(expr(t.value.condition, input))), t.value);
      }
      case "project": {
        const input = rel(t.value.input as Rel);
        const width = input.schema.fields.length;
        const columns = [
          ...input.schema.fields.map((f) => ({ name: f.name, expr: ColumnNode.create(f.name, f.type) as ValueNode })),
          ...t.value.expressions.map((e, i) => ({ name: fresh(`c${width + i}`, input), expr: expr(e, input) })),
        ];
        return emitted(ProjectNode.create(input, columns), t.value);
      }
      case "aggregate": {
        const input = rel(t.value.input as Rel);
        const a = t.value;
        const groupingExprs =
          a.groupingExpressions.length > 0 ? a.groupingExpressions : (a.groupings[0]?.groupingExpressions ?? []);
        if (a.groupings.length > 1) throw new SubstraitImportError("an aggregate with several grouping sets");
        const keys = groupingExprs.map((e, i) => ({ name: keyName(e, input, i), expr: expr(e, input) }));
        const measures = a.measures.map((m, i) => {
          const f = m.measure;
          if (f === undefined) throw new SubstraitImportError("a measure without a function");
          const name = functions.get(f.functionReference) ?? `#${f.functionReference}`;
          const args = f.arguments.map((arg) => {
            if (arg.argType.case !== "value")
              throw new SubstraitImportError(`an ${arg.argType.case} argument of ${name}`);
            return expr(arg.argType.value, input);
          });
          const where = m.filter === undefined ? undefined : expr(m.filter, input);
          const orderBy = f.sorts.map((s) => sortOf(s, input));
          const op = pick(name, "aggregate", (def) =>
            AggregateCallNode.create(
              def.name,
              args,
              { ...(where === undefined ? {} : { where }), orderBy, distinct: f.invocation === 2 },
              registry,
            ),
          );
          return {
            name: fresh(
              `c${keys.length + i}`,
              input,
              keys.map((k) => k.name),
            ),
            expr: op,
          };
        });
        return emitted(AggregateNode.create(input, keys, measures), a);
      }
      case "sort": {
        const input = rel(t.value.input as Rel);
        return emitted(
          SortNode.create(
            input,
            t.value.sorts.map((s) => sortOf(s, input)),
          ),
          t.value,
        );
      }
      case "fetch": {
        const input = rel(t.value.input as Rel);
        const count = t.value.countMode.case === "count" ? Number(t.value.countMode.value) : -1;
        const offset = t.value.offsetMode.case === "offset" ? Number(t.value.offsetMode.value) : 0;
        return emitted(LimitNode.create(input, count < 0 ? null : count, offset), t.value);
      }
      case "join":
      case "cross": {
        const [left, right] = [rel(t.value.left as Rel), rel(t.value.right as Rel)];
        const leftNames = left.schema.fields.map((f, i) => `l${i}_${f.name}`);
        const rightNames = right.schema.fields.map((f, i) => `r${i}_${f.name}`);
        const how = t.case === "cross" ? "cross" : joinKind(t.value.type);
        const scope = TableNode.create(
          "$join",
          schemaOf([
            ...left.schema.fields.map((f, i) => ({ name: leftNames[i] as string, type: f.type })),
            ...right.schema.fields.map((f, i) => ({ name: rightNames[i] as string, type: f.type })),
          ]),
        );
        const predicate =
          t.case === "join" && t.value.expression !== undefined ? expr(t.value.expression, scope) : undefined;
        const visible = how === "semi" || how === "anti" ? leftNames : [...leftNames, ...rightNames];
        const original = [...left.schema.names, ...(how === "semi" || how === "anti" ? [] : right.schema.names)];
        const output = visible.map((scopeName, i) => ({
          name: uniqueName(original[i] as string, i, original),
          scope: scopeName,
        }));
        return emitted(JoinNode.create(how, left, right, leftNames, rightNames, predicate, output), t.value);
      }
      case "set": {
        const [l, r2, ...more] = t.value.inputs.map((x) => rel(x));
        if (l === undefined || r2 === undefined || more.length > 0)
          throw new SubstraitImportError("a set operation without exactly two inputs");
        const [op, distinct] = setOpOf(t.value.op);
        return emitted(SetOpNode.create(op, l, r2, distinct), t.value);
      }
      default:
        throw new SubstraitImportError(`a ${t.case ?? "empty"} relation`);
    }
  }

  /** `base`, or `base_1`, `base_2`, ... where the name is taken. */
  function fresh(base: string, input: RelationNode, more: readonly string[] = []): string {
    const taken = new Set([...input.schema.names, ...more]);
    if (!taken.has(base)) return base;
    let k = 1;
    while (taken.has(`${base}_${k}`)) k++;
    return `${base}_${k}`;
  }

  function keyName(e: Expression, input: RelationNode, i: number): string {
    const ref = fieldIndex(e);
    return ref === undefined ? `c${i}` : (input.schema.fields[ref]?.name ?? `c${i}`);
  }

  function sortOf(s: SortField, input: RelationNode) {
    if (s.expr === undefined) throw new SubstraitImportError("a sort field without an expression");
    const direction =
      s.sortKind.case === "direction"
        ? (s.sortKind.value as SortField_SortDirection)
        : SortField_SortDirection.ASC_NULLS_LAST;
    const ascending =
      direction === SortField_SortDirection.ASC_NULLS_FIRST || direction === SortField_SortDirection.ASC_NULLS_LAST;
    const nullsFirst =
      direction === SortField_SortDirection.ASC_NULLS_FIRST || direction === SortField_SortDirection.DESC_NULLS_FIRST;
    return sortKey(expr(s.expr, input), ascending, nullsFirst);
  }

  /** The first op named `name` in Substrait whose type rule takes these arguments. */
  function pick<T>(name: string, family: "scalar" | "aggregate", build: (def: OpDefinition) => T): T {
    const candidates = (bySubstraitName.get(name) ?? []).filter((d) =>
      family === "aggregate" ? d.family === "aggregate" || d.family === "window" : d.family === undefined,
    );
    let last: unknown;
    for (const def of candidates) {
      try {
        return build(def);
      } catch (e) {
        last = e;
      }
    }
    if (last instanceof Error)
      throw new SubstraitImportError(`function ${name}`, `has no Ibex op that takes these arguments (${last.message})`);
    throw new SubstraitImportError(`function ${name}`, "has no Ibex op");
  }

  function expr(e: Expression, input: RelationNode): ValueNode {
    const r = e.rexType;
    switch (r.case) {
      case "selection": {
        const i = fieldIndex(e);
        const f = i === undefined ? undefined : input.schema.fields[i];
        if (f === undefined) throw new SubstraitImportError("a field reference", "is not a direct field of the input");
        return ColumnNode.create(f.name, f.type);
      }
      case "literal":
        return literal(r.value);
      case "cast": {
        if (r.value.input === undefined) throw new SubstraitImportError("a cast without an input");
        const safe = r.value.failureBehavior === Expression_Cast_FailureBehavior.RETURN_NULL;
        const inner = expr(r.value.input, input);
        const to = importType(r.value.type, "a cast");
        // Producers cast results to the type they expect; where the IR already
        // infers that type the cast says nothing, and round trips stay stable.
        if (sameTypeIgnoringNullability(inner.type, to)) return inner;
        return CastNode.create(inner, to, safe);
      }
      case "scalarFunction": {
        const name = functions.get(r.value.functionReference) ?? `#${r.value.functionReference}`;
        const args = r.value.arguments.map((a) => {
          if (a.argType.case !== "value") throw new SubstraitImportError(`an ${a.argType.case} argument of ${name}`);
          return expr(a.argType.value, input);
        });
        // Substrait's in-predicate has no negation: NOT IN arrives as not(in).
        const only = args[0];
        if (name === "not" && args.length === 1 && only?.kind === "inSubquery" && !only.negated) {
          return InSubqueryNode.create(only.needle, only.relation, true);
        }
        // AND/OR chains of any width become binary IR calls.
        if ((name === "and" || name === "or") && args.length > 2) {
          return args.slice(1).reduce((x, y) => CallNode.create(name, [x, y], registry), args[0] as ValueNode);
        }
        return pick(name, "scalar", (def) => {
          const lead = def.substrait.leadingLiteral;
          if (lead !== undefined) {
            const [part, ...rest] = args;
            if (part?.kind !== "literal" || part.value !== lead) throw new Error(`not ${def.name}`);
            return CallNode.create(def.name, rest, registry);
          }
          return CallNode.create(def.name, args, registry);
        });
      }
      case "ifThen": {
        const otherwise = r.value.else === undefined ? undefined : expr(r.value.else, input);
        const branches = r.value.ifs.map(
          (c) => [expr(c.if as Expression, input), expr(c.then as Expression, input)] as const,
        );
        const last = otherwise ?? LiteralNode.create(null, { ...(branches[0]?.[1].type as DataType), nullable: true });
        return branches.reduceRight<ValueNode>(
          (acc, [cond, then]) => CallNode.create("ifElse", [cond, then, acc], registry),
          last,
        );
      }
      case "windowFunction": {
        const w = r.value;
        const name = functions.get(w.functionReference) ?? `#${w.functionReference}`;
        const args = w.arguments.map((a) => {
          if (a.argType.case !== "value") throw new SubstraitImportError(`an ${a.argType.case} argument of ${name}`);
          return expr(a.argType.value, input);
        });
        const partitionBy = w.partitions.map((p) => expr(p, input));
        const orderBy = w.sorts.map((srt) => sortOf(srt, input));
        const bounded = w.boundsType !== Expression_WindowFunction_BoundsType.UNSPECIFIED;
        const frame = bounded
          ? {
              unit: w.boundsType === Expression_WindowFunction_BoundsType.ROWS ? ("rows" as const) : ("range" as const),
              start: offsetOf(w.lowerBound),
              end: offsetOf(w.upperBound),
            }
          : undefined;
        return pick(name, "aggregate", (def) =>
          WindowNode.create(
            AggregateCallNode.create(def.name, args, {}, registry),
            {
              partitionBy,
              orderBy,
              ...(frame === undefined ? {} : { frame }),
            },
            registry,
          ),
        );
      }
      case "subquery":
        return subqueryOf(r.value, rel, (x) => expr(x, input));
      case "singularOrList": {
        const needle = expr(r.value.value as Expression, input);
        return CallNode.create("isin", [needle, ...r.value.options.map((o) => expr(o, input))], registry);
      }
      default:
        throw new SubstraitImportError(`a ${r.case ?? "empty"} expression`);
    }
  }
}

/** Uncorrelated scalar and IN subqueries; the others have no IR node. */
function subqueryOf(
  s: Expression_Subquery,
  rel: (r: Rel) => RelationNode,
  value: (e: Expression) => ValueNode,
): ValueNode {
  const t = s.subqueryType;
  switch (t.case) {
    case "scalar": {
      if (t.value.input === undefined) throw new SubstraitImportError("a scalar subquery without an input");
      return ScalarSubqueryNode.create(rel(t.value.input));
    }
    case "inPredicate": {
      const { needles, haystack } = t.value;
      if (needles.length !== 1 || haystack === undefined)
        throw new SubstraitImportError(`an IN subquery with ${needles.length} needles`);
      return InSubqueryNode.create(value(needles[0] as Expression), rel(haystack), false);
    }
    default:
      throw new SubstraitImportError(`a ${t.case ?? "empty"} subquery expression`);
  }
}

/** A window bound as the IR's offset: null unbounded, 0 the current row, negative preceding. */
function offsetOf(b: Expression_WindowFunction_Bound | undefined): number | null {
  const k = b?.kind;
  switch (k?.case) {
    case "preceding":
      return -Number(k.value.offset);
    case "following":
      return Number(k.value.offset);
    case "currentRow":
      return 0;
    default:
      return null;
  }
}

function fieldIndex(e: Expression): number | undefined {
  if (e.rexType.case !== "selection") return undefined;
  // An outer reference is a correlated subquery's: the IR has no such column.
  if (e.rexType.value.rootType.case === "outerReference")
    throw new SubstraitImportError("a correlated subquery (an outer field reference)");
  const ref = e.rexType.value.referenceType;
  if (ref.case !== "directReference") return undefined;
  const seg = ref.value.referenceType;
  return seg.case === "structField" ? seg.value.field : undefined;
}

function conjuncts(e: ValueNode): ValueNode[] {
  return e.kind === "call" && e.op === "and" ? e.args.flatMap(conjuncts) : [e];
}

/** A schema from imported fields; duplicate names (other producers allow them) are made unique. */
function schemaOf(fields: readonly { name: string; type: DataType }[]) {
  const seen = new Map<string, number>();
  const unique = fields.map((f) => {
    const n = seen.get(f.name) ?? 0;
    seen.set(f.name, n + 1);
    return { name: n === 0 ? f.name : `${f.name}_${n}`, type: f.type };
  });
  return schema(unique);
}

function literal(l: Extract<Expression["rexType"], { case: "literal" }>["value"]): ValueNode {
  const t = l.literalType;
  switch (t.case) {
    case "boolean":
      return LiteralNode.create(t.value, dataType("bool", false));
    case "i8":
    case "i16":
    case "i32":
      return LiteralNode.create(BigInt(t.value), dataType(`int${t.case.slice(1)}` as "int32", false));
    case "i64":
      return LiteralNode.create(BigInt(t.value), dataType("int64", false));
    case "fp32":
      return LiteralNode.create(t.value, dataType("float32", false));
    case "fp64":
      return LiteralNode.create(t.value, dataType("float64", false));
    case "string":
    case "varChar":
      return LiteralNode.create(typeof t.value === "string" ? t.value : t.value.value, dataType("utf8", false));
    case "date":
      return LiteralNode.create(t.value, dataType("date32", false));
    case "null":
      return LiteralNode.create(null, importType(t.value, "a null literal"));
    default:
      throw new SubstraitImportError(`a ${t.case ?? "empty"} literal`);
  }
}

function joinKind(t: JoinRel_JoinType) {
  switch (t) {
    case JoinRel_JoinType.INNER:
      return "inner" as const;
    case JoinRel_JoinType.LEFT:
      return "left" as const;
    case JoinRel_JoinType.RIGHT:
      return "right" as const;
    case JoinRel_JoinType.OUTER:
      return "outer" as const;
    case JoinRel_JoinType.LEFT_SEMI:
      return "semi" as const;
    case JoinRel_JoinType.LEFT_ANTI:
      return "anti" as const;
    default:
      throw new SubstraitImportError(`join type ${JoinRel_JoinType[t]}`);
  }
}

function setOpOf(op: SetRel_SetOp): readonly [SetOpKind, boolean] {
  switch (op) {
    case SetRel_SetOp.UNION_DISTINCT:
      return ["union", true];
    case SetRel_SetOp.UNION_ALL:
      return ["union", false];
    case SetRel_SetOp.INTERSECTION_MULTISET:
    case SetRel_SetOp.INTERSECTION_PRIMARY:
      return ["intersect", true];
    case SetRel_SetOp.INTERSECTION_MULTISET_ALL:
      return ["intersect", false];
    case SetRel_SetOp.MINUS_PRIMARY:
      return ["difference", true];
    case SetRel_SetOp.MINUS_PRIMARY_ALL:
      return ["difference", false];
    default:
      throw new SubstraitImportError(`set operation ${SetRel_SetOp[op]}`);
  }
}
