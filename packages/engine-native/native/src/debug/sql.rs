//! SQL for debugging only. Ibex never builds or runs SQL on its own; these
//! two calls exist for people reading or seeding queries by hand, and the
//! TS side refuses them unless explicitly asked (`debug: true`,
//! `debugOnly: true` with a declared schema) and records each use.
//!
//! - `unparse`: a lowered query shown as SQL text by DataFusion's unparser.
//! - `ingest`: runs SQL text once and registers its rows as a table.

use std::sync::Arc;

use datafusion::common::TableReference;
use datafusion::dataframe::DataFrame;
use datafusion::datasource::MemTable;
use datafusion::execution::context::SessionContext;
use datafusion::sql::unparser::plan_to_sql;

use crate::errors::{ErrorCode, IbexError, IbexResult};
use crate::ipc;

/// The query as SQL text (DataFusion's dialect), from its optimized plan.
pub fn unparse(df: DataFrame) -> IbexResult<String> {
    let plan = df.into_optimized_plan()?;
    let statement = plan_to_sql(&plan)
        .map_err(|e| IbexError::new(ErrorCode::NotImplemented, format!("this plan has no SQL form: {e}")))?;
    Ok(statement.to_string())
}

/// Runs `sql` and registers its rows under `name`; resolves to the result's
/// schema as an IPC stream (the TS side checks it against the declared one).
pub async fn ingest(ctx: &SessionContext, name: &str, sql: &str) -> IbexResult<Vec<u8>> {
    let df = ctx.sql(sql).await?;
    let schema = Arc::new(df.schema().as_arrow().clone());
    let batches = df.collect().await?;
    let table = MemTable::try_new(schema.clone(), vec![batches])?;
    let reference = TableReference::bare(name);
    ctx.deregister_table(reference.clone())?;
    ctx.register_table(reference, Arc::new(table))?;
    ipc::encode_schema(&schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{block_on, int_table_ctx};
    use datafusion::prelude::{col, lit};

    #[test]
    fn shows_a_plan_as_sql_and_ingests_sql() {
        let ctx = int_table_ctx();
        let sql = block_on(async {
            let df = ctx.table("t").await.unwrap().filter(col("a").gt(lit(1i64))).unwrap();
            unparse(df).unwrap()
        });
        assert!(sql.to_lowercase().contains("where"), "{sql}");
        block_on(ingest(&ctx, "seeded", "SELECT a * 2 AS b FROM t WHERE a > 1")).unwrap();
        let n = block_on(async { ctx.table("seeded").await.unwrap().count().await.unwrap() });
        assert_eq!(n, 2);
    }
}
