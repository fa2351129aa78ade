// Result transfer from Rust into JS: GB/s for execute() and toBatches() on a
// wide result made lazily by a cross join (the engine computes little), next
// to a plain memory copy of the same size measured in the same run.
// Usage: node packages/engine-native/bench/transfer.mjs [side=5800]
import * as arrow from "apache-arrow";
import { connect } from "../dist/index.js";

const side = Number(process.argv[2] ?? 5800);
const con = await connect();
const numbers = (n) => {
  const i = BigInt64Array.from({ length: n }, (_, k) => BigInt(k));
  return arrow.tableFromArrays({ i, j: BigInt64Array.from(i, (v) => v * 2n) });
};
const a = con.memtable(numbers(side));
const q = a.crossJoin(con.memtable(numbers(side)), { rname: "{name}_r" });

const time = async (f) => {
  const t0 = performance.now();
  const v = await f();
  return [v, (performance.now() - t0) / 1000];
};
const [table, execSeconds] = await time(() => q.execute());
const bytes = table.batches.reduce((s, b) => s + b.data.children.reduce((t, c) => t + c.values.byteLength, 0), 0);
const [streamed, streamSeconds] = await time(async () => {
  let n = 0;
  for await (const b of q.toBatches()) n += b.data.children.reduce((t, c) => t + c.values.byteLength, 0);
  return n;
});
// Memory-copy bandwidth between two buffers already touched (no page faults).
const src = Buffer.alloc(bytes, 1);
const dst = Buffer.alloc(bytes, 0);
src.copy(dst);
const [, copySeconds] = await time(async () => src.copy(dst));
const gbps = (b, s) => (b / s / 1e9).toFixed(2);
console.log(
  JSON.stringify(
    {
      rows: table.numRows,
      resultGB: +(bytes / 1e9).toFixed(3),
      executeGBps: +gbps(bytes, execSeconds),
      toBatchesGBps: +gbps(streamed, streamSeconds),
      memcpyGBps: +gbps(bytes, copySeconds),
    },
    null,
    1,
  ),
);
