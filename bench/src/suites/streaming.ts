import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export interface StreamingResult {
  /** The engine's memory budget for the query, and the size of what streamed through. */
  readonly budgetMiB: number;
  readonly resultMiB: number;
  readonly rows: number;
  /** Resident set size before the query, and its peak while streaming. */
  readonly baselineRssMiB: number;
  readonly peakRssMiB: number;
}

/**
 * Streams a result `factor`× larger than the engine's memory budget through
 * `toBatches()` in a fresh child process (so the peak RSS is this run's
 * alone), discarding each batch as it comes.
 */
export async function streamingSuite(opts: {
  readonly budgetMiB: number;
  readonly factor: number;
}): Promise<StreamingResult> {
  const child = fileURLToPath(new URL("./streaming-child.js", import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [child, String(opts.budgetMiB), String(opts.factor)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as StreamingResult;
}
