//! `explain({ analyze: true })`: runs a query with DataFusion's metrics
//! collected (the rows are discarded in Rust as they come) and reports every
//! operator of the physical plan with its metrics, summed over partitions.
//! The same run is the engine's own floor in the benchmarks.

use std::sync::Arc;
use std::time::Instant;

use datafusion::dataframe::DataFrame;
use datafusion::physical_plan::{displayable, execute_stream, ExecutionPlan};
use futures::StreamExt;
use serde::Serialize;

use crate::errors::IbexResult;

/// One operator and its metrics.
#[derive(Serialize)]
pub struct OperatorMetrics {
    pub operator: String,
    pub depth: usize,
    pub metrics: serde_json::Map<String, serde_json::Value>,
}

/// What `analyze` reports: the plan with metrics as text, and per operator.
#[derive(Serialize)]
pub struct Analysis {
    pub text: String,
    pub operators: Vec<OperatorMetrics>,
    /// Rows the query produced (and Rust discarded).
    pub rows: usize,
    /// Wall time in the engine, from the plan handed over to the last row: the floor any caller pays.
    pub elapsed_ms: f64,
}

/// Runs `df` to the end and collects its plan's metrics; `started` is when
/// the plan was handed over (before it became `df`).
pub async fn analyze(df: DataFrame, started: Instant) -> IbexResult<Analysis> {
    let task = Arc::new(df.task_ctx());
    let physical = df.create_physical_plan().await?;
    // The rows are not needed: only the metrics the run leaves on the plan.
    let mut stream = execute_stream(physical.clone(), task)?;
    let mut rows = 0;
    while let Some(batch) = stream.next().await {
        rows += batch?.num_rows();
    }
    let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
    let operators = operator_metrics(&physical);
    let text = displayable(physical.as_ref()).indent(true).to_string();
    Ok(Analysis { text, operators, rows, elapsed_ms })
}

/// Every operator of `plan` with its metrics, root first.
pub fn operator_metrics(plan: &Arc<dyn ExecutionPlan>) -> Vec<OperatorMetrics> {
    let mut operators = Vec::new();
    walk(plan, 0, &mut operators);
    operators
}

fn walk(plan: &Arc<dyn ExecutionPlan>, depth: usize, out: &mut Vec<OperatorMetrics>) {
    let operator = displayable(plan.as_ref()).one_line().to_string().trim_end().to_string();
    let mut metrics = serde_json::Map::new();
    if let Some(set) = plan.metrics() {
        for m in set.aggregate_by_name().sorted_for_display().iter() {
            metrics.insert(m.value().name().to_string(), serde_json::Value::from(m.value().as_usize() as u64));
        }
    }
    out.push(OperatorMetrics { operator, depth, metrics });
    for child in plan.children() {
        walk(child, depth + 1, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{block_on, int_table_ctx};
    use datafusion::prelude::{col, lit};

    #[test]
    fn reports_rows_per_operator() {
        let ctx = int_table_ctx();
        let analysis = block_on(async {
            let df = ctx.table("t").await.unwrap().filter(col("a").gt(lit(1i64))).unwrap();
            analyze(df, Instant::now()).await.unwrap()
        });
        let filter = analysis.operators.iter().find(|o| o.operator.starts_with("FilterExec")).expect("a filter");
        assert_eq!(filter.metrics.get("output_rows").and_then(|v| v.as_u64()), Some(2));
        assert!(analysis.text.contains("FilterExec"), "{}", analysis.text);
        assert_eq!(analysis.rows, 2);
        assert!(analysis.elapsed_ms >= 0.0);
    }
}
