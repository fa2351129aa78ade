import type { MessageInitShape } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import type { JoinKind, OpRegistry, RelationNode, Schema, SetOpKind, ValueNode } from "@ibex/ir";
import { ColumnNode, unreachable, windowsOf } from "@ibex/ir";
import { match } from "ts-pattern";
import type { ExtensionCollector } from "../extensions/extension-collector.js";
import type { AggregateRel_MeasureSchema, Expression, Rel } from "../gen/substrait/algebra_pb.js";
import {
  Expression_Cast_FailureBehavior,
  ExpressionSchema,
  JoinRel_JoinType,
  RelSchema,
  SetRel_SetOp,
} from "../gen/substrait/algebra_pb.js";
import { Type_Nullability } from "../gen/substrait/type_pb.js";
import { nestedNames, substraitType } from "../types.js";
import { SubstraitUnsupportedError } from "../unsupported.js";
import { fieldIndexReference, ValueLowering } from "./lower-value.js";

/** Lowers relation nodes to Substrait `Rel`s, each distinct node once. */
export class RelationLowering {
  readonly #memo = new Map<RelationNode, Rel>();

  constructor(
    private readonly extensions: ExtensionCollector,
    private readonly registry: OpRegistry,
  ) {}

  lower(node: RelationNode): Rel {
    const hit = this.#memo.get(node);
    if (hit !== undefined) return hit;
    const rel = this.#lowerNode(node);
    this.#memo.set(node, rel);
    return rel;
  }

  #lowerNode(node: RelationNode): Rel {
    // A switch, not ts-pattern: this runs for every relation of every compile,
    // and a match allocates its patterns and handlers on each call.
    switch (node.kind) {
      case "table":
      case "memtable": {
        const t = node;
        return namedRead(t.name, t.schema, this.extensions);
      }
      case "filter": {
        const f = node;
        const values = this.values(f.input.schema);
        const preds = f.predicates.map((p) => values.lower(p));
        return create(RelSchema, {
          relType: {
            case: "filter",
            value: { input: this.lower(f.input), condition: this.conjunction(preds) },
          },
        });
      }
      case "project": {
        const p = node;
        const width = p.input.schema.fields.length;
        let input = this.lower(p.input);
        let values = this.values(p.input.schema);
        const windows = windowsOf(p.columns.map((c) => c.expr));
        if (windows.length > 0) {
          // DataFusion's consumer plans a window function only at the top of a
          // ProjectRel expression: compute the windows in a ProjectRel of their
          // own (input fields ++ windows) and reference them from this one,
          // cast to the IR type (ranks come back as unsigned integers).
          input = create(RelSchema, {
            relType: {
              case: "project",
              value: { input, expressions: windows.map((w) => values.windowFunction(w)) },
            },
          });
          const refs = new Map(
            windows.map((w, i) => [
              w.hash,
              create(ExpressionSchema, {
                rexType: {
                  case: "cast",
                  value: {
                    type: substraitType(w.type, this.extensions),
                    input: fieldIndexReference(width + i),
                    failureBehavior: Expression_Cast_FailureBehavior.THROW_EXCEPTION,
                  },
                },
              }),
            ]),
          );
          values = new ValueLowering(p.input.schema, this.extensions, this.registry, (r) => this.lower(r), refs);
        }
        const inputWidth = width + windows.length;
        return create(RelSchema, {
          relType: {
            case: "project",
            value: {
              // A ProjectRel appends its expressions to the input's fields;
              // the emit keeps only the expressions, in order.
              common: {
                emitKind: { case: "emit", value: { outputMapping: p.columns.map((_, i) => inputWidth + i) } },
              },
              input,
              expressions: p.columns.map((c) => values.lower(c.expr)),
            },
          },
        });
      }
      case "aggregate": {
        const a = node;
        const values = this.values(a.input.schema);
        return aggregateRel(
          this.lower(a.input),
          a.keys.map((k) => values.lower(k.expr)),
          a.measures.map((m) => ({
            measure: values.aggregateFunction(m.expr),
            ...(m.expr.where === undefined ? {} : { filter: values.lower(m.expr.where) }),
          })),
        );
      }
      case "distinct": {
        const d = node;
        // DISTINCT = group by every column, no measures.
        const values = this.values(d.input.schema);
        return aggregateRel(
          this.lower(d.input),
          d.input.schema.fields.map((f) => values.lower(ColumnNode.create(f.name, f.type))),
          [],
        );
      }
      case "sort": {
        const srt = node;
        const values = this.values(srt.input.schema);
        return create(RelSchema, {
          relType: {
            case: "sort",
            value: { input: this.lower(srt.input), sorts: srt.keys.map((k) => values.sortField(k)) },
          },
        });
      }
      case "unnest": {
        // Substrait has no unnest relation (DataFusion's own producer rejects
        // its Unnest plans too): the DataFrame lane runs these queries.
        throw new SubstraitUnsupportedError("unnest", "Substrait has no relation that expands a list into rows");
      }
      case "limit": {
        const l = node;
        return create(RelSchema, {
          relType: {
            case: "fetch",
            value: {
              input: this.lower(l.input),
              offsetMode: { case: "offset", value: BigInt(l.offset) },
              // -1 = all rows (Substrait's convention)
              countMode: { case: "count", value: BigInt(l.count ?? -1) },
            },
          },
        });
      }
      case "join": {
        const j = node;
        // Output columns by position in the join's own output (left ++ right,
        // or left only for semi/anti); emit keeps and orders them.
        const outputMapping = j.output.map((o) => j.scope.indexOf(o.scope));
        const common = { emitKind: { case: "emit" as const, value: { outputMapping } } };
        if (j.how === "cross") {
          return create(RelSchema, {
            relType: { case: "cross", value: { common, left: this.lower(j.left), right: this.lower(j.right) } },
          });
        }
        const values = this.values(j.scope);
        return create(RelSchema, {
          relType: {
            case: "join",
            value: {
              common,
              left: this.lower(j.left),
              right: this.lower(j.right),
              expression: values.lower(j.predicate as ValueNode),
              type: joinType(j.how),
            },
          },
        });
      }
      case "setOp": {
        const o = node;
        return create(RelSchema, {
          relType: {
            case: "set",
            value: { inputs: [this.lower(o.left), this.lower(o.right)], op: setOp(o.op, o.distinct) },
          },
        });
      }
      default:
        return unreachable(node);
    }
  }

  private values(input: Schema): ValueLowering {
    return new ValueLowering(input, this.extensions, this.registry, (r) => this.lower(r));
  }

  /** One predicate as is; several as one variadic `and`. */
  private conjunction(preds: readonly Expression[]): Expression {
    if (preds.length === 1) return preds[0] as Expression;
    const anchor = this.extensions.functionAnchor("extension:io.substrait:functions_boolean", "and:bool");
    return create(ExpressionSchema, {
      rexType: {
        case: "scalarFunction",
        value: {
          functionReference: anchor,
          outputType: substraitType({ kind: "bool", nullable: true }, this.extensions),
          arguments: preds.map((p) => ({ argType: { case: "value" as const, value: p } })),
        },
      },
    });
  }
}

function aggregateRel(
  input: Rel,
  keys: readonly Expression[],
  measures: readonly MessageInitShape<typeof AggregateRel_MeasureSchema>[],
): Rel {
  return create(RelSchema, {
    relType: {
      case: "aggregate",
      value: {
        input,
        groupingExpressions: [...keys],
        // One grouping set over all key expressions; none = a global aggregate.
        groupings: keys.length === 0 ? [] : [{ expressionReferences: keys.map((_, i) => i) }],
        measures: [...measures],
      },
    },
  });
}

function joinType(how: Exclude<JoinKind, "cross">): JoinRel_JoinType {
  return match(how)
    .with("inner", () => JoinRel_JoinType.INNER)
    .with("left", () => JoinRel_JoinType.LEFT)
    .with("right", () => JoinRel_JoinType.RIGHT)
    .with("outer", () => JoinRel_JoinType.OUTER)
    .with("semi", () => JoinRel_JoinType.LEFT_SEMI)
    .with("anti", () => JoinRel_JoinType.LEFT_ANTI)
    .exhaustive();
}

function setOp(op: SetOpKind, distinct: boolean): SetRel_SetOp {
  return match([op, distinct] as const)
    .with(["union", true], () => SetRel_SetOp.UNION_DISTINCT)
    .with(["union", false], () => SetRel_SetOp.UNION_ALL)
    .with(["intersect", true], () => SetRel_SetOp.INTERSECTION_MULTISET)
    .with(["intersect", false], () => SetRel_SetOp.INTERSECTION_MULTISET_ALL)
    .with(["difference", true], () => SetRel_SetOp.MINUS_PRIMARY)
    .with(["difference", false], () => SetRel_SetOp.MINUS_PRIMARY_ALL)
    .exhaustive();
}

/** A ReadRel of a registered table, with its full base schema. */
function namedRead(name: string, schema: Schema, extensions: ExtensionCollector): Rel {
  return create(RelSchema, {
    relType: {
      case: "read",
      value: {
        baseSchema: {
          names: schema.fields.flatMap((f) => [f.name, ...nestedNames(f.type)]),
          struct: {
            types: schema.fields.map((f) => substraitType(f.type, extensions)),
            nullability: Type_Nullability.REQUIRED,
          },
        },
        readType: { case: "namedTable", value: { names: [name] } },
      },
    },
  });
}
