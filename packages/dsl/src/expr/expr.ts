import type { LiteralValue, TypeKind, ValueNode } from "@ibex/ir";
import { CallNode, dataType, IbexTypeError, LiteralNode } from "@ibex/ir";
import type { NumericKind, Promote } from "../types/dtype.js";

/** A value accepted wherever an expression is: an `Expr` or a JS literal. */
export type ExprLike<K extends TypeKind = TypeKind> = Expr<K> | LiteralOf<K>;

/** The JS literals that stand for a kind. */
export type LiteralOf<K extends TypeKind> =
  | (K extends "int64" | "float64" ? number | bigint : never)
  | (K extends "utf8" ? string : never)
  | (K extends "bool" ? boolean : never)
  | null;

/**
 * A typed, immutable column expression. Wraps an IR value node; every method
 * builds a new node through the IR constructors (which check types at once).
 *
 * @example
 * ```ts
 * const cheap = t.price.mul(t.qty).lt(100).and(t.name.isNull().not());
 * ```
 */
export class Expr<K extends TypeKind = TypeKind> {
  /** The IR node this expression stands for. */
  readonly node: ValueNode;
  /** The output name given with {@link Expr.name}, if any. */
  readonly alias: string | undefined;
  declare readonly __kind: K;

  constructor(node: ValueNode, alias?: string) {
    this.node = node;
    this.alias = alias;
    Object.freeze(this);
  }

  /** The expression's type kind. */
  get kind(): K {
    return this.node.type.kind as K;
  }

  /** The same expression, with an output name (used by `select`). */
  name(alias: string): Expr<K> {
    return new Expr<K>(this.node, alias);
  }

  eq(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("eq", [this, other]);
  }
  ne(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("ne", [this, other]);
  }
  lt(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("lt", [this, other]);
  }
  le(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("le", [this, other]);
  }
  gt(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("gt", [this, other]);
  }
  ge(other: ExprLike<K> | ExprLike<CompatibleWith<K>>): Expr<"bool"> {
    return call("ge", [this, other]);
  }

  add<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<Promote<K, KindOfOperand<V>>> {
    return call("add", [this, other]);
  }
  sub<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<Promote<K, KindOfOperand<V>>> {
    return call("sub", [this, other]);
  }
  mul<V extends NumericOperand>(this: Expr<NumericKind>, other: V): Expr<Promote<K, KindOfOperand<V>>> {
    return call("mul", [this, other]);
  }
  /** True division: always float64, like Ibis. */
  div(this: Expr<NumericKind>, other: ExprLike<NumericKind>): Expr<"float64"> {
    return call("div", [this, other]);
  }

  and(this: Expr<"bool">, other: ExprLike<"bool">): Expr<"bool"> {
    return call("and", [this, other]);
  }
  or(this: Expr<"bool">, other: ExprLike<"bool">): Expr<"bool"> {
    return call("or", [this, other]);
  }
  not(this: Expr<"bool">): Expr<"bool"> {
    return call("not", [this]);
  }
  isNull(): Expr<"bool"> {
    return call("isNull", [this]);
  }
}

/** An operand of arithmetic: a numeric expression or a JS number/bigint. */
export type NumericOperand = Expr<NumericKind> | number | bigint;

/**
 * The kind of an arithmetic operand. A number literal's kind follows its
 * literal type, as at run time: `1` is int64, `1.5` float64; a plain
 * `number` may be either.
 */
export type KindOfOperand<V> =
  V extends Expr<infer O>
    ? O
    : V extends bigint
      ? "int64"
      : V extends number
        ? number extends V
          ? NumericKind
          : `${V}` extends `${string}.${string}` | `${string}e${string}`
            ? "float64"
            : "int64"
        : never;

/** Kinds a value of kind K may be compared with (numerics compare across). */
type CompatibleWith<K extends TypeKind> = K extends NumericKind ? NumericKind : K;

/**
 * An expression from a JS value. Integers become int64 (when safe), other
 * numbers float64; `null` takes the kind of `hint` (the other operand).
 */
export function toExpr(value: ExprLike | Expr, hint?: TypeKind, op = "literal"): Expr {
  if (value instanceof Expr) return value;
  return new Expr(literalNode(value as LiteralValue | number, hint, op));
}

function literalNode(value: unknown, hint: TypeKind | undefined, op: string): ValueNode {
  switch (typeof value) {
    case "bigint":
      return LiteralNode.create(value, dataType("int64", false));
    case "number":
      if (Number.isSafeInteger(value) && hint !== "float64") {
        return LiteralNode.create(BigInt(value), dataType("int64", false));
      }
      return LiteralNode.create(value, dataType("float64", false));
    case "string":
      return LiteralNode.create(value, dataType("utf8", false));
    case "boolean":
      return LiteralNode.create(value, dataType("bool", false));
    case "object":
      if (value === null) {
        if (hint === undefined) {
          throw new IbexTypeError(op, "value", "is an untyped null: use lit(null, kind) to give it a type");
        }
        return LiteralNode.create(null, dataType(hint, true));
      }
      break;
    default:
      break;
  }
  throw new IbexTypeError(op, "value", `${String(value)} (a JS ${typeof value}) cannot be used as an Ibex literal`);
}

function call<R extends TypeKind>(op: string, args: readonly (ExprLike | Expr)[]): Expr<R> {
  const first = args.find((a): a is Expr => a instanceof Expr);
  const nodes = args.map((a) => toExpr(a, first?.kind, op).node);
  return new Expr<R>(CallNode.create(op, nodes));
}
