import { create } from "@bufbuild/protobuf";
import type {
  AggregateCallNode,
  CallNode,
  DataType,
  IntervalValue,
  LiteralNode,
  OpRegistry,
  RelationNode,
  Schema,
  SortKey,
  ValueNode,
  WindowNode,
} from "@ibex/ir";
import { IbexError, LiteralNode as Literal, unreachable } from "@ibex/ir";
import { match } from "ts-pattern";
import type { ExtensionCollector } from "../extensions/extension-collector.js";
import type {
  AggregateFunction,
  Expression,
  Expression_Literal,
  Expression_WindowFunction_Bound,
  Rel,
  SortField,
} from "../gen/substrait/algebra_pb.js";
import {
  AggregateFunction_AggregationInvocation,
  AggregateFunctionSchema,
  AggregationPhase,
  Expression_Cast_FailureBehavior,
  Expression_LiteralSchema,
  Expression_WindowFunction_BoundSchema,
  Expression_WindowFunction_BoundsType,
  ExpressionSchema,
  SortField_SortDirection,
  SortFieldSchema,
} from "../gen/substrait/algebra_pb.js";
import { signatureName, substraitType } from "../types.js";
import { SubstraitUnsupportedError } from "../unsupported.js";

/** Lowers value expressions evaluated against one input schema (memoized per node). */
export class ValueLowering {
  readonly #memo = new Map<ValueNode, Expression>();

  /**
   * @param windowRefs where each window (by hash) was computed: DataFusion's
   *   consumer plans window functions only at the top of a ProjectRel
   *   expression, so windows are computed in a ProjectRel of their own and
   *   referenced from the one that uses them.
   */
  constructor(
    private readonly input: Schema,
    private readonly extensions: ExtensionCollector,
    private readonly registry: OpRegistry,
    private readonly lowerRelation: (relation: RelationNode) => Rel,
    private readonly windowRefs: ReadonlyMap<string, Expression> = new Map(),
  ) {}

  lower(node: ValueNode): Expression {
    const hit = this.#memo.get(node);
    if (hit !== undefined) return hit;
    const expr = this.#lowerNode(node);
    this.#memo.set(node, expr);
    return expr;
  }

  // A switch, not ts-pattern: this runs for every expression node of every
  // compile, and a match allocates its patterns and handlers on each call.
  #lowerNode(node: ValueNode): Expression {
    switch (node.kind) {
      case "column":
        return fieldReference(this.input.field(node.name, "substrait", "column").name, this.input);
      case "literal":
        return create(ExpressionSchema, { rexType: { case: "literal", value: literal(node, this.extensions) } });
      case "cast":
        return create(ExpressionSchema, {
          rexType: {
            case: "cast",
            value: {
              type: substraitType(node.type, this.extensions),
              input: this.lower(node.input),
              // DataFusion's consumer runs RETURN_NULL as TRY_CAST.
              failureBehavior: node.safe
                ? Expression_Cast_FailureBehavior.RETURN_NULL
                : Expression_Cast_FailureBehavior.THROW_EXCEPTION,
            },
          },
        });
      case "call":
        return this.call(node);
      case "aggregateCall":
        throw new IbexError(
          "IBEX_INVALID_ARGUMENT",
          `substrait: aggregate "${node.op}" appears outside an aggregation (lower it with aggregateFunction)`,
        );
      case "scalarSubquery":
        return create(ExpressionSchema, {
          rexType: {
            case: "subquery",
            value: { subqueryType: { case: "scalar", value: { input: this.lowerRelation(node.relation) } } },
          },
        });
      case "inSubquery": {
        const inPredicate = create(ExpressionSchema, {
          rexType: {
            case: "subquery",
            value: {
              subqueryType: {
                case: "inPredicate",
                value: { needles: [this.lower(node.needle)], haystack: this.lowerRelation(node.relation) },
              },
            },
          },
        });
        // Substrait's in-predicate has no negation: NOT IN is not(in).
        if (!node.negated) return inPredicate;
        return create(ExpressionSchema, {
          rexType: {
            case: "scalarFunction",
            value: {
              functionReference: this.anchor("not", [node]),
              outputType: substraitType(node.type, this.extensions),
              arguments: [{ argType: { case: "value" as const, value: inPredicate } }],
            },
          },
        });
      }
      case "window": {
        const ref = this.windowRefs.get(node.hash);
        if (ref === undefined) throw new IbexError("IBEX_INVALID_ARGUMENT", "substrait: a window outside a projection");
        return ref;
      }
      default:
        return unreachable(node);
    }
  }

  /**
   * A window function expression, valid at the top of a ProjectRel. A measure
   * filter (`where`) becomes `func(if where then x else null)`, since the
   * consumer drops filters on window functions; DISTINCT cannot be expressed.
   */
  windowFunction(w: WindowNode): Expression {
    const f = w.func;
    if (f.distinct) {
      throw new SubstraitUnsupportedError(
        "window DISTINCT",
        `${f.op}(distinct) over a window: DataFusion's Substrait consumer ignores the DISTINCT invocation of window functions`,
      );
    }
    const frame = w.frame;
    if (frame?.unit === "range" && ((frame.start ?? 0) !== 0 || (frame.end ?? 0) !== 0)) {
      throw new SubstraitUnsupportedError(
        "window RANGE frame with offsets",
        "DataFusion's Substrait consumer types RANGE offsets as UInt64, which its type coercion keeps, and an offset whose type differs from the order key's acts as UNBOUNDED",
      );
    }
    // count() has no argument to mask: under a filter it counts a literal 1.
    const argNodes: readonly ValueNode[] =
      f.where !== undefined && f.args.length === 0 ? [Literal.create(1n, dt64)] : f.args;
    let args = argNodes.map((a) => this.lower(a));
    const first = argNodes[0];
    if (f.where !== undefined && first !== undefined) {
      const ifThen = create(ExpressionSchema, {
        rexType: {
          case: "ifThen",
          value: {
            // biome-ignore lint/suspicious/noThenProperty: Substrait's IfClause field is named `then`
            ifs: [{ if: this.lower(f.where), then: args[0] as Expression }],
            else: this.lower(Literal.create(null, first.type)),
          },
        },
      });
      args = [ifThen, ...args.slice(1)];
    }
    return create(ExpressionSchema, {
      rexType: {
        case: "windowFunction",
        value: {
          functionReference: this.anchor(f.op, argNodes),
          outputType: substraitType(f.type, this.extensions),
          phase: AggregationPhase.INITIAL_TO_RESULT,
          invocation: AggregateFunction_AggregationInvocation.ALL,
          arguments: args.map((a) => ({ argType: { case: "value" as const, value: a } })),
          partitions: w.partitionBy.map((p) => this.lower(p)),
          sorts: w.orderBy.map((k) => this.sortField(k)),
          ...(frame === undefined
            ? { boundsType: Expression_WindowFunction_BoundsType.UNSPECIFIED }
            : {
                boundsType:
                  frame.unit === "rows"
                    ? Expression_WindowFunction_BoundsType.ROWS
                    : Expression_WindowFunction_BoundsType.RANGE,
                lowerBound: bound(frame.start),
                upperBound: bound(frame.end),
              }),
        },
      },
    });
  }

  /** An AggregateFunction message for a measure (its filter goes on the Measure). */
  aggregateFunction(c: AggregateCallNode): AggregateFunction {
    return create(AggregateFunctionSchema, {
      functionReference: this.anchor(c.op, c.args),
      outputType: substraitType(c.type, this.extensions),
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
    const argNames = signatureNames(signature, args);
    return this.extensions.functionAnchor(urn, argNames.length === 0 ? name : `${name}:${argNames.join("_")}`);
  }

  /**
   * A call, cast to the IR's type, as the DataFrame lane does: DataFusion's
   * result types vary with its inputs (LargeUtf8 from a LargeUtf8 argument,
   * int32 from char_length, an input's zone spelling), the IR's do not.
   * DataFusion drops the cast where the types already agree (not always:
   * booleans are never cast, see below). Struct field
   * names cannot be spelled in a Substrait cast (the consumer names them c0,
   * c1, ...), so results holding structs stay as the function gives them.
   */
  private call(c: CallNode): Expression {
    const expr = this.callAsIs(c);
    // A boolean is a boolean in every function's result, and a cast around a
    // comparison hides a join's equi-keys from DataFusion (a nested-loop join).
    if (holdsStruct(c.type) || c.type.kind === "bool") return expr;
    return create(ExpressionSchema, {
      rexType: {
        case: "cast",
        value: {
          type: substraitType(c.type, this.extensions),
          input: expr,
          failureBehavior: Expression_Cast_FailureBehavior.THROW_EXCEPTION,
        },
      },
    });
  }

  private callAsIs(c: CallNode): Expression {
    const def = this.registry.get(c.op);
    const form = def?.substrait.form ?? "function";
    if (form === "ifThen") {
      const [cond, then, otherwise] = c.args.map((a) => this.lower(a)) as [Expression, Expression, Expression];
      return create(ExpressionSchema, {
        rexType: {
          case: "ifThen",
          value: { ifs: [{ if: cond, then }], else: otherwise },
        },
      });
    }
    if (form === "singularOrList") {
      const [value, ...options] = c.args.map((a) => this.lower(a)) as [Expression, ...Expression[]];
      return create(ExpressionSchema, { rexType: { case: "singularOrList", value: { value, options } } });
    }
    const leading = def?.substrait.leadingLiteral;
    const args = c.args.map((a) => ({ argType: { case: "value" as const, value: this.lower(a) } }));
    const anchorArgs = leading === undefined ? c.args : [Literal.create(leading, utf8), ...c.args];
    const call = create(ExpressionSchema, {
      rexType: {
        case: "scalarFunction",
        value: {
          functionReference: this.anchor(c.op, anchorArgs),
          outputType: substraitType(c.type, this.extensions),
          arguments:
            leading === undefined
              ? args
              : [{ argType: { case: "value" as const, value: this.lower(Literal.create(leading, utf8)) } }, ...args],
        },
      },
    });
    return call;
  }
}

function holdsStruct(t: DataType): boolean {
  switch (t.kind) {
    case "struct":
      return true;
    case "list":
      return holdsStruct(t.element as DataType);
    case "map":
      return holdsStruct(t.key as DataType) || holdsStruct(t.value as DataType);
    default:
      return false;
  }
}

const dt64 = { kind: "int64", nullable: true } as const;
const utf8 = { kind: "utf8", nullable: false } as const;

/** A frame bound: null is unbounded, 0 the current row, else an offset. */
function bound(offset: number | null): Expression_WindowFunction_Bound {
  if (offset === null) return create(Expression_WindowFunction_BoundSchema, { kind: { case: "unbounded", value: {} } });
  if (offset === 0) return create(Expression_WindowFunction_BoundSchema, { kind: { case: "currentRow", value: {} } });
  return create(Expression_WindowFunction_BoundSchema, {
    kind:
      offset < 0
        ? { case: "preceding", value: { offset: BigInt(-offset) } }
        : { case: "following", value: { offset: BigInt(offset) } },
  });
}

/** A reference to field `index` of the input. */
export function fieldIndexReference(index: number): Expression {
  return create(ExpressionSchema, {
    rexType: {
      case: "selection",
      value: {
        referenceType: {
          case: "directReference",
          value: { referenceType: { case: "structField", value: { field: index } } },
        },
        rootType: { case: "rootReference", value: {} },
      },
    },
  });
}

/** A reference to field `name` of the input (by position). */
function fieldReference(name: string, input: Schema): Expression {
  return fieldIndexReference(input.indexOf(name));
}

const INT_CASE = { 8: "i8", 16: "i16", 32: "i32", 64: "i64" } as const;

/** Two's-complement little-endian bytes of an unscaled decimal (Substrait's 16-byte form). */
function decimalBytes(unscaled: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let v = BigInt.asUintN(128, unscaled);
  for (let i = 0; i < 16; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function literal(l: LiteralNode, extensions: ExtensionCollector): Expression_Literal {
  const nullable = l.type.nullable;
  if (l.value === null) {
    return create(Expression_LiteralSchema, {
      literalType: { case: "null", value: substraitType(l.type, extensions) },
      nullable: true,
    });
  }
  const v = l.value;
  const t = l.type;
  const integer = (bits: 8 | 16 | 32 | 64, unsigned: boolean) => {
    const n = v as bigint;
    // Unsigned values travel in the signed field of the same width (as their bit pattern).
    const literalType =
      bits === 64
        ? { case: "i64" as const, value: BigInt.asIntN(64, n) }
        : { case: INT_CASE[bits], value: Number(BigInt.asIntN(bits, n)) };
    return create(Expression_LiteralSchema, { literalType, nullable, typeVariationReference: unsigned ? 1 : 0 });
  };
  const precision = { s: 0, ms: 3, us: 6, ns: 9 }[t.unit ?? "us"];
  const literalType = match(t.kind)
    .with("int8", () => integer(8, false))
    .with("int16", () => integer(16, false))
    .with("int32", () => integer(32, false))
    .with("int64", () => integer(64, false))
    .with("uint8", () => integer(8, true))
    .with("uint16", () => integer(16, true))
    .with("uint32", () => integer(32, true))
    .with("uint64", () => integer(64, true))
    .with("float32", () => ({ case: "fp32" as const, value: v as number }))
    .with("float64", () => ({ case: "fp64" as const, value: v as number }))
    .with("decimal", () => ({
      case: "decimal" as const,
      value: { value: decimalBytes(v as bigint), precision: t.precision as number, scale: t.scale as number },
    }))
    .with("utf8", () => ({ case: "string" as const, value: v as string }))
    .with("binary", () => ({ case: "binary" as const, value: v as Uint8Array }))
    .with("bool", () => ({ case: "boolean" as const, value: v as boolean }))
    .with("date32", () => ({ case: "date" as const, value: v as number }))
    .with("time64", () =>
      create(Expression_LiteralSchema, {
        literalType: { case: "precisionTime", value: { precision: 6, value: v as bigint } },
        nullable,
        typeVariationReference: 1,
      }),
    )
    .with("timestamp", () => {
      substraitType(t, extensions); // rejects zones Substrait cannot carry
      return {
        case: t.timezone == null ? ("precisionTimestamp" as const) : ("precisionTimestampTz" as const),
        value: { precision, value: v as bigint },
      };
    })
    .with("interval", () => {
      const { months, days, nanoseconds } = v as IntervalValue;
      const seconds = nanoseconds / 1_000_000_000n;
      if (seconds > 2_147_483_647n || seconds < -2_147_483_648n) {
        throw new SubstraitUnsupportedError("interval literal", "more than 2^31 seconds in its time part");
      }
      return {
        case: "intervalCompound" as const,
        value: {
          intervalYearToMonth: { years: 0, months },
          intervalDayToSecond: {
            days,
            seconds: Number(seconds),
            subseconds: nanoseconds % 1_000_000_000n,
            precisionMode: { case: "precision" as const, value: 9 },
          },
        },
      };
    })
    .with("null", "list", "struct", "map", "union", (k) => {
      throw new IbexError("IBEX_INVALID_ARGUMENT", `substrait: ${k} literals are not supported`);
    })
    .exhaustive();
  // Integers and times carry a type variation, so they come back as whole literals.
  if ("$typeName" in literalType) return literalType;
  return create(Expression_LiteralSchema, { literalType, nullable });
}

/** The argument names in a function's compound signature name. */
function signatureNames(signature: "any" | "variadic" | "typed", args: readonly ValueNode[]): string[] {
  switch (signature) {
    case "any":
      return args.map(() => "any");
    case "variadic":
      return args.slice(0, 1).map((a) => signatureName(a.type));
    case "typed":
      return args.map((a) => signatureName(a.type));
    default:
      return unreachable(signature);
  }
}
