//! List and map functions: `ibex_list_extract`, `ibex_list_unique`,
//! `ibex_map_entries`, `ibex_map_keys`, `ibex_map_values`, `ibex_map_extract`.
//!
//! All work on any element type: elements are gathered with Arrow's `take`
//! kernel and compared in Arrow's row format (so `NaN` equals `NaN`, and two
//! nulls are equal), never value by value through a type switch.
//!
//! - `ibex_list_extract(list, i)`: the element at 0-based `i` (negative counts
//!   from the end, -1 is the last); null when out of range or either is null.
//! - `ibex_list_unique(list)`: the distinct elements in order of first
//!   appearance (one null kept if there are nulls); null for a null list.
//! - `ibex_map_keys(map)` / `ibex_map_values(map)`: the keys / values as a
//!   list, in the map's entry order; `ibex_map_entries(map)`: the entries as a
//!   list of `struct<key, value>`; null for a null map.
//! - `ibex_map_extract(map, key)`: the value of the first entry whose key
//!   equals `key`; null when there is none or either is null.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListArray, MapArray, UInt64Array};
use datafusion::arrow::buffer::{OffsetBuffer, ScalarBuffer};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

/// Which function of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListMapKind {
    ListExtract,
    ListUnique,
    MapEntries,
    MapKeys,
    MapValues,
    MapExtract,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ListMapFunction {
    kind: ListMapKind,
    signature: Signature,
}

impl ListMapFunction {
    pub fn new(kind: ListMapKind) -> Self {
        let arity = if matches!(kind, ListMapKind::ListExtract | ListMapKind::MapExtract) { 2 } else { 1 };
        Self { kind, signature: Signature::any(arity, Volatility::Immutable) }
    }

    pub const ALL: [ListMapKind; 6] = [
        ListMapKind::ListExtract,
        ListMapKind::ListUnique,
        ListMapKind::MapEntries,
        ListMapKind::MapKeys,
        ListMapKind::MapValues,
        ListMapKind::MapExtract,
    ];
}

fn list_item(t: &DataType) -> Option<&FieldRef> {
    match t {
        DataType::List(f) => Some(f),
        _ => None,
    }
}

/// The (key, value) fields of a map type.
fn map_fields(t: &DataType) -> Option<(FieldRef, FieldRef)> {
    match t {
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(fields) if fields.len() == 2 => Some((fields[0].clone(), fields[1].clone())),
            _ => None,
        },
        _ => None,
    }
}

fn list_of(t: &DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(t.clone(), true)))
}

impl ScalarUDFImpl for ListMapFunction {
    fn name(&self) -> &str {
        match self.kind {
            ListMapKind::ListExtract => "ibex_list_extract",
            ListMapKind::ListUnique => "ibex_list_unique",
            ListMapKind::MapEntries => "ibex_map_entries",
            ListMapKind::MapKeys => "ibex_map_keys",
            ListMapKind::MapValues => "ibex_map_values",
            ListMapKind::MapExtract => "ibex_map_extract",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        let first = args.first().cloned().unwrap_or(DataType::Null);
        let name = self.name();
        match self.kind {
            ListMapKind::ListExtract | ListMapKind::ListUnique => {
                let Some(item) = list_item(&first) else {
                    return plan_err!("{name}: argument 1 has type {first}, expected a list");
                };
                Ok(if self.kind == ListMapKind::ListExtract { item.data_type().clone() } else { list_of(item.data_type()) })
            }
            _ => {
                let Some((key, value)) = map_fields(&first) else {
                    return plan_err!("{name}: argument 1 has type {first}, expected a map");
                };
                Ok(match self.kind {
                    ListMapKind::MapKeys => list_of(key.data_type()),
                    ListMapKind::MapValues => list_of(value.data_type()),
                    ListMapKind::MapEntries => list_of(&DataType::Struct(
                        vec![
                            Field::new("key", key.data_type().clone(), false),
                            Field::new("value", value.data_type().clone(), true),
                        ]
                        .into(),
                    )),
                    _ => value.data_type().clone(),
                })
            }
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let all_scalar = args.args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let n = args.number_rows;
        let arrays = args.args.iter().map(|a| a.to_array(n)).collect::<Result<Vec<_>>>()?;
        let out = match (self.kind, arrays.as_slice()) {
            (ListMapKind::ListExtract, [list, index]) => list_extract(as_list(self.name(), list)?, index)?,
            (ListMapKind::ListUnique, [list]) => list_unique(as_list(self.name(), list)?)?,
            (ListMapKind::MapKeys | ListMapKind::MapValues | ListMapKind::MapEntries, [map]) => {
                map_part(self.kind, as_map(self.name(), map)?)?
            }
            (ListMapKind::MapExtract, [map, key]) => map_extract(as_map(self.name(), map)?, key)?,
            _ => return exec_err!("{}: wrong number of arguments ({})", self.name(), arrays.len()),
        };
        if all_scalar && out.len() == 1 {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
        }
        Ok(ColumnarValue::Array(out))
    }
}

fn as_list<'a>(name: &str, a: &'a ArrayRef) -> Result<&'a ListArray> {
    match a.as_list_opt::<i32>() {
        Some(l) => Ok(l),
        None => exec_err!("{name}: argument 1 has type {}, expected a list", a.data_type()),
    }
}

fn as_map<'a>(name: &str, a: &'a ArrayRef) -> Result<&'a MapArray> {
    match a.as_map_opt() {
        Some(m) => Ok(m),
        None => exec_err!("{name}: argument 1 has type {}, expected a map", a.data_type()),
    }
}

fn list_extract(list: &ListArray, index: &ArrayRef) -> Result<ArrayRef> {
    let index = cast(index, &DataType::Int64)?;
    let index = index.as_primitive::<datafusion::arrow::datatypes::Int64Type>();
    let offsets = list.value_offsets();
    let picks: UInt64Array = (0..list.len())
        .map(|row| {
            if list.is_null(row) || index.is_null(row) {
                return None;
            }
            let (start, len) = (offsets[row] as i64, (offsets[row + 1] - offsets[row]) as i64);
            let i = index.value(row);
            let at = if i >= 0 { i } else { len + i };
            (0..len).contains(&at).then(|| (start + at) as u64)
        })
        .collect();
    Ok(take(list.values().as_ref(), &picks, None)?)
}

fn list_unique(list: &ListArray) -> Result<ArrayRef> {
    let values = list.values();
    let converter = RowConverter::new(vec![SortField::new(values.data_type().clone())])?;
    let rows = converter.convert_columns(std::slice::from_ref(values))?;
    let offsets = list.value_offsets();
    let mut keep: Vec<u64> = Vec::new();
    let mut new_offsets: Vec<i32> = Vec::with_capacity(list.len() + 1);
    new_offsets.push(0);
    for row in 0..list.len() {
        if list.is_valid(row) {
            let mut seen = HashSet::new();
            for j in offsets[row] as usize..offsets[row + 1] as usize {
                if seen.insert(rows.row(j)) {
                    keep.push(j as u64);
                }
            }
        }
        new_offsets.push(i32::try_from(keep.len()).map_err(|_| {
            datafusion::common::DataFusionError::Execution("ibex_list_unique: result too large for a list".into())
        })?);
    }
    let new_values = take(values.as_ref(), &UInt64Array::from(keep), None)?;
    let field = Arc::new(Field::new_list_field(values.data_type().clone(), true));
    let offsets = OffsetBuffer::new(ScalarBuffer::from(new_offsets));
    Ok(Arc::new(ListArray::try_new(field, offsets, new_values, list.nulls().cloned())?))
}

fn map_part(kind: ListMapKind, map: &MapArray) -> Result<ArrayRef> {
    let part: ArrayRef = match kind {
        ListMapKind::MapKeys => map.keys().clone(),
        ListMapKind::MapValues => map.values().clone(),
        _ => {
            let entries = map.entries();
            let fields = vec![
                Field::new("key", map.keys().data_type().clone(), false),
                Field::new("value", map.values().data_type().clone(), true),
            ];
            Arc::new(datafusion::arrow::array::StructArray::try_new(
                fields.into(),
                entries.columns().to_vec(),
                entries.nulls().cloned(),
            )?)
        }
    };
    let field = Arc::new(Field::new_list_field(part.data_type().clone(), true));
    Ok(Arc::new(ListArray::try_new(field, map.offsets().clone(), part, map.nulls().cloned())?))
}

fn map_extract(map: &MapArray, key: &ArrayRef) -> Result<ArrayRef> {
    let keys = map.keys();
    // The IR casts the key to the map's key type; cast again for safety across lanes.
    let key = if key.data_type() == keys.data_type() { key.clone() } else { cast(key, keys.data_type())? };
    let converter = RowConverter::new(vec![SortField::new(keys.data_type().clone())])?;
    let key_rows = converter.convert_columns(std::slice::from_ref(keys))?;
    let needle_rows = converter.convert_columns(std::slice::from_ref(&key))?;
    let offsets = map.value_offsets();
    let picks: UInt64Array = (0..map.len())
        .map(|row| {
            if map.is_null(row) || key.is_null(row) {
                return None;
            }
            let needle = needle_rows.row(row);
            (offsets[row] as usize..offsets[row + 1] as usize).find(|&j| key_rows.row(j) == needle).map(|j| j as u64)
        })
        .collect();
    Ok(take(map.values().as_ref(), &picks, None)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, ListBuilder, Int64Builder, MapBuilder, StringBuilder};
    use datafusion::config::ConfigOptions;

    fn invoke(kind: ListMapKind, args: Vec<ArrayRef>) -> ArrayRef {
        let f = ListMapFunction::new(kind);
        let types: Vec<DataType> = args.iter().map(|a| a.data_type().clone()).collect();
        let ret = f.return_type(&types).unwrap();
        let n = args[0].len();
        let out = f
            .invoke_with_args(ScalarFunctionArgs {
                arg_fields: args.iter().map(|a| Arc::new(Field::new("a", a.data_type().clone(), true))).collect(),
                args: args.into_iter().map(ColumnarValue::Array).collect(),
                number_rows: n,
                return_field: Arc::new(Field::new("r", ret, true)),
                config_options: Arc::new(ConfigOptions::default()),
            })
            .unwrap();
        let ColumnarValue::Array(a) = out else { panic!("array") };
        a
    }

    fn lists(rows: Vec<Option<Vec<Option<i64>>>>) -> ArrayRef {
        let mut b = ListBuilder::new(Int64Builder::new());
        for r in rows {
            match r {
                Some(v) => {
                    for x in v {
                        b.values().append_option(x);
                    }
                    b.append(true);
                }
                None => b.append(false),
            }
        }
        Arc::new(b.finish())
    }

    #[test]
    fn extracts_by_zero_based_and_negative_index() {
        let l = lists(vec![Some(vec![Some(1), Some(2), Some(3)]), Some(vec![]), None, Some(vec![Some(9)])]);
        let out = invoke(ListMapKind::ListExtract, vec![l, Arc::new(Int64Array::from(vec![0, 0, 0, -1]))]);
        let out = out.as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        assert_eq!(out.iter().collect::<Vec<_>>(), vec![Some(1), None, None, Some(9)]);
    }

    #[test]
    fn keeps_first_occurrences() {
        let l = lists(vec![Some(vec![Some(2), None, Some(2), Some(1), None]), None]);
        let out = invoke(ListMapKind::ListUnique, vec![l]);
        let expected = lists(vec![Some(vec![Some(2), None, Some(1)]), None]);
        assert_eq!(out.as_ref(), expected.as_ref());
    }

    #[test]
    fn reads_maps() {
        let mut b = MapBuilder::new(None, StringBuilder::new(), Int64Builder::new());
        b.keys().append_value("a");
        b.values().append_value(1);
        b.keys().append_value("b");
        b.values().append_null();
        b.append(true).unwrap();
        b.append(false).unwrap();
        let m: ArrayRef = Arc::new(b.finish());
        let key: ArrayRef = Arc::new(datafusion::arrow::array::StringArray::from(vec![Some("b"), Some("a")]));
        let v = invoke(ListMapKind::MapExtract, vec![m.clone(), key]);
        assert_eq!(v.null_count(), 2);
        let keys = invoke(ListMapKind::MapKeys, vec![m.clone()]);
        assert_eq!(keys.as_list::<i32>().value(0).as_string::<i32>().value(1), "b");
        assert!(keys.is_null(1));
        let entries = invoke(ListMapKind::MapEntries, vec![m]);
        assert_eq!(entries.as_list::<i32>().value(0).len(), 2);
    }
}
