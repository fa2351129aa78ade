//! `regexp_split(string, pattern)`: the parts of a string between regex
//! matches, as a list (Ibis's `re_split`; DataFusion has no such function).

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, ListBuilder, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{exec_err, DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};
use regex::Regex;

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpSplit {
    signature: Signature,
}

impl RegexpSplit {
    pub fn new() -> Self {
        Self { signature: Signature::exact(vec![DataType::Utf8, DataType::Utf8], Volatility::Immutable) }
    }
}

impl Default for RegexpSplit {
    fn default() -> Self {
        Self::new()
    }
}

impl ScalarUDFImpl for RegexpSplit {
    fn name(&self) -> &str {
        "regexp_split"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [value, pattern] = args.args.as_slice() else {
            return exec_err!("regexp_split takes 2 arguments, got {}", args.args.len());
        };
        // The pattern is a literal (the IR requires one), so it compiles once.
        let pattern = match pattern {
            ColumnarValue::Scalar(ScalarValue::Utf8(Some(p))) => p,
            _ => return exec_err!("regexp_split: the pattern must be a non-null string literal"),
        };
        let re = Regex::new(pattern)
            .map_err(|e| DataFusionError::Execution(format!("regexp_split: invalid regex {pattern:?}: {e}")))?;
        let scalar = matches!(value, ColumnarValue::Scalar(_));
        let strings = value.to_array(args.number_rows)?;
        let strings = strings.as_string::<i32>();
        let mut builder = ListBuilder::new(StringBuilder::new());
        for s in strings.iter() {
            match s {
                Some(s) => {
                    for part in re.split(s) {
                        builder.values().append_value(part);
                    }
                    builder.append(true);
                }
                None => builder.append(false),
            }
        }
        let out = builder.finish();
        if scalar && out.len() > 0 {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
        }
        Ok(ColumnarValue::Array(Arc::new(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::StringArray;
    use datafusion::config::ConfigOptions;

    fn split(values: Vec<Option<&str>>, pattern: &str) -> Vec<Option<Vec<String>>> {
        let n = values.len();
        let args = ScalarFunctionArgs {
            args: vec![
                ColumnarValue::Array(Arc::new(StringArray::from(values))),
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(pattern.into()))),
            ],
            arg_fields: vec![
                Arc::new(Field::new("s", DataType::Utf8, true)),
                Arc::new(Field::new("p", DataType::Utf8, false)),
            ],
            number_rows: n,
            return_field: Arc::new(Field::new("r", RegexpSplit::new().return_type(&[]).unwrap(), true)),
            config_options: Arc::new(ConfigOptions::default()),
        };
        let ColumnarValue::Array(out) = RegexpSplit::new().invoke_with_args(args).unwrap() else { panic!("array") };
        let list = out.as_list::<i32>();
        (0..n)
            .map(|i| {
                list.is_valid(i).then(|| {
                    let v = list.value(i);
                    v.as_string::<i32>().iter().map(|s| s.unwrap().to_string()).collect()
                })
            })
            .collect()
    }

    #[test]
    fn splits_on_every_match() {
        let out = split(vec![Some("a1b22c"), Some(""), None, Some("xyz")], "[0-9]+");
        let strs = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(out, vec![strs(&["a", "b", "c"]), strs(&[""]), None, strs(&["xyz"])]);
    }
}
