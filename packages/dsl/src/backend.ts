import type { RelationNode } from "@ibex/ir";
import type * as arrow from "apache-arrow";

/** Which lowering runs a query. */
export type Lane = "substrait" | "dataframe";

/** Options for running a query. */
export interface ExecuteOptions {
  /**
   * `"auto"` (default): the Substrait lane whenever it can take the query,
   * else the DataFrame lane, recording a `lane-fallback` diagnostic.
   * `"substrait"`: IR -> Substrait -> DataFusion's consumer, no fallback.
   * `"dataframe"`: IR JSON -> DataFusion's DataFrame API, in Rust.
   */
  readonly lane?: Lane | "auto";
}

/**
 * What the DSL needs from an execution engine. `@ibex/engine-native`
 * implements it; a table bound to a backend runs there on `execute()`.
 */
export interface Backend {
  execute(query: RelationNode, options?: ExecuteOptions): Promise<arrow.Table>;
}
