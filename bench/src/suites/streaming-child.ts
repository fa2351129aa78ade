// Child process of the streaming-memory benchmark: prints one JSON line.
import { readFileSync } from "node:fs";
import { connect } from "@ibex/engine-native";

/**
 * This process's peak RSS (Linux VmHWM), which also catches peaks between
 * two samples. Not getrusage's maxRSS: Linux carries that over from the
 * parent across fork and exec, so a child of a big benchmark would report
 * its parent's peak.
 */
function highWaterMark(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

const [budgetMiB, factor] = process.argv.slice(2).map(Number) as [number, number];
const con = await connect({ memoryLimit: budgetMiB * 2 ** 20 });
// Four int64 columns, made lazily by the engine: 32 bytes a row.
const rowBytes = 32;
const rows = Math.ceil((budgetMiB * factor * 2 ** 20) / rowBytes);
const r = await con.rangeTable(0, rows);
const q = r.mutate({ b: r.value.mul(2), c: r.value.add(7), d: r.value.mod(1000) });
const baseline = process.memoryUsage.rss();
let peak = baseline;
let seen = 0;
for await (const batch of q.toBatches()) {
  seen += batch.numRows;
  peak = Math.max(peak, process.memoryUsage.rss());
}
if (seen !== rows) throw new Error(`streamed ${seen} rows, expected ${rows}`);
const mib = (b: number) => +(b / 2 ** 20).toFixed(1);
peak = Math.max(peak, highWaterMark() ?? 0);
console.log(
  JSON.stringify({
    budgetMiB,
    resultMiB: mib(rows * rowBytes),
    rows,
    baselineRssMiB: mib(baseline),
    peakRssMiB: mib(peak),
  }),
);
