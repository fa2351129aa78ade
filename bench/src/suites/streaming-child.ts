// Child process of the streaming-memory benchmark: prints one JSON line.
import { connect } from "@ibex/engine-native";

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
// maxRSS (KiB) also catches peaks between two samples.
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(
  JSON.stringify({
    budgetMiB,
    resultMiB: mib(rows * rowBytes),
    rows,
    baselineRssMiB: mib(baseline),
    peakRssMiB: mib(peak),
  }),
);
