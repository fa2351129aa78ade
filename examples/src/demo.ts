// The README's demo: one query, written once, run through both lanes on
// embedded data. Run it with `node examples/dist/demo.js` after setup.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import { connect } from "@ibex/engine-native";
import { tableFromArrays } from "apache-arrow";

const orders = tableFromArrays({
  id: BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]),
  item: ["apple", "pear", "fig", "kiwi", "plum", "lime"],
  price: Float64Array.from([1.25, 0.8, 3.5, 0.6, 2.1, 0.45]),
  qty: BigInt64Array.from([12n, 30n, 4n, 50n, 8n, 100n]),
  organic: [true, false, true, false, true, false],
});

const sink = new InMemorySink();
const con = await connect({ diagnostics: createRecorder([sink]) });
const t = con.memtable(orders);

// A lazy query: nothing runs until execute().
const q = t
  .filter(
    (t) => t.qty.ge(8),
    (t) => t.price.gt(0.5).or(t.organic),
  )
  .mutate((t) => ({ revenue: t.price.mul(t.qty), bulk: t.qty.gt(20) }))
  .select("item", "qty", "revenue", "bulk");

const viaSubstrait = await q.execute({ lane: "substrait" }); // IR -> Substrait -> DataFusion
const viaDataFrame = await q.execute({ lane: "dataframe" }); // IR JSON -> DataFusion DataFrame API (Rust)

console.log("Result (Substrait lane):");
console.table(viaSubstrait.toArray().map((r) => r.toJSON()));
const text = (t: typeof viaSubstrait) => JSON.stringify(t.toArray(), (_, v) => (typeof v === "bigint" ? `${v}n` : v));
const same = text(viaSubstrait) === text(viaDataFrame);
console.log(`DataFrame lane returns the same ${viaDataFrame.numRows} rows: ${same}`);

// The plan bytes made in TypeScript, decoded by the Rust addon and shown as JSON.
const plan = JSON.parse(con.substraitJson(q));
console.log(
  `Substrait plan (decoded in Rust): ${plan.extensions.length} functions from`,
  plan.extensionUrns.map((u: { urn: string }) => u.urn),
);
for (const e of sink.ofType("execution")) {
  console.log(
    `  ${e.lane.padEnd(9)} compile ${e.compileMs.toFixed(2)} ms, plan ${e.planBytes} B, ` +
      `execute ${e.executeMs.toFixed(2)} ms, ${e.rows} rows`,
  );
}
if (!same) process.exit(1);

// A long write runs in the engine (no row passes through JS); the bar polls
// the engine's count of rows written.
const dir = mkdtempSync(join(tmpdir(), "ibex-demo-"));
const total = 3_000_000;
const r = await con.rangeTable(0, total);
const bar = (rows: number) => {
  const width = 30;
  const done = Math.round((rows / total) * width);
  process.stdout.write(
    `\rwriting ${total.toLocaleString("en")} rows to Parquet [${"#".repeat(done)}${" ".repeat(width - done)}] ${rows.toLocaleString("en")}`,
  );
};
const started = performance.now();
const written = await r
  .mutate({ bucket: r.value.mod(16), id: r.value.stableId("row") })
  // The bar redraws in place on a terminal; logs get only the total.
  .toParquet(join(dir, "rows"), {
    partitionBy: ["bucket"],
    ...(process.stdout.isTTY ? { onProgress: bar, progressIntervalMs: 50 } : {}),
  });
process.stdout.write(
  `${process.stdout.isTTY ? "\n" : ""}wrote ${written.toLocaleString("en")} rows to Parquet (16 partitions) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
rmSync(dir, { recursive: true, force: true });
if (written !== total) process.exit(1);
