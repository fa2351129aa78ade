//! Aggregates: `ibex_first_value_agg`, `ibex_last_value_agg`,
//! `ibex_count_distinct_agg` and `ibex_string_agg`.
//!
//! Order-sensitive aggregates do their own ordering: the aggregate's ORDER BY
//! values arrive with each row (DataFusion appends them to the arguments),
//! are encoded in Arrow's row format, whose bytes compare in the requested
//! order (direction and null placement included), and travel in the partial
//! state. So the partial states of parallel partitions merge to the same
//! answer as one sequential pass, and no sort is forced on the input.
//!
//! - `ibex_first_value_agg(x)` / `ibex_last_value_agg(x)`: the first / last
//!   non-null `x` in the aggregate's order (ties: the earliest row seen for
//!   first, the latest for last); null when every `x` is null.
//! - `ibex_count_distinct_agg(x)`: the number of distinct non-null values
//!   (compared in row format: `NaN` equals `NaN`).
//! - `ibex_string_agg(x, sep)`: the non-null strings joined by the literal
//!   `sep`, in the aggregate's order; null when there are none.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryArray, ListArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use datafusion::physical_expr::expressions::Literal;

/// Which aggregate of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregateKind {
    FirstValue,
    LastValue,
    CountDistinct,
    StringAgg,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IbexAggregate {
    kind: AggregateKind,
    signature: Signature,
}

impl IbexAggregate {
    pub const ALL: [AggregateKind; 4] =
        [AggregateKind::FirstValue, AggregateKind::LastValue, AggregateKind::CountDistinct, AggregateKind::StringAgg];

    pub fn new(kind: AggregateKind) -> Self {
        let signature = match kind {
            AggregateKind::StringAgg => Signature::exact(vec![DataType::Utf8, DataType::Utf8], Volatility::Immutable),
            _ => Signature::any(1, Volatility::Immutable),
        };
        Self { kind, signature }
    }
}

fn binary_list() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Binary, true)))
}

/// The row-format converter for the ORDER BY values of an accumulator.
fn order_converter(args: &AccumulatorArgs) -> Result<Option<RowConverter>> {
    if args.order_bys.is_empty() {
        return Ok(None);
    }
    let fields = args
        .order_bys
        .iter()
        .map(|s| Ok(SortField::new_with_options(s.expr.data_type(args.schema)?, s.options)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(RowConverter::new(fields)?))
}

/// The sort keys of a batch's rows (empty keys without an ORDER BY: every row ties).
fn order_keys(converter: &Option<RowConverter>, order_columns: &[ArrayRef], rows: usize) -> Result<Vec<Vec<u8>>> {
    match converter {
        None => Ok(vec![Vec::new(); rows]),
        Some(c) => {
            let encoded = c.convert_columns(order_columns)?;
            Ok((0..rows).map(|i| encoded.row(i).as_ref().to_vec()).collect())
        }
    }
}

impl AggregateUDFImpl for IbexAggregate {
    fn name(&self) -> &str {
        match self.kind {
            AggregateKind::FirstValue => "ibex_first_value_agg",
            AggregateKind::LastValue => "ibex_last_value_agg",
            AggregateKind::CountDistinct => "ibex_count_distinct_agg",
            AggregateKind::StringAgg => "ibex_string_agg",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.kind {
            AggregateKind::FirstValue | AggregateKind::LastValue => arg_types.first().cloned().unwrap_or(DataType::Null),
            AggregateKind::CountDistinct => DataType::Int64,
            AggregateKind::StringAgg => DataType::Utf8,
        })
    }

    fn is_nullable(&self) -> bool {
        self.kind != AggregateKind::CountDistinct
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        match self.kind {
            AggregateKind::CountDistinct => AggregateOrderSensitivity::Insensitive,
            // Orders its rows itself (see the module docs): any input order is fine.
            _ => AggregateOrderSensitivity::Beneficial,
        }
    }

    fn with_beneficial_ordering(
        self: Arc<Self>,
        _beneficial_ordering: bool,
    ) -> Result<Option<Arc<dyn AggregateUDFImpl>>> {
        // The result does not depend on whether the input arrives sorted.
        Ok(Some(self))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let name = args.name;
        Ok(match self.kind {
            AggregateKind::FirstValue | AggregateKind::LastValue => vec![
                Arc::new(Field::new(format!("{name}[value]"), args.return_type().clone(), true)),
                Arc::new(Field::new(format!("{name}[key]"), DataType::Binary, true)),
            ],
            AggregateKind::CountDistinct => vec![Arc::new(Field::new(format!("{name}[seen]"), binary_list(), true))],
            AggregateKind::StringAgg => vec![
                Arc::new(Field::new(
                    format!("{name}[values]"),
                    DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
                    true,
                )),
                Arc::new(Field::new(format!("{name}[keys]"), binary_list(), true)),
            ],
        })
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(match self.kind {
            AggregateKind::FirstValue | AggregateKind::LastValue => Box::new(FirstLast {
                last: self.kind == AggregateKind::LastValue,
                converter: order_converter(&args)?,
                best: None,
                data_type: args.return_type().clone(),
            }),
            AggregateKind::CountDistinct => Box::new(CountDistinct {
                converter: RowConverter::new(vec![SortField::new(args.expr_fields[0].data_type().clone())])?,
                seen: HashSet::new(),
            }),
            AggregateKind::StringAgg => {
                let separator = args
                    .exprs
                    .get(1)
                    .and_then(|e| (e.as_ref() as &dyn std::any::Any).downcast_ref::<Literal>())
                    .and_then(|l| match l.value() {
                        ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s)) => {
                            Some(s.clone())
                        }
                        _ => None,
                    });
                let Some(separator) = separator else {
                    return exec_err!("ibex_string_agg: the separator must be a non-null string literal");
                };
                Box::new(StringAgg { separator, converter: order_converter(&args)?, parts: Vec::new() })
            }
        })
    }
}

/// First or last non-null value by sort key.
#[derive(Debug)]
struct FirstLast {
    last: bool,
    converter: Option<RowConverter>,
    best: Option<(ScalarValue, Vec<u8>)>,
    data_type: DataType,
}

impl FirstLast {
    fn offer(&mut self, values: &ArrayRef, keys: &[Vec<u8>], present: impl Fn(usize) -> bool) -> Result<()> {
        for (i, key) in keys.iter().enumerate() {
            if values.is_null(i) || !present(i) {
                continue;
            }
            let better = match &self.best {
                None => true,
                Some((_, best)) => {
                    if self.last {
                        key >= best
                    } else {
                        key < best
                    }
                }
            };
            if better {
                self.best = Some((ScalarValue::try_from_array(values, i)?, key.clone()));
            }
        }
        Ok(())
    }
}

impl Accumulator for FirstLast {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let keys = order_keys(&self.converter, &values[1..], values[0].len())?;
        self.offer(&values[0], &keys, |_| true)
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let keys = states[1].as_binary::<i32>();
        let owned: Vec<Vec<u8>> = (0..keys.len()).map(|i| keys.value(i).to_vec()).collect();
        // A partial state without a value has a null key.
        self.offer(&states[0], &owned, |i| keys.is_valid(i))
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(match &self.best {
            Some((v, k)) => vec![v.clone(), ScalarValue::Binary(Some(k.clone()))],
            None => vec![ScalarValue::try_from(&self.data_type)?, ScalarValue::Binary(None)],
        })
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        match &self.best {
            Some((v, _)) => Ok(v.clone()),
            None => ScalarValue::try_from(&self.data_type),
        }
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.best.as_ref().map_or(0, |(v, k)| v.size() + k.len())
    }
}

/// Distinct values, as row-format bytes.
#[derive(Debug)]
struct CountDistinct {
    converter: RowConverter,
    seen: HashSet<Vec<u8>>,
}

impl Accumulator for CountDistinct {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let rows = self.converter.convert_columns(&values[..1])?;
        for i in 0..values[0].len() {
            if values[0].is_valid(i) {
                self.seen.insert(rows.row(i).as_ref().to_vec());
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let lists = states[0].as_list::<i32>();
        for i in 0..lists.len() {
            if lists.is_valid(i) {
                let list = lists.value(i);
                for v in list.as_binary::<i32>().iter().flatten() {
                    self.seen.insert(v.to_vec());
                }
            }
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let values: BinaryArray = self.seen.iter().map(|v| Some(v.as_slice())).collect();
        Ok(vec![ScalarValue::List(Arc::new(ListArray::new(
            Arc::new(Field::new_list_field(DataType::Binary, true)),
            datafusion::arrow::buffer::OffsetBuffer::from_lengths([values.len()]),
            Arc::new(values),
            None,
        )))])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Int64(Some(self.seen.len() as i64)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.seen.iter().map(|v| v.len() + 24).sum::<usize>()
    }
}

/// Strings with their sort keys, joined at the end.
#[derive(Debug)]
struct StringAgg {
    separator: String,
    converter: Option<RowConverter>,
    parts: Vec<(Vec<u8>, String)>,
}

impl Accumulator for StringAgg {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        // values: [x, separator, order by...]
        let keys = order_keys(&self.converter, &values[2..], values[0].len())?;
        let strings = values[0].as_string::<i32>();
        for (i, key) in keys.into_iter().enumerate() {
            if strings.is_valid(i) {
                self.parts.push((key, strings.value(i).to_string()));
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let (values, keys) = (states[0].as_list::<i32>(), states[1].as_list::<i32>());
        for i in 0..values.len() {
            if values.is_null(i) {
                continue;
            }
            let (v, k) = (values.value(i), keys.value(i));
            for (s, key) in v.as_string::<i32>().iter().zip(k.as_binary::<i32>().iter()) {
                if let (Some(s), Some(key)) = (s, key) {
                    self.parts.push((key.to_vec(), s.to_string()));
                }
            }
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let strings: datafusion::arrow::array::StringArray = self.parts.iter().map(|(_, s)| Some(s.as_str())).collect();
        let keys: BinaryArray = self.parts.iter().map(|(k, _)| Some(k.as_slice())).collect();
        let wrap = |a: ArrayRef| {
            ScalarValue::List(Arc::new(ListArray::new(
                Arc::new(Field::new_list_field(a.data_type().clone(), true)),
                datafusion::arrow::buffer::OffsetBuffer::from_lengths([a.len()]),
                a,
                None,
            )))
        };
        Ok(vec![wrap(Arc::new(strings)), wrap(Arc::new(keys))])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.parts.is_empty() {
            return Ok(ScalarValue::Utf8(None));
        }
        // A stable sort keeps arrival order among equal keys.
        self.parts.sort_by(|a, b| a.0.cmp(&b.0));
        let joined = self.parts.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(&self.separator);
        Ok(ScalarValue::Utf8(Some(joined)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.parts.iter().map(|(k, s)| k.len() + s.len() + 48).sum::<usize>()
    }
}
