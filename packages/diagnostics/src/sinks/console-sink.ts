import type { DiagnosticEvent } from "../events.js";
import type { DiagnosticsSink } from "../recorder.js";

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/** One readable line for an event. */
export function formatEvent(e: DiagnosticEvent): string {
  switch (e.type) {
    case "compile":
      return `compile    ${e.lane} ${e.queryHash.slice(0, 8)}: ${ms(e.durationMs)}, plan ${e.planBytes} B (${e.planHash})`;
    case "execution":
      return `execution  ${e.lane} ${e.queryHash.slice(0, 8)}: ${e.rows} rows in ${e.batches} batches, ${e.resultBytes} B, ${ms(e.totalMs)} (plan ${ms(e.planMs)}, run ${ms(e.executeMs)})${e.operators.length > 0 ? `, ${e.operators.length} operators` : ""}`;
    case "operator-metrics":
      return `metrics    ${e.lane} ${e.queryHash.slice(0, 8)}:\n${e.operators
        .map((o) => `  ${"  ".repeat(o.depth)}${o.operator} ${JSON.stringify(o.metrics)}`)
        .join("\n")}`;
    case "lane-fallback":
      return `fallback   ${e.queryHash.slice(0, 8)}: ${e.construct} ran on the DataFrame lane (${e.reason})`;
    case "registration":
      return `${e.action.padEnd(10)} ${e.table} (${e.source}${e.path === undefined ? "" : ` ${e.path}`}${e.rows === undefined ? "" : `, ${e.rows} rows`}) in ${ms(e.durationMs)}`;
    case "write":
      return `write      ${e.lane} ${e.queryHash.slice(0, 8)}: ${e.rows} rows as ${e.format} to ${e.path} in ${ms(e.durationMs)}`;
    case "required-functions":
      return `functions  ${e.checked} checked, ${e.missing.length === 0 ? "none missing" : `missing: ${e.missing.join(", ")}`}`;
    case "debug-sql":
      return `debug-sql  (${e.use}) ${e.sql.replace(/\s+/g, " ").slice(0, 120)}`;
    case "artifact":
      return `artifact   ${e.kind} ${e.queryHash.slice(0, 8)}: ${e.content.length} chars`;
    case "error":
      return `error      ${e.lane} ${e.code}: ${e.message}`;
    default: {
      const never: never = e;
      return `unknown event ${JSON.stringify(never)}`;
    }
  }
}

/**
 * Prints each event as one readable line (`[ibex] execution substrait
 * 3f2a…: 4 rows in 1 batches, …`), to stderr by default.
 *
 * @example
 * ```ts
 * const con = await connect({ diagnostics: createRecorder([new ConsoleSink()]) });
 * ```
 */
export class ConsoleSink implements DiagnosticsSink {
  readonly #out: (line: string) => void;

  constructor(out: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
    this.#out = out;
  }

  write(event: DiagnosticEvent): void {
    this.#out(`[ibex] ${formatEvent(event)}`);
  }
}
