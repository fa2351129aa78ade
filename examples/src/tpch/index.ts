/**
 * The 22 TPC-H queries written with the Ibex DSL, their tables' types, a
 * loader, and the standard SQL text of each (DuckDB's input in tests and
 * benchmarks only).
 *
 * @example
 * ```ts
 * import { loadTpch, QUERIES } from "@ibex/examples/tpch";
 * const tpch = await loadTpch(await connect(), 0.01);
 * const q1 = await QUERIES[1](tpch).execute();
 * ```
 */
export { TPCH_SQL } from "./oracle-sql.js";
export { QUERIES } from "./queries.js";
export type * from "./schema.js";
export { loadTpch } from "./tables.js";
