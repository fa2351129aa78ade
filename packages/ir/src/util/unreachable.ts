import { IbexError } from "../errors.js";

/**
 * The `default` of an exhaustive `switch` over node kinds: it type-checks
 * only when every kind has a case (`x` is then `never`), and throws if a
 * value the types rule out turns up anyway (say, from hand-written JSON).
 *
 * @example
 * ```ts
 * switch (node.kind) {
 *   case "column": return ...;
 *   // ... every other kind
 *   default: return unreachable(node);
 * }
 * ```
 */
export function unreachable(x: never): never {
  const kind = (x as { kind?: unknown } | null)?.kind ?? x;
  throw new IbexError("IBEX_INVALID_ARGUMENT", `unexpected node kind ${JSON.stringify(kind)}`);
}
