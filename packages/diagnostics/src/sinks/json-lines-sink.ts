import { appendFileSync, closeSync, openSync } from "node:fs";
import type { DiagnosticEvent } from "../events.js";
import type { DiagnosticsSink } from "../recorder.js";

/**
 * Appends each event as one line of JSON to a file (JSON Lines), for tools
 * like `jq` or a log shipper. The file is opened once, in append mode.
 *
 * @example
 * ```ts
 * const sink = new JsonLinesSink("/tmp/ibex-events.jsonl");
 * const con = await connect({ diagnostics: createRecorder([sink]) });
 * ```
 */
export class JsonLinesSink implements DiagnosticsSink {
  readonly path: string;
  #fd: number | undefined;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, "a");
  }

  write(event: DiagnosticEvent): void {
    if (this.#fd === undefined) return;
    appendFileSync(this.#fd, `${JSON.stringify(event, (_, v) => (typeof v === "bigint" ? v.toString() : v))}\n`);
  }

  /** Closes the file; later events are dropped. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
