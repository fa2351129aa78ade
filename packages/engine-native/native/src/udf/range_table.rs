//! `ibex_range_table(start, stop, step)`: a table with one non-null int64
//! column `value` holding `start, start + step, ...` up to, not including,
//! `stop` (like Python's `range`; a negative step counts down). The rows are
//! generated on demand, batch by batch, so a huge range costs one batch of
//! memory. `step` must not be 0.

use std::sync::Arc;

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::streaming::StreamingTable;
use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{plan_err, Result, ScalarValue};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::PartitionStream;

/// Rows per generated batch (DataFusion's default batch size).
const BATCH_ROWS: i64 = 8192;

#[derive(Debug, Default)]
pub struct RangeTable;

/// The number of values in `range(start, stop, step)`.
pub fn range_len(start: i64, stop: i64, step: i64) -> u64 {
    let (span, step) = if step > 0 {
        ((stop as i128 - start as i128).max(0), step as i128)
    } else {
        ((start as i128 - stop as i128).max(0), -(step as i128))
    };
    ((span + step - 1) / step) as u64
}

fn int_arg(exprs: &[Expr], i: usize, what: &str) -> Result<i64> {
    match exprs.get(i) {
        Some(Expr::Literal(v, _)) => match v.cast_to(&DataType::Int64) {
            Ok(ScalarValue::Int64(Some(n))) => Ok(n),
            _ => plan_err!("ibex_range_table: {what} (argument {}) must be a non-null integer, got {v}", i + 1),
        },
        Some(other) => plan_err!("ibex_range_table: {what} (argument {}) must be a literal, got {other}", i + 1),
        None => plan_err!("ibex_range_table takes (start, stop, step), got {} arguments", exprs.len()),
    }
}

impl TableFunctionImpl for RangeTable {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        if exprs.len() != 3 {
            return plan_err!("ibex_range_table takes (start, stop, step), got {} arguments", exprs.len());
        }
        let (start, stop, step) = (int_arg(exprs, 0, "start")?, int_arg(exprs, 1, "stop")?, int_arg(exprs, 2, "step")?);
        if step == 0 {
            return plan_err!("ibex_range_table: step (argument 3) must not be 0");
        }
        let schema = range_schema();
        let partition = Arc::new(RangePartition { schema: schema.clone(), start, step, len: range_len(start, stop, step) });
        Ok(Arc::new(StreamingTable::try_new(schema, vec![partition])?))
    }
}

pub fn range_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![Field::new("value", DataType::Int64, false)]))
}

#[derive(Debug)]
struct RangePartition {
    schema: SchemaRef,
    start: i64,
    step: i64,
    len: u64,
}

impl PartitionStream for RangePartition {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let (schema, start, step, len) = (self.schema.clone(), self.start, self.step, self.len);
        let batches = (0..len.div_ceil(BATCH_ROWS as u64)).map(move |b| {
            let first = b * BATCH_ROWS as u64;
            let rows = (len - first).min(BATCH_ROWS as u64);
            // start + k * step stays within [start, stop) by construction.
            let values = Int64Array::from_iter_values(
                (first..first + rows).map(|k| (start as i128 + k as i128 * step as i128) as i64),
            );
            Ok(RecordBatch::try_new(schema.clone(), vec![Arc::new(values)])?)
        });
        Box::pin(RecordBatchStreamAdapter::new(self.schema.clone(), futures::stream::iter(batches)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_python_range() {
        assert_eq!(range_len(0, 10, 3), 4);
        assert_eq!(range_len(10, 0, -3), 4);
        assert_eq!(range_len(5, 5, 1), 0);
        assert_eq!(range_len(5, 0, 1), 0);
        assert_eq!(range_len(i64::MIN, i64::MAX, i64::MAX), 3);
    }
}
