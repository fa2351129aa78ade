/**
 * Runs the 22 TPC-H queries on generated data and prints row counts and
 * timings per lane: `pnpm --filter @ibex/examples tpch [scaleFactor]`.
 */
import { connect } from "@ibex/engine-native";
import { QUERIES } from "./queries.js";
import { loadTpch } from "./tables.js";

const scale = Number(process.argv[2] ?? 0.01);
const con = await connect();
const started = performance.now();
const tables = await loadTpch(con, scale);
console.log(`TPC-H scale factor ${scale}: generated in ${((performance.now() - started) / 1000).toFixed(2)} s`);
for (const [n, query] of Object.entries(QUERIES)) {
  const cells: string[] = [];
  for (const lane of ["substrait", "dataframe"] as const) {
    const t0 = performance.now();
    const result = await con.execute(query(tables), { lane });
    cells.push(`${lane} ${result.numRows} rows in ${(performance.now() - t0).toFixed(1)} ms`);
  }
  console.log(`Q${n.padStart(2, "0")}  ${cells.join("   ")}`);
}
