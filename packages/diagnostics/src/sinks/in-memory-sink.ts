import type { DiagnosticEvent, DiagnosticEventType } from "../events.js";
import type { DiagnosticsSink } from "../recorder.js";

/** Keeps events in memory, for tests and notebooks. */
export class InMemorySink implements DiagnosticsSink {
  readonly #events: DiagnosticEvent[] = [];

  write(event: DiagnosticEvent): void {
    this.#events.push(Object.freeze({ ...event }));
  }

  /** All events, oldest first. */
  get events(): readonly DiagnosticEvent[] {
    return this.#events;
  }

  /** The events of one type. */
  ofType<T extends DiagnosticEventType>(type: T): Extract<DiagnosticEvent, { type: T }>[] {
    return this.#events.filter((e): e is Extract<DiagnosticEvent, { type: T }> => e.type === type);
  }

  clear(): void {
    this.#events.length = 0;
  }
}
