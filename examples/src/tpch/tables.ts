import type { Connection } from "@ibex/engine-native";
import type { Tpch } from "./schema.js";

/**
 * Generates TPC-H data inside the engine at `scaleFactor` and returns the
 * eight tables, typed.
 *
 * @example
 * ```ts
 * const con = await connect();
 * const tpch = await loadTpch(con, 0.01);
 * await q1(tpch).execute();
 * ```
 */
export async function loadTpch(con: Connection, scaleFactor: number): Promise<Tpch> {
  await con.registerTpch(scaleFactor);
  const get = async (name: string) => con.table(name);
  const [region, nation, part, supplier, partsupp, customer, orders, lineitem] = await Promise.all(
    ["region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"].map(get),
  );
  return { region, nation, part, supplier, partsupp, customer, orders, lineitem } as unknown as Tpch;
}
