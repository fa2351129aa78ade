// What the DiagnosticsRecorder costs per query: the same small query run on
// a session with no sink (the default) and on one with an in-memory sink
// recording every event, interleaved in rounds so machine noise hits both.
// Usage: node packages/engine-native/bench/diagnostics-overhead.mjs [queries per round=300] [rounds=7]
import { createRecorder, InMemorySink, noopRecorder } from "@ibex/diagnostics";
import * as arrow from "apache-arrow";
import { connect } from "../dist/index.js";

const perRound = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 7);
const data = arrow.tableFromArrays({ x: BigInt64Array.from({ length: 1000 }, (_, i) => BigInt(i)) });

const sink = new InMemorySink();
const sessions = {
  "no sink": await connect(),
  "in-memory sink": await connect({ diagnostics: createRecorder([sink]) }),
};
const queries = Object.fromEntries(
  Object.entries(sessions).map(([name, con]) => {
    const t = con.memtable(data);
    return [
      name,
      t
        .filter(t.x.gt(10))
        .mutate({ y: t.x.mul(2) })
        .select("y")
        .limit(5),
    ];
  }),
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = Object.fromEntries(Object.keys(sessions).map((k) => [k, []]));
for (const q of Object.values(queries)) for (let i = 0; i < 50; i++) await q.execute(); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, q] of Object.entries(queries)) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) await q.execute();
    times[name].push(((performance.now() - t0) * 1000) / perRound);
    sink.clear();
  }
}
// With no sink the recorder is a property check per event (and `#lower`
// skips hashing the plan): time that directly, as ns per event.
const event = { type: "lane-fallback", queryHash: "x", construct: "c", reason: "r", at: 0 };
const calls = 5_000_000;
const t0 = performance.now();
for (let i = 0; i < calls; i++) if (noopRecorder.enabled) noopRecorder.record(event);
const noopNsPerEvent = ((performance.now() - t0) * 1e6) / calls;
const base = median(times["no sink"]);
const withSink = median(times["in-memory sink"]);
console.log(
  JSON.stringify(
    {
      queriesPerRound: perRound,
      rounds,
      medianMicrosPerQuery: { noSink: +base.toFixed(1), inMemorySink: +withSink.toFixed(1) },
      sinkOverheadPercent: +(((withSink - base) / base) * 100).toFixed(1),
      noSinkNsPerEvent: +noopNsPerEvent.toFixed(2),
      // about 4 events per query (registration once, compile, execution)
      noSinkPercentOfQuery: +(((noopNsPerEvent * 4) / (base * 1000)) * 100).toFixed(5),
    },
    null,
    1,
  ),
);
