import { IbexTypeError } from "../errors.js";
import type { DataType, TypeKind } from "./data-type.js";
import { isNumeric, typeToString } from "./data-type.js";

/**
 * Implicit promotion rules, in one place (like Ibis's `highest_precedence`).
 *
 * - int64 with int64 stays int64; int64 with float64 promotes to float64.
 * - Other kinds never promote implicitly: use an explicit cast.
 */
export function commonNumericKind(op: string, args: readonly DataType[]): "int64" | "float64" {
  args.forEach((a, i) => {
    if (!isNumeric(a)) {
      throw new IbexTypeError(
        op,
        `argument ${i + 1}`,
        `has type ${typeToString(a)}, expected a numeric type (int64 or float64); argument types: (${args.map(typeToString).join(", ")})`,
      );
    }
  });
  return args.some((a) => a.kind === "float64") ? "float64" : "int64";
}

/**
 * The kind two compared values are compared as: numeric kinds promote to a
 * common kind; other kinds must match exactly.
 */
export function comparableKind(op: string, args: readonly DataType[]): TypeKind {
  const [a, b] = args as readonly [DataType, DataType];
  if (isNumeric(a) && isNumeric(b)) return commonNumericKind(op, args);
  for (const [i, t] of [a, b].entries()) {
    if (t.kind === "list")
      throw new IbexTypeError(op, `argument ${i + 1}`, `has type ${typeToString(t)}: lists cannot be compared yet`);
  }
  if (a.kind !== b.kind) {
    throw new IbexTypeError(
      op,
      "argument 2",
      `has type ${typeToString(b)}, which cannot be compared with argument 1 of type ${typeToString(a)}`,
    );
  }
  return a.kind;
}

/** Nullable when any argument is nullable (SQL's null propagation). */
export function anyNullable(args: readonly DataType[]): boolean {
  return args.some((a) => a.nullable);
}
