import { IbexArgumentError, type IbexError, IbexTypeError } from "@ibex/ir";

/**
 * Runs `build`, which applies IR ops on behalf of the DSL method `method`,
 * and rewrites a build-time error raised by one of those ops so it names the
 * method the user called (`find`, not the `strpos` it lowers to) and the
 * argument as the user counts it (`positions` maps the op's argument labels
 * to the method's). The op stays in the message for readers of the IR.
 */
export function asMethod<T>(method: string, build: () => T, positions: Readonly<Record<string, string>> = {}): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof IbexTypeError || e instanceof IbexArgumentError)) throw e;
    const argument = positions[e.argument] ?? e.argument;
    if (e.op === method && argument === e.argument) throw e;
    const detail = e.message.slice(`${e.op}: ${e.argument} `.length);
    const via = e.op === method ? "" : ` (in ${e.op}, which ${method} lowers to)`;
    const Kind = e instanceof IbexTypeError ? IbexTypeError : IbexArgumentError;
    const renamed: IbexError = new Kind(method, argument, `${detail}${via}`);
    throw renamed;
  }
}
