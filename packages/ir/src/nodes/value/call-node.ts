import { IbexArgumentError, IbexError } from "../../errors.js";
import { builtinOps } from "../../ops/builtin-ops.js";
import type { OpRegistry } from "../../ops/op-registry.js";
import type { DataType } from "../../types/data-type.js";
import { sameTypeIgnoringNullability, typeToString } from "../../types/data-type.js";
import { hashParts } from "../../util/hash.js";
import { CastNode } from "./cast-node.js";
import type { ValueNode } from "./value-node.js";

/** An application of a registered op (see {@link OpRegistry}) to arguments. */
export interface CallNode {
  readonly kind: "call";
  readonly op: string;
  readonly args: readonly ValueNode[];
  readonly type: DataType;
  readonly hash: string;
}

/** Factory for {@link CallNode}. */
export const CallNode = Object.freeze({
  /**
   * Builds a call after checking arity and argument types against the op's
   * type rule. Arguments the rule promotes are wrapped in explicit casts.
   * Throws an {@link IbexTypeError} naming the op, the argument and the types.
   */
  create(op: string, args: readonly ValueNode[], registry: OpRegistry = builtinOps): CallNode {
    const def = registry.get(op);
    if (def === undefined) {
      throw new IbexError("IBEX_UNKNOWN_OP", `unknown op "${op}" (registered: ${registry.names().join(", ")})`);
    }
    if (def.family === "aggregate" || def.family === "window") {
      throw new IbexArgumentError(
        op,
        "op",
        `is ${def.family === "aggregate" ? "an aggregate" : "a window function"}: build it with AggregateCallNode.create`,
      );
    }
    const [min, max] = typeof def.arity === "number" ? [def.arity, def.arity] : [def.arity.min, def.arity.max];
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min}` : `${min}..${max === Number.POSITIVE_INFINITY ? "n" : max}`;
      throw new IbexArgumentError(op, "arguments", `expects ${want} argument(s), got ${args.length}`);
    }
    for (const i of def.literalArgs ?? []) {
      const a = args[i];
      if (a !== undefined && a.kind !== "literal")
        throw new IbexArgumentError(op, `argument ${i + 1}`, "must be a literal value");
    }
    const resolved = def.resolve(
      args.map((a) => a.type),
      args.map((a) => (a.kind === "literal" ? a.value : undefined)),
    );
    const finalArgs = Object.freeze(
      args.map((a, i) => {
        const target = resolved.operands?.[i];
        return target === undefined || sameTypeIgnoringNullability(target, a.type) ? a : CastNode.create(a, target);
      }),
    );
    return Object.freeze({
      kind: "call",
      op,
      args: finalArgs,
      type: resolved.type,
      hash: hashParts(["call", op, typeToString(resolved.type), ...finalArgs.map((a) => a.hash)]),
    });
  },
  is(node: { readonly kind: string }): node is CallNode {
    return node.kind === "call";
  },
});
