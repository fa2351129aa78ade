import { IbexTypeError } from "../../errors.js";
import { columnsOf } from "../../traversal/value-columns.js";
import { typeToString } from "../../types/data-type.js";
import type { Schema } from "../../types/schema.js";
import type { ValueNode } from "../value/value-node.js";
import { containsAggregate, containsWindow } from "../value/value-node.js";

/**
 * Checks that every column an expression reads exists in `input` with the
 * same type. Throws naming the op and the argument.
 */
export function checkBound(
  op: string,
  argument: string,
  expr: ValueNode,
  input: Schema,
  allowAggregates = false,
  allowWindows = false,
): void {
  if (!allowAggregates && containsAggregate(expr)) {
    throw new IbexTypeError(
      op,
      argument,
      "contains an aggregate, which is only valid in aggregate(...) (or over a window)",
    );
  }
  if (!allowWindows && containsWindow(expr)) {
    throw new IbexTypeError(op, argument, "contains a window function, which is only valid in select/mutate");
  }
  for (const col of columnsOf(expr)) {
    const field = input.field(col.name, op, argument);
    if (field.type.kind !== col.type.kind || field.type.nullable !== col.type.nullable) {
      throw new IbexTypeError(
        op,
        argument,
        `reads column "${col.name}" as ${typeToString(col.type)}, but the input has it as ${typeToString(field.type)}`,
      );
    }
  }
}
