import { create } from "@bufbuild/protobuf";
import type { OpRegistry, RelationNode, Schema } from "@ibex/ir";
import { match } from "ts-pattern";
import type { ExtensionCollector } from "../extensions/extension-collector.js";
import type { Expression, Rel } from "../gen/substrait/algebra_pb.js";
import { ExpressionSchema, RelSchema } from "../gen/substrait/algebra_pb.js";
import { Type_Nullability } from "../gen/substrait/type_pb.js";
import { substraitType } from "../types.js";
import { ValueLowering } from "./lower-value.js";

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
    const rel = match(node)
      .with({ kind: "table" }, { kind: "memtable" }, (t) => namedRead(t.name, t.schema))
      .with({ kind: "filter" }, (f) => {
        const values = this.values(f.input.schema);
        const preds = f.predicates.map((p) => values.lower(p));
        return create(RelSchema, {
          relType: {
            case: "filter",
            value: { input: this.lower(f.input), condition: this.conjunction(preds) },
          },
        });
      })
      .with({ kind: "project" }, (p) => {
        const values = this.values(p.input.schema);
        const width = p.input.schema.fields.length;
        return create(RelSchema, {
          relType: {
            case: "project",
            value: {
              // A ProjectRel appends its expressions to the input's fields;
              // the emit keeps only the expressions, in order.
              common: { emitKind: { case: "emit", value: { outputMapping: p.columns.map((_, i) => width + i) } } },
              input: this.lower(p.input),
              expressions: p.columns.map((c) => values.lower(c.expr)),
            },
          },
        });
      })
      .exhaustive();
    this.#memo.set(node, rel);
    return rel;
  }

  private values(input: Schema): ValueLowering {
    return new ValueLowering(input, this.extensions, this.registry);
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
          outputType: substraitType({ kind: "bool", nullable: true }),
          arguments: preds.map((p) => ({ argType: { case: "value" as const, value: p } })),
        },
      },
    });
  }
}

/** A ReadRel of a registered table, with its full base schema. */
function namedRead(name: string, schema: Schema): Rel {
  return create(RelSchema, {
    relType: {
      case: "read",
      value: {
        baseSchema: {
          names: [...schema.names],
          struct: { types: schema.fields.map((f) => substraitType(f.type)), nullability: Type_Nullability.REQUIRED },
        },
        readType: { case: "namedTable", value: { names: [name] } },
      },
    },
  });
}
