//! IR JSON -> DataFusion DataFrame. Nodes arrive children-first, so one pass
//! in order lowers each distinct node exactly once (the DAG's sharing is
//! kept: a shared sub-expression is lowered once and cloned).

use datafusion::arrow::datatypes::{DataType, Field, IntervalMonthDayNano, IntervalUnit, TimeUnit, UnionFields, UnionMode};
use datafusion::common::{ScalarValue, TableReference, UnnestOptions};
use datafusion::dataframe::DataFrame;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::{cast, ident, lit, try_cast, Expr, SortExpr};

use std::collections::HashMap;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, JoinType};

use std::sync::Arc;

use datafusion::logical_expr::expr::WindowFunction;
use datafusion::logical_expr::expr_fn::{in_subquery, not_in_subquery, scalar_subquery};
use datafusion::logical_expr::{
    LogicalPlanBuilder, LogicalPlanBuilderOptions, WindowFrame, WindowFrameBound, WindowFrameUnits,
};

use super::ir_json::{self, FrameJson, FrameUnit, JoinKind, JoinOutputJson, NodeJson, SetOpKind, SortKeyJson, TypeJson};
use super::ops;
use crate::errors::{ErrorCode, IbexError, IbexResult};

enum Lowered {
    Relation(DataFrame),
    Value(Expr),
    /// An analytic function (rank, lag, ...): only meaningful under a window.
    WindowOnly,
}

fn invalid(message: String) -> IbexError {
    IbexError::new(ErrorCode::InvalidInput, message)
}

fn time_unit(t: &TypeJson) -> IbexResult<TimeUnit> {
    Ok(match t.unit.as_deref() {
        Some("s") => TimeUnit::Second,
        Some("ms") => TimeUnit::Millisecond,
        Some("us") | None => TimeUnit::Microsecond,
        Some("ns") => TimeUnit::Nanosecond,
        Some(other) => return Err(invalid(format!("unknown timestamp unit {other:?}"))),
    })
}

/// True for types with struct fields somewhere: the Substrait lane cannot
/// spell their names in a cast, so neither lane casts them.
fn holds_struct(t: &DataType) -> bool {
    match t {
        DataType::Struct(_) => true,
        DataType::List(f) | DataType::Map(f, _) => holds_struct(f.data_type()),
        _ => false,
    }
}

/// UTC spelled as an offset is `UTC` in computed types, as on the Substrait
/// lane (whose consumer types every UTC timestamp `UTC`), so the lanes agree.
fn utc_as_named(zone: &str) -> &str {
    if zone == "+00:00" {
        "UTC"
    } else {
        zone
    }
}

fn child<'a>(t: &'a Option<Box<TypeJson>>, what: &str, kind: &str) -> IbexResult<&'a TypeJson> {
    t.as_deref().ok_or_else(|| invalid(format!("a {kind} type without its {what} type")))
}

/// The Arrow type of an IR type. Nested fields are nullable, as DataFusion's
/// own functions make them (list items, struct fields, map values); map keys
/// are not.
pub fn arrow_type(t: &TypeJson) -> IbexResult<DataType> {
    Ok(match t.kind.as_str() {
        "null" => DataType::Null,
        "bool" => DataType::Boolean,
        "int8" => DataType::Int8,
        "int16" => DataType::Int16,
        "int32" => DataType::Int32,
        "int64" => DataType::Int64,
        "uint8" => DataType::UInt8,
        "uint16" => DataType::UInt16,
        "uint32" => DataType::UInt32,
        "uint64" => DataType::UInt64,
        "float32" => DataType::Float32,
        "float64" => DataType::Float64,
        "decimal" => DataType::Decimal128(
            t.precision.ok_or_else(|| invalid("a decimal without precision".into()))?,
            t.scale.ok_or_else(|| invalid("a decimal without scale".into()))?,
        ),
        "utf8" => DataType::Utf8,
        "binary" => DataType::Binary,
        "date32" => DataType::Date32,
        "time64" => DataType::Time64(TimeUnit::Microsecond),
        "timestamp" => DataType::Timestamp(time_unit(t)?, t.timezone.as_deref().map(utc_as_named).map(Arc::from)),
        "interval" => DataType::Interval(IntervalUnit::MonthDayNano),
        "list" => DataType::List(Arc::new(Field::new_list_field(arrow_type(child(&t.element, "element", "list")?)?, true))),
        "struct" => {
            let fields = t.fields.as_ref().ok_or_else(|| invalid("a struct type without fields".into()))?;
            DataType::Struct(
                fields
                    .iter()
                    .map(|f| Ok(Field::new(&f.name, arrow_type(&f.data_type)?, true)))
                    .collect::<IbexResult<Vec<_>>>()?
                    .into(),
            )
        }
        "map" => {
            let key = Field::new("key", arrow_type(child(&t.key, "key", "map")?)?, false);
            let value = Field::new("value", arrow_type(child(&t.value, "value", "map")?)?, true);
            DataType::Map(Arc::new(Field::new_struct("entries", vec![key, value], false)), false)
        }
        "union" => {
            let fields = t.fields.as_ref().ok_or_else(|| invalid("a union type without members".into()))?;
            let members = fields
                .iter()
                .map(|f| Ok(Field::new(&f.name, arrow_type(&f.data_type)?, true)))
                .collect::<IbexResult<Vec<_>>>()?;
            let ids = 0..i8::try_from(members.len()).map_err(|_| invalid("a union with over 127 members".into()))?;
            let mode = match t.mode.as_deref() {
                Some("dense") => UnionMode::Dense,
                _ => UnionMode::Sparse,
            };
            DataType::Union(UnionFields::try_new(ids, members)?, mode)
        }
        other => return Err(invalid(format!("unknown IR type kind {other:?}"))),
    })
}

fn literal(value: &serde_json::Value, t: &TypeJson) -> IbexResult<ScalarValue> {
    use serde_json::Value as J;
    let bad = || invalid(format!("literal {value} does not fit type {}", t.kind));
    if value.is_null() {
        // A typed null of the IR type (nested kinds included).
        return ScalarValue::try_from(&arrow_type(t)?).map_err(IbexError::from);
    }
    // Integer-like values travel as decimal strings (JSON numbers lose precision).
    let int = || -> IbexResult<i128> { value.as_str().and_then(|s| s.parse::<i128>().ok()).ok_or_else(bad) };
    let fit = |v: i128| -> IbexResult<i64> { i64::try_from(v).map_err(|_| bad()) };
    let float = || -> IbexResult<f64> {
        match value {
            J::Number(n) => n.as_f64().ok_or_else(bad),
            // Strings carry the exact value: Rust's str::parse rounds correctly,
            // serde_json's default number parser may be off by an ulp.
            J::String(s) => Ok(match s.as_str() {
                "NaN" => f64::NAN,
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                text => text.parse::<f64>().map_err(|_| bad())?,
            }),
            _ => Err(bad()),
        }
    };
    Ok(match t.kind.as_str() {
        "int8" => ScalarValue::Int8(Some(i8::try_from(int()?).map_err(|_| bad())?)),
        "int16" => ScalarValue::Int16(Some(i16::try_from(int()?).map_err(|_| bad())?)),
        "int32" => ScalarValue::Int32(Some(i32::try_from(int()?).map_err(|_| bad())?)),
        "int64" => ScalarValue::Int64(Some(fit(int()?)?)),
        "uint8" => ScalarValue::UInt8(Some(u8::try_from(int()?).map_err(|_| bad())?)),
        "uint16" => ScalarValue::UInt16(Some(u16::try_from(int()?).map_err(|_| bad())?)),
        "uint32" => ScalarValue::UInt32(Some(u32::try_from(int()?).map_err(|_| bad())?)),
        "uint64" => ScalarValue::UInt64(Some(u64::try_from(int()?).map_err(|_| bad())?)),
        // f64 -> f32 rounds to nearest, as JS's Math.fround does.
        "float32" => ScalarValue::Float32(Some(float()? as f32)),
        "float64" => ScalarValue::Float64(Some(float()?)),
        "decimal" => match arrow_type(t)? {
            DataType::Decimal128(p, s) => ScalarValue::Decimal128(Some(int()?), p, s),
            _ => unreachable!("decimal maps to Decimal128"),
        },
        "utf8" => ScalarValue::Utf8(Some(value.as_str().ok_or_else(bad)?.to_string())),
        "binary" => {
            let hex = value.as_str().ok_or_else(bad)?;
            if hex.len() % 2 != 0 {
                return Err(bad());
            }
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad()))
                .collect::<IbexResult<Vec<u8>>>()?;
            ScalarValue::Binary(Some(bytes))
        }
        "bool" => ScalarValue::Boolean(Some(value.as_bool().ok_or_else(bad)?)),
        "date32" => ScalarValue::Date32(Some(value.as_i64().and_then(|d| i32::try_from(d).ok()).ok_or_else(bad)?)),
        "time64" => ScalarValue::Time64Microsecond(Some(fit(int()?)?)),
        "timestamp" => {
            let v = Some(fit(int()?)?);
            let tz: Option<Arc<str>> = t.timezone.as_deref().map(utc_as_named).map(Arc::from);
            match time_unit(t)? {
                TimeUnit::Second => ScalarValue::TimestampSecond(v, tz),
                TimeUnit::Millisecond => ScalarValue::TimestampMillisecond(v, tz),
                TimeUnit::Microsecond => ScalarValue::TimestampMicrosecond(v, tz),
                TimeUnit::Nanosecond => ScalarValue::TimestampNanosecond(v, tz),
            }
        }
        "interval" => {
            let months = value.get("months").and_then(J::as_i64).and_then(|v| i32::try_from(v).ok()).ok_or_else(bad)?;
            let days = value.get("days").and_then(J::as_i64).and_then(|v| i32::try_from(v).ok()).ok_or_else(bad)?;
            let nanos = value.get("nanoseconds").and_then(J::as_str).and_then(|s| s.parse::<i64>().ok()).ok_or_else(bad)?;
            ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(months, days, nanos)))
        }
        "null" | "list" | "struct" | "map" => return Err(invalid(format!("{} literals are not supported", t.kind))),
        other => return Err(invalid(format!("unknown IR type kind {other:?}"))),
    })
}

const LEFT: &str = "__ibex_l";
const RIGHT: &str = "__ibex_r";

/// A join: each side gets its own qualifier (so same-named columns, and
/// self-joins, stay apart), the predicate's scope names are mapped to
/// qualified columns, and the output is selected and named explicitly.
fn join(
    left: DataFrame,
    right: DataFrame,
    how: JoinKind,
    left_names: &[String],
    right_names: &[String],
    predicate: Option<Expr>,
    output: &[JoinOutputJson],
) -> IbexResult<DataFrame> {
    let (l, r) = (left.alias(LEFT)?, right.alias(RIGHT)?);
    let mut scope: HashMap<&str, Column> = HashMap::new();
    for (names, df, qualifier) in [(left_names, &l, LEFT), (right_names, &r, RIGHT)] {
        if names.len() != df.schema().fields().len() {
            return Err(invalid(format!("join names {} fields, the input has {}", names.len(), df.schema().fields().len())));
        }
        for (name, field) in names.iter().zip(df.schema().fields()) {
            scope.insert(name.as_str(), Column::new(Some(qualifier), field.name()));
        }
    }
    let join_type = match how {
        JoinKind::Inner | JoinKind::Cross => JoinType::Inner,
        JoinKind::Left => JoinType::Left,
        JoinKind::Right => JoinType::Right,
        JoinKind::Outer => JoinType::Full,
        JoinKind::Semi => JoinType::LeftSemi,
        JoinKind::Anti => JoinType::LeftAnti,
    };
    let on = match predicate {
        None => vec![],
        Some(p) => vec![p
            .transform(|e| match e {
                Expr::Column(c) if c.relation.is_none() => match scope.get(c.name.as_str()) {
                    Some(q) => Ok(Transformed::yes(Expr::Column(q.clone()))),
                    None => Ok(Transformed::no(Expr::Column(c))),
                },
                other => Ok(Transformed::no(other)),
            })?
            .data],
    };
    let joined = l.join_on(r, join_type, on)?;
    let exprs = output
        .iter()
        .map(|o| {
            let col = scope.get(o.scope.as_str()).ok_or_else(|| invalid(format!("join output {:?} is not in scope", o.scope)))?;
            Ok(Expr::Column(col.clone()).alias(o.name.as_str()))
        })
        .collect::<IbexResult<Vec<_>>>()?;
    Ok(joined.select(exprs)?)
}

/// A window frame as DataFusion's Substrait consumer builds it, so both lanes
/// evaluate the same frame. Without a frame (ranking and offset functions):
/// the whole partition, in ROWS without an order and RANGE with one.
fn window_frame(frame: Option<FrameJson>, unordered: bool) -> WindowFrame {
    let range = matches!(frame, Some(FrameJson { unit: FrameUnit::Range, .. }));
    // DataFusion's type coercion converts only Utf8 frame offsets to the order
    // key's type (as its SQL planner writes them); any other type is kept, and
    // a RANGE offset whose type differs from the key's silently acts as
    // UNBOUNDED. ROWS offsets are UInt64.
    let offset = |n: i64| {
        if range {
            ScalarValue::Utf8(Some(n.unsigned_abs().to_string()))
        } else {
            ScalarValue::UInt64(Some(n.unsigned_abs()))
        }
    };
    let bound = |v: Option<i64>, lower: bool| match v {
        None if lower => WindowFrameBound::Preceding(ScalarValue::Null),
        None => WindowFrameBound::Following(ScalarValue::Null),
        Some(0) => WindowFrameBound::CurrentRow,
        Some(n) if n < 0 => WindowFrameBound::Preceding(offset(n)),
        Some(n) => WindowFrameBound::Following(offset(n)),
    };
    match frame {
        None => WindowFrame::new_bounds(
            if unordered { WindowFrameUnits::Rows } else { WindowFrameUnits::Range },
            bound(None, true),
            bound(None, false),
        ),
        Some(f) => WindowFrame::new_bounds(
            match f.unit {
                FrameUnit::Rows => WindowFrameUnits::Rows,
                FrameUnit::Range => WindowFrameUnits::Range,
            },
            bound(f.start, true),
            bound(f.end, false),
        ),
    }
}

/// Which value nodes contain a subquery (relation nodes: false). Nodes come
/// children-first, so one forward pass suffices.
fn subquery_flags(nodes: &[NodeJson]) -> Vec<bool> {
    let mut flags: Vec<bool> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let children: Vec<usize> = match node {
            NodeJson::Cast { input, .. } => vec![*input],
            NodeJson::Call { args, .. } => args.clone(),
            NodeJson::AggregateCall { args, filter, order_by, .. } => {
                args.iter().copied().chain(*filter).chain(order_by.iter().map(|k| k.expr)).collect()
            }
            NodeJson::Window { func, partition_by, order_by, .. } => std::iter::once(*func)
                .chain(partition_by.iter().copied())
                .chain(order_by.iter().map(|k| k.expr))
                .collect(),
            _ => vec![],
        };
        let flag = matches!(node, NodeJson::ScalarSubquery { .. } | NodeJson::InSubquery { .. })
            || children.iter().any(|i| flags.get(*i).copied().unwrap_or(false));
        flags.push(flag);
    }
    flags
}

/// Lowers an IR JSON document to a DataFrame on `ctx`.
pub async fn to_dataframe(ctx: &SessionContext, json: &str) -> IbexResult<DataFrame> {
    let doc = ir_json::parse(json)?;
    let mut lowered: Vec<Lowered> = Vec::with_capacity(doc.nodes.len());
    // A filter or projection with a subquery reads a qualified input: an
    // aggregate's output fields are unqualified, and DataFusion's
    // decorrelation then finds `a` ambiguous against the subquery's `sq.a`.
    let has_subquery = subquery_flags(&doc.nodes);
    let qualified = |df: DataFrame, at: usize, exprs: Vec<usize>| -> IbexResult<DataFrame> {
        if exprs.iter().any(|i| has_subquery.get(*i).copied().unwrap_or(false)) {
            Ok(df.alias(&format!("__ibex_q{at}"))?)
        } else {
            Ok(df)
        }
    };

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
    let sort_keys = |lowered: &Vec<Lowered>, at: usize, keys: &[SortKeyJson]| -> IbexResult<Vec<SortExpr>> {
        keys.iter().map(|k| Ok(value(lowered, at, k.expr)?.sort(k.ascending, k.nulls_first))).collect()
    };
    let named = |lowered: &Vec<Lowered>, at: usize, cols: &[ir_json::ProjectColumnJson]| -> IbexResult<Vec<Expr>> {
        cols.iter().map(|c| Ok(value(lowered, at, c.expr)?.alias(c.name.as_str()))).collect()
    };

    for (at, node) in doc.nodes.iter().enumerate() {
        let out = match node {
            NodeJson::Table { name, .. } | NodeJson::Memtable { name, .. } => {
                Lowered::Relation(ctx.table(TableReference::bare(name.as_str())).await?)
            }
            NodeJson::Filter { input, predicates } => {
                let df = qualified(relation(&lowered, at, *input)?, at, predicates.clone())?;
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
                // Always read a qualified input: with unqualified input fields
                // (an aggregate's output), DataFusion can resolve a later
                // reference to an output column `c0` to the input's `c0` when
                // the projection both redefines `c0` and passes the old one on
                // under another name (found by the lane-agreement test).
                let df = relation(&lowered, at, *input)?.alias(&format!("__ibex_q{at}"))?;
                let exprs = columns
                    .iter()
                    .map(|c| Ok(value(&lowered, at, c.expr)?.alias(c.name.as_str())))
                    .collect::<IbexResult<Vec<_>>>()?;
                Lowered::Relation(df.select(exprs)?)
            }
            NodeJson::Column { name, .. } => Lowered::Value(ident(name.as_str())),
            NodeJson::Literal { value: v, data_type } => Lowered::Value(lit(literal(v, data_type)?)),
            NodeJson::Cast { input, safe, data_type } => {
                let input = value(&lowered, at, *input)?;
                let to = arrow_type(data_type)?;
                Lowered::Value(if *safe { try_cast(input, to) } else { cast(input, to) })
            }
            NodeJson::Call { op, args, function, leading, data_type } => {
                let leading = leading.iter().map(|s| lit(s.as_str()));
                let args = leading
                    .map(Ok)
                    .chain(args.iter().map(|a| value(&lowered, at, *a)))
                    .collect::<IbexResult<Vec<_>>>()?;
                let result = arrow_type(data_type)?;
                let expr = ops::call(ctx, op, function.as_deref(), args, &result)?;
                // Every call's result has the IR's type, as on the Substrait lane
                // (operators keep an input's zone spelling, `+00:00`, where the
                // IR says `UTC`); DataFusion drops casts that change nothing,
                // but not from a join's predicate, where a cast around `a = b`
                // hides the equi-keys: booleans, the same in every function, stay bare.
                let bare = holds_struct(&result) || result == datafusion::arrow::datatypes::DataType::Boolean;
                Lowered::Value(if bare { expr } else { cast(expr, result) })
            }
            NodeJson::AggregateCall { op, .. } if ops::window_name(op).is_some() => Lowered::WindowOnly,
            NodeJson::AggregateCall { op, args, distinct, filter, order_by, .. } => {
                let args = args.iter().map(|a| value(&lowered, at, *a)).collect::<IbexResult<Vec<_>>>()?;
                let filter = filter.map(|f| value(&lowered, at, f)).transpose()?;
                let order_by = sort_keys(&lowered, at, order_by)?;
                Lowered::Value(ops::aggregate(ctx, op, args, *distinct, filter, order_by)?)
            }
            // Subqueries get their own qualifier: a subquery over the same table
            // as the outer query otherwise has the same qualified field names,
            // which DataFusion's decorrelation finds ambiguous once it joins them.
            NodeJson::ScalarSubquery { relation: r } => {
                let plan = relation(&lowered, at, *r)?.alias(&format!("__ibex_sq{at}"))?.logical_plan().clone();
                Lowered::Value(scalar_subquery(Arc::new(plan)))
            }
            NodeJson::InSubquery { needle, relation: r, negated } => {
                let needle = value(&lowered, at, *needle)?;
                let df = relation(&lowered, at, *r)?.alias(&format!("__ibex_sq{at}"))?;
                let plan = Arc::new(df.logical_plan().clone());
                Lowered::Value(if *negated { not_in_subquery(needle, plan) } else { in_subquery(needle, plan) })
            }
            NodeJson::Window { func, partition_by, order_by, frame, data_type } => {
                let Some(NodeJson::AggregateCall { op, args, distinct, filter, .. }) =
                    doc.nodes.get(*func).filter(|_| *func < at)
                else {
                    return Err(invalid(format!("window node {at} expects an aggregate call at node {func}")));
                };
                let mut args = args.iter().map(|a| value(&lowered, at, *a)).collect::<IbexResult<Vec<_>>>()?;
                if op == "count" && args.is_empty() {
                    args.push(lit(1i64)); // COUNT(*), as DataFusion spells it
                }
                let mut order_by = sort_keys(&lowered, at, order_by)?;
                let frame = window_frame(*frame, order_by.is_empty());
                frame.regularize_order_bys(&mut order_by)?;
                let mut wf = WindowFunction::new(ops::window_function(ctx, op)?, args);
                wf.params.partition_by =
                    partition_by.iter().map(|p| value(&lowered, at, *p)).collect::<IbexResult<Vec<_>>>()?;
                wf.params.order_by = order_by;
                wf.params.window_frame = frame;
                wf.params.filter = filter.map(|f| value(&lowered, at, f)).transpose()?.map(Box::new);
                wf.params.distinct = *distinct;
                // Ranks come back as UInt64; the IR types them int64.
                Lowered::Value(cast(Expr::from(wf), arrow_type(data_type)?))
            }
            NodeJson::Aggregate { input, keys, measures } => {
                let df = relation(&lowered, at, *input)?;
                // Not DataFrame::aggregate: it appends the input columns that are
                // functionally dependent on the keys (when the keys are unique),
                // which changes the output and can collide with a measure's name.
                // The IR's output is exactly keys ++ measures.
                let (state, plan) = df.into_parts();
                let plan = LogicalPlanBuilder::from(plan)
                    .with_options(LogicalPlanBuilderOptions::new().with_add_implicit_group_by_exprs(false))
                    .aggregate(named(&lowered, at, keys)?, named(&lowered, at, measures)?)?
                    .build()?;
                Lowered::Relation(DataFrame::new(state, plan))
            }
            NodeJson::Sort { input, keys } => {
                let df = relation(&lowered, at, *input)?;
                Lowered::Relation(df.sort(sort_keys(&lowered, at, keys)?)?)
            }
            NodeJson::Limit { input, count, offset } => {
                let df = relation(&lowered, at, *input)?;
                Lowered::Relation(df.limit(*offset as usize, count.map(|c| c as usize))?)
            }
            NodeJson::Distinct { input } => Lowered::Relation(relation(&lowered, at, *input)?.distinct()?),
            NodeJson::Unnest { input, column } => {
                // Null and empty lists give no rows (Ibis's keep_empty=False).
                let options = UnnestOptions::new().with_preserve_nulls(false);
                Lowered::Relation(relation(&lowered, at, *input)?.unnest_columns_with_options(&[column.as_str()], options)?)
            }
            NodeJson::Join { how, left, right, left_names, right_names, predicate, output } => {
                let predicate = predicate.map(|p| value(&lowered, at, p)).transpose()?;
                let (l, r) = (relation(&lowered, at, *left)?, relation(&lowered, at, *right)?);
                Lowered::Relation(join(l, r, *how, left_names, right_names, predicate, output)?)
            }
            NodeJson::SetOp { op, distinct, left, right } => {
                let (l, r) = (relation(&lowered, at, *left)?, relation(&lowered, at, *right)?);
                Lowered::Relation(match (op, distinct) {
                    (SetOpKind::Union, false) => l.union(r)?,
                    (SetOpKind::Union, true) => l.union_distinct(r)?,
                    (SetOpKind::Intersect, false) => l.intersect(r)?,
                    (SetOpKind::Intersect, true) => l.intersect_distinct(r)?,
                    (SetOpKind::Difference, false) => l.except(r)?,
                    (SetOpKind::Difference, true) => l.except_distinct(r)?,
                })
            }
        };
        lowered.push(out);
    }
    match lowered.swap_remove(doc.root) {
        Lowered::Relation(df) => Ok(df),
        Lowered::Value(_) | Lowered::WindowOnly => Err(invalid(format!("root node {} is not a relation", doc.root))),
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
        let t: TypeJson = serde_json::from_value(serde_json::json!({ "kind": "float64", "nullable": false })).unwrap();
        // 1 ulp apart from what serde_json's default number parser returns for this text.
        let text = "-5.965645242792064e-111";
        let exact: f64 = text.parse().unwrap();
        assert_eq!(literal(&serde_json::json!(text), &t).unwrap(), ScalarValue::Float64(Some(exact)));
        let neg_zero = literal(&serde_json::json!("-0"), &t).unwrap();
        assert!(matches!(neg_zero, ScalarValue::Float64(Some(z)) if z == 0.0 && z.is_sign_negative()));
        assert!(literal(&serde_json::json!("one"), &t).is_err());
    }
}
