import { create } from "@bufbuild/protobuf";
import type { AggregateCallNode, CallNode, LiteralNode, OpRegistry, Schema, SortKey, ValueNode } from "@ibex/ir";
import { IbexError } from "@ibex/ir";
import { match } from "ts-pattern";
import type { ExtensionCollector } from "../extensions/extension-collector.js";
import type { AggregateFunction, Expression, Expression_Literal, SortField } from "../gen/substrait/algebra_pb.js";
import {
  AggregateFunction_AggregationInvocation,
  AggregateFunctionSchema,
  AggregationPhase,
  Expression_Cast_FailureBehavior,
  Expression_LiteralSchema,
  ExpressionSchema,
  SortField_SortDirection,
  SortFieldSchema,
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
      .with({ kind: "aggregateCall" }, (c) => {
        throw new IbexError(
          "IBEX_INVALID_ARGUMENT",
          `substrait: aggregate "${c.op}" appears outside an aggregation (lower it with aggregateFunction)`,
        );
      })
      .exhaustive();
    this.#memo.set(node, expr);
    return expr;
  }

  /** An AggregateFunction message for a measure (its filter goes on the Measure). */
  aggregateFunction(c: AggregateCallNode): AggregateFunction {
    return create(AggregateFunctionSchema, {
      functionReference: this.anchor(c.op, c.args),
      outputType: substraitType(c.type),
      phase: AggregationPhase.INITIAL_TO_RESULT,
      invocation: c.distinct
        ? AggregateFunction_AggregationInvocation.DISTINCT
        : AggregateFunction_AggregationInvocation.ALL,
      arguments: c.args.map((a) => ({ argType: { case: "value" as const, value: this.lower(a) } })),
      sorts: c.orderBy.map((k) => this.sortField(k)),
    });
  }

  /** A SortField for a sort key. */
  sortField(k: SortKey): SortField {
    const direction = k.ascending
      ? k.nullsFirst
        ? SortField_SortDirection.ASC_NULLS_FIRST
        : SortField_SortDirection.ASC_NULLS_LAST
      : k.nullsFirst
        ? SortField_SortDirection.DESC_NULLS_FIRST
        : SortField_SortDirection.DESC_NULLS_LAST;
    return create(SortFieldSchema, { expr: this.lower(k.expr), sortKind: { case: "direction", value: direction } });
  }

  /** The anchor of op's function, with its compound signature name. */
  private anchor(op: string, args: readonly ValueNode[]): number {
    const def = this.registry.get(op);
    if (def === undefined) throw new IbexError("IBEX_UNKNOWN_OP", `substrait: op "${op}" is not registered`);
    const { urn, name, signature = "typed" } = def.substrait;
    const argNames = match(signature)
      .with("any", () => args.map(() => "any"))
      .with("variadic", () => args.slice(0, 1).map((a) => signatureName(a.type.kind)))
      .with("typed", () => args.map((a) => signatureName(a.type.kind)))
      .exhaustive();
    return this.extensions.functionAnchor(urn, argNames.length === 0 ? name : `${name}:${argNames.join("_")}`);
  }

  private call(c: CallNode): Expression {
    const anchor = this.anchor(c.op, c.args);
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
