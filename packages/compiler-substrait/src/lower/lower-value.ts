import { create } from "@bufbuild/protobuf";
import type { CallNode, LiteralNode, OpRegistry, Schema, ValueNode } from "@ibex/ir";
import { IbexError } from "@ibex/ir";
import { match } from "ts-pattern";
import type { ExtensionCollector } from "../extensions/extension-collector.js";
import type { Expression, Expression_Literal } from "../gen/substrait/algebra_pb.js";
import {
  Expression_Cast_FailureBehavior,
  Expression_LiteralSchema,
  ExpressionSchema,
} from "../gen/substrait/algebra_pb.js";
import { signatureName, substraitType } from "../types.js";

/** Lowers value expressions evaluated against one input schema (memoized per node). */
export class ValueLowering {
  readonly #memo = new Map<ValueNode, Expression>();

  constructor(
    private readonly input: Schema,
    private readonly extensions: ExtensionCollector,
    private readonly registry: OpRegistry,
  ) {}

  lower(node: ValueNode): Expression {
    const hit = this.#memo.get(node);
    if (hit !== undefined) return hit;
    const expr = match(node)
      .with({ kind: "column" }, (c) => fieldReference(this.input.field(c.name, "substrait", "column").name, this.input))
      .with({ kind: "literal" }, (l) => create(ExpressionSchema, { rexType: { case: "literal", value: literal(l) } }))
      .with({ kind: "cast" }, (c) =>
        create(ExpressionSchema, {
          rexType: {
            case: "cast",
            value: {
              type: substraitType(c.type),
              input: this.lower(c.input),
              failureBehavior: Expression_Cast_FailureBehavior.THROW_EXCEPTION,
            },
          },
        }),
      )
      .with({ kind: "call" }, (c) => this.call(c))
      .exhaustive();
    this.#memo.set(node, expr);
    return expr;
  }

  private call(c: CallNode): Expression {
    const def = this.registry.get(c.op);
    if (def === undefined) throw new IbexError("IBEX_UNKNOWN_OP", `substrait: op "${c.op}" is not registered`);
    const { urn, name, signature = "typed" } = def.substrait;
    const argNames = match(signature)
      .with("any", () => c.args.map(() => "any"))
      .with("variadic", () => c.args.slice(0, 1).map((a) => signatureName(a.type.kind)))
      .with("typed", () => c.args.map((a) => signatureName(a.type.kind)))
      .exhaustive();
    const anchor = this.extensions.functionAnchor(urn, `${name}:${argNames.join("_")}`);
    return create(ExpressionSchema, {
      rexType: {
        case: "scalarFunction",
        value: {
          functionReference: anchor,
          outputType: substraitType(c.type),
          arguments: c.args.map((a) => ({ argType: { case: "value" as const, value: this.lower(a) } })),
        },
      },
    });
  }
}

/** A reference to field `name` of the input (by position). */
function fieldReference(name: string, input: Schema): Expression {
  return create(ExpressionSchema, {
    rexType: {
      case: "selection",
      value: {
        referenceType: {
          case: "directReference",
          value: { referenceType: { case: "structField", value: { field: input.indexOf(name) } } },
        },
        rootType: { case: "rootReference", value: {} },
      },
    },
  });
}

function literal(l: LiteralNode): Expression_Literal {
  const nullable = l.type.nullable;
  if (l.value === null) {
    return create(Expression_LiteralSchema, {
      literalType: { case: "null", value: substraitType(l.type) },
      nullable: true,
    });
  }
  const v = l.value;
  const literalType = match(l.type.kind)
    .with("int64", () => ({ case: "i64" as const, value: v as bigint }))
    .with("float64", () => ({ case: "fp64" as const, value: v as number }))
    .with("utf8", () => ({ case: "string" as const, value: v as string }))
    .with("bool", () => ({ case: "boolean" as const, value: v as boolean }))
    .with("date32", () => ({ case: "date" as const, value: v as number }))
    .exhaustive();
  return create(Expression_LiteralSchema, { literalType, nullable });
}
