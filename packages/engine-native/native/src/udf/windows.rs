//! Window functions: `ibex_row_index`, `ibex_row_number_window`,
//! `ibex_running_count`, `ibex_running_total`, `ibex_lag_window`,
//! `ibex_lead_window`. Each evaluates a whole partition at once, in the
//! window's order, and ignores the frame (they are defined by row position).
//!
//! - `ibex_row_index()`: 0-based position of the row in its partition;
//!   `ibex_row_number_window()`: 1-based.
//! - `ibex_running_count(x)`: non-null `x` values up to and including the row.
//! - `ibex_running_total(x)`: sum of the non-null `x` up to and including the
//!   row (int64 for integers, wrapping like DataFusion's `+`; float64 for
//!   floats); null until the first non-null value.
//! - `ibex_lag_window(x, offset, default)` / `ibex_lead_window(...)`: the
//!   value `offset` rows before / after (offset ≥ 0 a literal), or `default`
//!   (null when absent) where there is no such row.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array, UInt64Array};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Float64Type, Int64Type};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::function::{PartitionEvaluatorArgs, WindowUDFFieldArgs};
use datafusion::logical_expr::{PartitionEvaluator, Signature, Volatility, WindowUDFImpl};
use datafusion::physical_expr::expressions::Literal;

/// Which window function of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowKind {
    RowIndex,
    RowNumber,
    RunningCount,
    RunningTotal,
    Lag,
    Lead,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IbexWindow {
    kind: WindowKind,
    signature: Signature,
}

impl IbexWindow {
    pub const ALL: [WindowKind; 6] = [
        WindowKind::RowIndex,
        WindowKind::RowNumber,
        WindowKind::RunningCount,
        WindowKind::RunningTotal,
        WindowKind::Lag,
        WindowKind::Lead,
    ];

    pub fn new(kind: WindowKind) -> Self {
        let signature = match kind {
            WindowKind::RowIndex | WindowKind::RowNumber => Signature::nullary(Volatility::Immutable),
            WindowKind::RunningCount | WindowKind::RunningTotal => Signature::any(1, Volatility::Immutable),
            WindowKind::Lag | WindowKind::Lead => Signature::one_of(
                vec![
                    datafusion::logical_expr::TypeSignature::Any(1),
                    datafusion::logical_expr::TypeSignature::Any(2),
                    datafusion::logical_expr::TypeSignature::Any(3),
                ],
                Volatility::Immutable,
            ),
        };
        Self { kind, signature }
    }
}

fn total_type(t: &DataType) -> Result<DataType> {
    if t.is_integer() {
        Ok(DataType::Int64)
    } else if t.is_numeric() {
        Ok(DataType::Float64)
    } else {
        plan_err!("ibex_running_total: argument 1 has type {t}, expected a numeric type")
    }
}

impl WindowUDFImpl for IbexWindow {
    fn name(&self) -> &str {
        match self.kind {
            WindowKind::RowIndex => "ibex_row_index",
            WindowKind::RowNumber => "ibex_row_number_window",
            WindowKind::RunningCount => "ibex_running_count",
            WindowKind::RunningTotal => "ibex_running_total",
            WindowKind::Lag => "ibex_lag_window",
            WindowKind::Lead => "ibex_lead_window",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn field(&self, args: WindowUDFFieldArgs) -> Result<FieldRef> {
        let input = args.get_input_field(0).map(|f| f.data_type().clone()).unwrap_or(DataType::Null);
        let (t, nullable) = match self.kind {
            WindowKind::RowIndex | WindowKind::RowNumber | WindowKind::RunningCount => (DataType::Int64, false),
            WindowKind::RunningTotal => (total_type(&input)?, true),
            WindowKind::Lag | WindowKind::Lead => (input, true),
        };
        Ok(Arc::new(Field::new(args.name(), t, nullable)))
    }

    fn partition_evaluator(&self, args: PartitionEvaluatorArgs) -> Result<Box<dyn PartitionEvaluator>> {
        let exprs = args.input_exprs();
        let literal = |i: usize| exprs.get(i).and_then(|e| (e.as_ref() as &dyn std::any::Any).downcast_ref::<Literal>()).map(|l| l.value().clone());
        let offset = match (self.kind, literal(1)) {
            (WindowKind::Lag | WindowKind::Lead, Some(v)) => match v.cast_to(&DataType::Int64)? {
                ScalarValue::Int64(Some(n)) if n >= 0 => n as usize,
                _ => return exec_err!("{}: the offset must be a non-negative integer literal", self.name()),
            },
            (WindowKind::Lag | WindowKind::Lead, None) if exprs.len() > 1 => {
                return exec_err!("{}: the offset must be a literal", self.name())
            }
            _ => 1,
        };
        if matches!(self.kind, WindowKind::Lag | WindowKind::Lead) && exprs.len() > 2 && literal(2).is_none() {
            return exec_err!("{}: the default must be a literal", self.name());
        }
        Ok(Box::new(Evaluator { kind: self.kind, offset, default: literal(2) }))
    }
}

#[derive(Debug)]
struct Evaluator {
    kind: WindowKind,
    offset: usize,
    default: Option<ScalarValue>,
}

impl PartitionEvaluator for Evaluator {
    fn evaluate_all(&mut self, values: &[ArrayRef], num_rows: usize) -> Result<ArrayRef> {
        Ok(match self.kind {
            WindowKind::RowIndex => Arc::new(Int64Array::from_iter_values(0..num_rows as i64)),
            WindowKind::RowNumber => Arc::new(Int64Array::from_iter_values(1..=num_rows as i64)),
            WindowKind::RunningCount => {
                let x = &values[0];
                let mut n = 0i64;
                Arc::new(Int64Array::from_iter_values((0..num_rows).map(|i| {
                    n += x.is_valid(i) as i64;
                    n
                })))
            }
            WindowKind::RunningTotal => running_total(&values[0])?,
            WindowKind::Lag | WindowKind::Lead => self.shifted(&values[0], num_rows)?,
        })
    }
}

impl Evaluator {
    fn shifted(&self, x: &ArrayRef, num_rows: usize) -> Result<ArrayRef> {
        let lag = self.kind == WindowKind::Lag;
        let picks: UInt64Array = (0..num_rows)
            .map(|i| {
                let j = if lag { i.checked_sub(self.offset) } else { i.checked_add(self.offset) };
                j.filter(|&j| j < num_rows).map(|j| j as u64)
            })
            .collect();
        let out = take(x.as_ref(), &picks, None)?;
        let Some(default) = self.default.as_ref().filter(|d| !d.is_null()) else {
            return Ok(out);
        };
        // Rows without a neighbour take the default (a value of x's type).
        let default = default.cast_to(x.data_type())?.to_array_of_size(num_rows)?;
        let missing: datafusion::arrow::array::BooleanArray = picks.iter().map(|p| Some(p.is_none())).collect();
        Ok(datafusion::arrow::compute::kernels::zip::zip(&missing, &default, &out)?)
    }
}

fn running_total(x: &ArrayRef) -> Result<ArrayRef> {
    let t = total_type(x.data_type())?;
    let x = cast(x, &t)?;
    Ok(if t == DataType::Int64 {
        let x = x.as_primitive::<Int64Type>();
        let mut sum: Option<i64> = None;
        Arc::new(
            x.iter()
                .map(|v| {
                    if let Some(v) = v {
                        sum = Some(sum.unwrap_or(0).wrapping_add(v));
                    }
                    sum
                })
                .collect::<Int64Array>(),
        )
    } else {
        let x = x.as_primitive::<Float64Type>();
        let mut sum: Option<f64> = None;
        Arc::new(
            x.iter()
                .map(|v| {
                    if let Some(v) = v {
                        sum = Some(sum.unwrap_or(0.0) + v);
                    }
                    sum
                })
                .collect::<Float64Array>(),
        )
    })
}
