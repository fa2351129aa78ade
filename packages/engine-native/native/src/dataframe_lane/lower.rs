//! IR JSON -> DataFusion DataFrame. Nodes arrive children-first, so one pass
//! in order lowers each distinct node exactly once (the DAG's sharing is
//! kept: a shared sub-expression is lowered once and cloned).

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, TableReference};
use datafusion::dataframe::DataFrame;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::{cast, ident, lit, Expr};

use super::ir_json::{self, NodeJson, TypeJson};
use super::ops;
use crate::errors::{ErrorCode, IbexError, IbexResult};

enum Lowered {
    Relation(DataFrame),
    Value(Expr),
}

fn invalid(message: String) -> IbexError {
    IbexError::new(ErrorCode::InvalidInput, message)
}

/// The Arrow type of an IR type kind.
pub fn arrow_type(t: &TypeJson) -> IbexResult<DataType> {
    Ok(match t.kind.as_str() {
        "int64" => DataType::Int64,
        "float64" => DataType::Float64,
        "utf8" => DataType::Utf8,
        "bool" => DataType::Boolean,
        "date32" => DataType::Date32,
        other => return Err(invalid(format!("unknown IR type kind {other:?}"))),
    })
}

fn literal(value: &serde_json::Value, t: &TypeJson) -> IbexResult<ScalarValue> {
    use serde_json::Value as J;
    let bad = || invalid(format!("literal {value} does not fit type {}", t.kind));
    let is_null = value.is_null();
    Ok(match t.kind.as_str() {
        "int64" => ScalarValue::Int64(if is_null {
            None
        } else {
            Some(value.as_str().and_then(|s| s.parse::<i64>().ok()).ok_or_else(bad)?)
        }),
        "float64" => ScalarValue::Float64(match value {
            J::Null => None,
            J::Number(n) => Some(n.as_f64().ok_or_else(bad)?),
            // Strings carry the exact value: Rust's str::parse rounds correctly,
            // serde_json's default number parser may be off by an ulp.
            J::String(s) => Some(match s.as_str() {
                "NaN" => f64::NAN,
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                text => text.parse::<f64>().map_err(|_| bad())?,
            }),
            _ => return Err(bad()),
        }),
        "utf8" => ScalarValue::Utf8(if is_null { None } else { Some(value.as_str().ok_or_else(bad)?.to_string()) }),
        "bool" => ScalarValue::Boolean(if is_null { None } else { Some(value.as_bool().ok_or_else(bad)?) }),
        "date32" => ScalarValue::Date32(if is_null {
            None
        } else {
            Some(value.as_i64().and_then(|d| i32::try_from(d).ok()).ok_or_else(bad)?)
        }),
        other => return Err(invalid(format!("unknown IR type kind {other:?}"))),
    })
}

/// Lowers an IR JSON document to a DataFrame on `ctx`.
pub async fn to_dataframe(ctx: &SessionContext, json: &str) -> IbexResult<DataFrame> {
    let doc = ir_json::parse(json)?;
    let mut lowered: Vec<Lowered> = Vec::with_capacity(doc.nodes.len());

    let value = |lowered: &Vec<Lowered>, at: usize, i: usize| -> IbexResult<Expr> {
        match lowered.get(i) {
            Some(Lowered::Value(e)) if i < at => Ok(e.clone()),
            _ => Err(invalid(format!("node {at} expects a value at node {i}"))),
        }
    };
    let relation = |lowered: &Vec<Lowered>, at: usize, i: usize| -> IbexResult<DataFrame> {
        match lowered.get(i) {
            Some(Lowered::Relation(df)) if i < at => Ok(df.clone()),
            _ => Err(invalid(format!("node {at} expects a relation at node {i}"))),
        }
    };

    for (at, node) in doc.nodes.iter().enumerate() {
        let out = match node {
            NodeJson::Table { name, .. } | NodeJson::Memtable { name, .. } => {
                Lowered::Relation(ctx.table(TableReference::bare(name.as_str())).await?)
            }
            NodeJson::Filter { input, predicates } => {
                let df = relation(&lowered, at, *input)?;
                let preds = predicates
                    .iter()
                    .map(|p| value(&lowered, at, *p))
                    .collect::<IbexResult<Vec<_>>>()?;
                let predicate = preds
                    .into_iter()
                    .reduce(|a, b| a.and(b))
                    .ok_or_else(|| invalid(format!("filter node {at} has no predicates")))?;
                Lowered::Relation(df.filter(predicate)?)
            }
            NodeJson::Project { input, columns } => {
                let df = relation(&lowered, at, *input)?;
                let exprs = columns
                    .iter()
                    .map(|c| Ok(value(&lowered, at, c.expr)?.alias(c.name.as_str())))
                    .collect::<IbexResult<Vec<_>>>()?;
                Lowered::Relation(df.select(exprs)?)
            }
            NodeJson::Column { name, .. } => Lowered::Value(ident(name.as_str())),
            NodeJson::Literal { value: v, data_type } => Lowered::Value(lit(literal(v, data_type)?)),
            NodeJson::Cast { input, data_type } => {
                Lowered::Value(cast(value(&lowered, at, *input)?, arrow_type(data_type)?))
            }
            NodeJson::Call { op, args, .. } => {
                let args = args.iter().map(|a| value(&lowered, at, *a)).collect::<IbexResult<Vec<_>>>()?;
                Lowered::Value(ops::call(ctx, op, args)?)
            }
        };
        lowered.push(out);
    }
    match lowered.swap_remove(doc.root) {
        Lowered::Relation(df) => Ok(df),
        Lowered::Value(_) => Err(invalid(format!("root node {} is not a relation", doc.root))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{block_on, int_table_ctx, rows_as_strings};

    fn doc(nodes: serde_json::Value, root: usize) -> String {
        serde_json::json!({ "format": "ibex-ir", "version": 1, "root": root, "nodes": nodes }).to_string()
    }

    fn ty(kind: &str, nullable: bool) -> serde_json::Value {
        serde_json::json!({ "kind": kind, "nullable": nullable })
    }

    #[test]
    fn lowers_filter_and_project() {
        let ctx = int_table_ctx();
        // t.filter(t.a.gt(1)).select({ a: t.a, half: t.a.div(2) })
        let json = doc(
            serde_json::json!([
                { "kind": "table", "name": "t", "schema": { "fields": [{ "name": "a", "type": ty("int64", true) }] } },
                { "kind": "column", "name": "a", "type": ty("int64", true) },
                { "kind": "literal", "value": "1", "type": ty("int64", false) },
                { "kind": "call", "op": "gt", "args": [1, 2], "type": ty("bool", true) },
                { "kind": "filter", "input": 0, "predicates": [3] },
                { "kind": "cast", "input": 1, "type": ty("float64", true) },
                { "kind": "literal", "value": "2", "type": ty("float64", false) },
                { "kind": "call", "op": "div", "args": [5, 6], "type": ty("float64", true) },
                { "kind": "project", "input": 4, "columns": [{ "name": "a", "expr": 1 }, { "name": "half", "expr": 7 }] }
            ]),
            8,
        );
        let batches = block_on(async { to_dataframe(&ctx, &json).await.unwrap().collect().await.unwrap() });
        assert_eq!(batches[0].schema().field(1).name(), "half");
        let mut rows = rows_as_strings(&batches);
        rows.sort();
        assert_eq!(rows, vec!["2|1.0", "3|1.5"]);
    }

    #[test]
    fn rejects_bad_documents_with_clear_errors() {
        let ctx = int_table_ctx();
        let err = block_on(to_dataframe(&ctx, "{not json")).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        let err = block_on(to_dataframe(&ctx, &doc(serde_json::json!([]), 0))).unwrap_err();
        assert!(err.message.contains("out of range"), "{}", err.message);
        let unknown = doc(
            serde_json::json!([
                { "kind": "table", "name": "t", "schema": { "fields": [] } },
                { "kind": "column", "name": "a", "type": ty("int64", true) },
                { "kind": "call", "op": "no_such_fn", "args": [1], "type": ty("bool", true) },
                { "kind": "filter", "input": 0, "predicates": [2] }
            ]),
            3,
        );
        let err = block_on(to_dataframe(&ctx, &unknown)).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotImplemented);
        assert!(err.message.contains("no_such_fn"), "{}", err.message);
        let missing_table = doc(serde_json::json!([{ "kind": "table", "name": "nope", "schema": { "fields": [] } }]), 0);
        let err = block_on(to_dataframe(&ctx, &missing_table)).unwrap_err();
        assert_eq!(err.code, ErrorCode::Plan);
    }
}

#[cfg(test)]
mod literal_tests {
    use super::*;

    #[test]
    fn float_strings_parse_exactly() {
        let t = TypeJson { kind: "float64".into(), nullable: false };
        // 1 ulp apart from what serde_json's default number parser returns for this text.
        let text = "-5.965645242792064e-111";
        let exact: f64 = text.parse().unwrap();
        assert_eq!(literal(&serde_json::json!(text), &t).unwrap(), ScalarValue::Float64(Some(exact)));
        let neg_zero = literal(&serde_json::json!("-0"), &t).unwrap();
        assert!(matches!(neg_zero, ScalarValue::Float64(Some(z)) if z == 0.0 && z.is_sign_negative()));
        assert!(literal(&serde_json::json!("one"), &t).is_err());
    }
}
