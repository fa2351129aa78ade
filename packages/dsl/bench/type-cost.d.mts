/** tsc's counters for the typed-schema benchmark (see type-cost.mjs). */
export interface TypeCost {
  readonly columns: number;
  readonly steps: number;
  readonly types: number;
  readonly instantiations: number;
  readonly checkSeconds: number;
  readonly totalSeconds: number;
  readonly memoryKiB: number;
}
export function measure(): TypeCost;
export function source(columns?: number, steps?: number): string;
