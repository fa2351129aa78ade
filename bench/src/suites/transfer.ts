import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Connection } from "@ibex/engine-native";
import * as arrow from "apache-arrow";
import type { Stats } from "../stats.js";
import { stats, timed } from "../stats.js";

export interface TransferResult {
  readonly rows: number;
  readonly columns: number;
  readonly gigabytes: number;
  /** GB/s of `execute()` (one apache-arrow Table) and `toBatches()` (a stream of batches). */
  readonly executeGBps: Stats;
  readonly toBatchesGBps: Stats;
  /** GB/s of a plain copy between two touched buffers of the same size, in this process. */
  readonly memcpyGBps: Stats;
}

/** A wide table of `rows` rows: int64 and float64 columns, filled without per-value closures. */
function wide(rows: number, columns: number): arrow.Table {
  const cols: Record<string, BigInt64Array | Float64Array> = {};
  for (let c = 0; c < columns; c++) {
    if (c % 2 === 0) {
      const a = new BigInt64Array(rows);
      for (let i = 0; i < rows; i++) a[i] = BigInt(i);
      cols[`i${c}`] = a;
    } else {
      const a = new Float64Array(rows);
      for (let i = 0; i < rows; i++) a[i] = i * 0.5 + c;
      cols[`f${c}`] = a;
    }
  }
  return arrow.tableFromArrays(cols);
}

/**
 * Moves a wide result from Rust into JS: the table lives in the engine's
 * memory, so the time is the crossing (the hand-over of lent buffers and
 * building apache-arrow Data over them, and V8 collecting them), not a
 * computation. Compared with the raw memory-copy bandwidth of this process.
 */
export async function transferSuite(
  con: Connection,
  opts: { readonly rows: number; readonly columns: number; readonly reps: number },
): Promise<TransferResult> {
  const t = await con.createTable("bench_wide", wide(opts.rows, opts.columns));
  const bytes = opts.rows * opts.columns * 8;
  const src = Buffer.alloc(bytes, 1);
  const dst = Buffer.alloc(bytes, 0);
  src.copy(dst); // touch both: no page faults in the timed copies
  const exec: number[] = [];
  const batches: number[] = [];
  const copy: number[] = [];
  for (let r = 0; r < opts.reps + 1; r++) {
    const [out, s1] = await timed(() => t.execute());
    if (out.numRows !== opts.rows) throw new Error(`transfer: ${out.numRows} rows, expected ${opts.rows}`);
    const [n, s2] = await timed(async () => {
      let n = 0;
      for await (const b of t.toBatches()) n += b.numRows;
      return n;
    });
    if (n !== opts.rows) throw new Error(`transfer: streamed ${n} rows, expected ${opts.rows}`);
    const [, s3] = await timed(() => src.copy(dst));
    if (r === 0) continue; // warm-up
    exec.push(bytes / s1 / 1e6);
    batches.push(bytes / s2 / 1e6);
    copy.push(bytes / s3 / 1e6);
  }
  await con.dropTable("bench_wide");
  return {
    rows: opts.rows,
    columns: opts.columns,
    gigabytes: bytes / 1e9,
    executeGBps: stats(exec),
    toBatchesGBps: stats(batches),
    memcpyGBps: stats(copy),
  };
}

/**
 * {@link transferSuite} in a fresh child process. Lent result memory counts as
 * V8 external memory, and V8 runs a major GC for each 64 MB of it, so the
 * figure depends on the heap each GC marks: in the benchmark's own process
 * that heap holds the other suites' tables and results. A fresh process
 * measures the crossing, not the benchmark's leftovers.
 */
export async function transferInChild(opts: {
  readonly rows: number;
  readonly columns: number;
  readonly reps: number;
}): Promise<TransferResult> {
  const child = fileURLToPath(new URL("./transfer-child.js", import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [child, String(opts.rows), String(opts.columns), String(opts.reps)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as TransferResult;
}
