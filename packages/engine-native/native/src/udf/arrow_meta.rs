//! Arrow-level functions: `ibex_arrow_metadata`, `ibex_union_tag`,
//! `ibex_union_extract`.
//!
//! - `ibex_arrow_metadata(x, key)`: the value under `key` in the metadata of
//!   `x`'s Arrow field (as registered, e.g. from an IPC stream or a Parquet
//!   file), the same for every row; null when the field has no such key.
//! - `ibex_union_tag(u)`: the name of the member each union value holds.
//! - `ibex_union_extract(u, tag)`: the value of member `tag` where the union
//!   holds that member, else null (sparse and dense unions alike).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray, UInt64Array};
use datafusion::arrow::compute::take;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, UnionFields};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

/// Which function of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArrowMetaKind {
    Metadata,
    UnionTag,
    UnionExtract,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ArrowMetaFunction {
    kind: ArrowMetaKind,
    signature: Signature,
}

impl ArrowMetaFunction {
    pub const ALL: [ArrowMetaKind; 3] = [ArrowMetaKind::Metadata, ArrowMetaKind::UnionTag, ArrowMetaKind::UnionExtract];

    pub fn new(kind: ArrowMetaKind) -> Self {
        let arity = if kind == ArrowMetaKind::UnionTag { 1 } else { 2 };
        Self { kind, signature: Signature::any(arity, Volatility::Immutable) }
    }
}

fn union_fields<'a>(name: &str, t: &'a DataType) -> Result<&'a UnionFields> {
    match t {
        DataType::Union(fields, _) => Ok(fields),
        other => plan_err!("{name}: argument 1 has type {other}, expected a union"),
    }
}

/// The literal string argument `i` (a key or a member name).
fn literal_name(name: &str, value: Option<&ScalarValue>) -> Result<String> {
    match value {
        Some(ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s))) => Ok(s.clone()),
        _ => plan_err!("{name}: argument 2 must be a non-null string literal"),
    }
}

fn member<'a>(name: &str, fields: &'a UnionFields, tag: &str) -> Result<(i8, &'a FieldRef)> {
    match fields.iter().find(|(_, f)| f.name() == tag) {
        Some(found) => Ok(found),
        None => {
            let names: Vec<&str> = fields.iter().map(|(_, f)| f.name().as_str()).collect();
            plan_err!("{name}: the union has no member {tag:?} (members: {})", names.join(", "))
        }
    }
}

impl ScalarUDFImpl for ArrowMetaFunction {
    fn name(&self) -> &str {
        match self.kind {
            ArrowMetaKind::Metadata => "ibex_arrow_metadata",
            ArrowMetaKind::UnionTag => "ibex_union_tag",
            ArrowMetaKind::UnionExtract => "ibex_union_extract",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        match self.kind {
            ArrowMetaKind::Metadata | ArrowMetaKind::UnionTag => Ok(DataType::Utf8),
            // The member's type needs the tag literal: see return_field_from_args.
            ArrowMetaKind::UnionExtract => {
                union_fields(self.name(), args.first().unwrap_or(&DataType::Null))?;
                plan_err!("{}: the result type depends on the member named", self.name())
            }
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let first = args.arg_fields.first().map(|f| f.data_type().clone()).unwrap_or(DataType::Null);
        match self.kind {
            ArrowMetaKind::Metadata => Ok(Arc::new(Field::new(self.name(), DataType::Utf8, true))),
            ArrowMetaKind::UnionTag => {
                union_fields(self.name(), &first)?;
                Ok(Arc::new(Field::new(self.name(), DataType::Utf8, false)))
            }
            ArrowMetaKind::UnionExtract => {
                let fields = union_fields(self.name(), &first)?;
                let tag = literal_name(self.name(), args.scalar_arguments.get(1).copied().flatten())?;
                let (_, f) = member(self.name(), fields, &tag)?;
                Ok(Arc::new(Field::new(self.name(), f.data_type().clone(), true)))
            }
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = self.name();
        match self.kind {
            ArrowMetaKind::Metadata => {
                let key = match args.args.get(1) {
                    Some(ColumnarValue::Scalar(s)) => literal_name(name, Some(s))?,
                    _ => return exec_err!("{name}: argument 2 must be a non-null string literal"),
                };
                let value = args.arg_fields.first().and_then(|f| f.metadata().get(&key).cloned());
                Ok(ColumnarValue::Scalar(ScalarValue::Utf8(value)))
            }
            ArrowMetaKind::UnionTag | ArrowMetaKind::UnionExtract => {
                let Some(u) = args.args.first() else { return exec_err!("{name}: missing argument") };
                let all_scalar = args.args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
                let u = u.to_array(args.number_rows)?;
                let Some(union) = u.as_union_opt() else {
                    return exec_err!("{name}: argument 1 has type {}, expected a union", u.data_type());
                };
                let fields = union_fields(name, u.data_type())?;
                let out: ArrayRef = if self.kind == ArrowMetaKind::UnionTag {
                    let names: StringArray = (0..union.len())
                        .map(|i| {
                            let id = union.type_id(i);
                            fields.iter().find(|(t, _)| *t == id).map(|(_, f)| f.name().as_str())
                        })
                        .collect();
                    Arc::new(names)
                } else {
                    let tag = match args.args.get(1) {
                        Some(ColumnarValue::Scalar(s)) => literal_name(name, Some(s))?,
                        _ => return exec_err!("{name}: argument 2 must be a non-null string literal"),
                    };
                    let (id, _) = member(name, fields, &tag)?;
                    let dense = union.offsets().is_some();
                    let picks: UInt64Array = (0..union.len())
                        .map(|i| (union.type_id(i) == id).then(|| (if dense { union.value_offset(i) } else { i }) as u64))
                        .collect();
                    take(union.child(id).as_ref(), &picks, None)?
                };
                if all_scalar && out.len() == 1 {
                    return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
                }
                Ok(ColumnarValue::Array(out))
            }
        }
    }
}
