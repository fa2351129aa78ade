//! IR op name -> DataFusion Expr. Built-in operators map to DataFusion's
//! operators; any other op resolves by name in the session's function
//! registry, so a Rust UDF registered under the op's name serves this lane
//! exactly as it serves the Substrait lane.

use datafusion::execution::context::SessionContext;
use datafusion::execution::FunctionRegistry;
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::{binary_expr, cast, lit, when, Expr, Operator, SortExpr, WindowFunctionDefinition};

use crate::errors::{ErrorCode, IbexError, IbexResult};

fn binary(op: &str, args: Vec<Expr>, operator: Operator) -> IbexResult<Expr> {
    let [l, r]: [Expr; 2] = args
        .try_into()
        .map_err(|a: Vec<Expr>| IbexError::new(ErrorCode::InvalidInput, format!("{op} takes 2 arguments, got {}", a.len())))?;
    Ok(binary_expr(l, operator, r))
}

fn exact<const N: usize>(op: &str, args: Vec<Expr>) -> IbexResult<[Expr; N]> {
    args.try_into()
        .map_err(|a: Vec<Expr>| IbexError::new(ErrorCode::InvalidInput, format!("{op} takes {N} arguments, got {}", a.len())))
}

fn unary(op: &str, args: Vec<Expr>) -> IbexResult<Expr> {
    let [a]: [Expr; 1] = args
        .try_into()
        .map_err(|a: Vec<Expr>| IbexError::new(ErrorCode::InvalidInput, format!("{op} takes 1 argument, got {}", a.len())))?;
    Ok(a)
}

/// The DataFusion aggregate an IR aggregate op lowers to.
fn aggregate_name(op: &str) -> &str {
    match op {
        "mean" => "avg",
        "stdSample" => "stddev",
        "stdPop" => "stddev_pop",
        "varSample" => "var_samp",
        "varPop" => "var_pop",
        "quantile" => "percentile_cont",
        "first" => "first_value",
        "last" => "last_value",
        "any" => "bool_or",
        "all" => "bool_and",
        "groupConcat" => "string_agg",
        "collect" => "array_agg",
        // Ibex's own Rust aggregates (udf/aggregates.rs)
        "firstValueAgg" => "ibex_first_value_agg",
        "lastValueAgg" => "ibex_last_value_agg",
        "countDistinctAgg" => "ibex_count_distinct_agg",
        "stringAgg" => "ibex_string_agg",
        other => other, // count, sum, min, max, median, and registered Rust UDAFs
    }
}

/// The DataFusion window function an IR window-family op lowers to.
pub fn window_name(op: &str) -> Option<&'static str> {
    Some(match op {
        "rowNumber" => "row_number",
        "rank" => "rank",
        "denseRank" => "dense_rank",
        "percentRank" => "percent_rank",
        "cumeDist" => "cume_dist",
        "ntile" => "ntile",
        "lag" => "lag",
        "lead" => "lead",
        "firstValue" => "first_value",
        "lastValue" => "last_value",
        "nthValue" => "nth_value",
        // Ibex's own Rust window functions (udf/windows.rs)
        "rowIndex" => "ibex_row_index",
        "rowNumberWindow" => "ibex_row_number_window",
        "runningCount" => "ibex_running_count",
        "runningTotal" => "ibex_running_total",
        "lagWindow" => "ibex_lag_window",
        "leadWindow" => "ibex_lead_window",
        _ => return None,
    })
}

/// The function a window evaluates: like DataFusion's Substrait consumer, a
/// window function of the name first, then an aggregate, so both lanes pick
/// the same implementation.
pub fn window_function(ctx: &SessionContext, op: &str) -> IbexResult<WindowFunctionDefinition> {
    let name = window_name(op).unwrap_or_else(|| aggregate_name(op));
    if let Ok(udwf) = ctx.udwf(name) {
        return Ok(WindowFunctionDefinition::WindowUDF(udwf));
    }
    ctx.udaf(name).map(WindowFunctionDefinition::AggregateUDF).map_err(|_| {
        IbexError::new(ErrorCode::NotImplemented, format!("window function \"{op}\" has no DataFusion function \"{name}\""))
    })
}

/// Lowers one aggregate call.
pub fn aggregate(
    ctx: &SessionContext,
    op: &str,
    mut args: Vec<Expr>,
    distinct: bool,
    filter: Option<Expr>,
    order_by: Vec<SortExpr>,
) -> IbexResult<Expr> {
    let name = aggregate_name(op);
    let udaf = ctx.udaf(name).map_err(|_| {
        IbexError::new(ErrorCode::NotImplemented, format!("aggregate \"{op}\" has no DataFusion function \"{name}\""))
    })?;
    if op == "count" && args.is_empty() {
        args.push(lit(1i64)); // COUNT(*), as DataFusion spells it
    }
    Ok(Expr::AggregateFunction(AggregateFunction::new_udf(udaf, args, distinct, filter.map(Box::new), order_by, None)))
}

/// Lowers one call. Ops without a lowering of their own resolve by their
/// Substrait function name (`function`), exactly as the Substrait consumer
/// does, and are cast to the IR's result type (DataFusion returns int32 from
/// `char_length`, float64 from `ceil` of an integer, ...).
pub fn call(ctx: &SessionContext, op: &str, function: Option<&str>, args: Vec<Expr>, result: &DataType) -> IbexResult<Expr> {
    match op {
        "eq" => binary(op, args, Operator::Eq),
        "ne" => binary(op, args, Operator::NotEq),
        "lt" => binary(op, args, Operator::Lt),
        "le" => binary(op, args, Operator::LtEq),
        "gt" => binary(op, args, Operator::Gt),
        "ge" => binary(op, args, Operator::GtEq),
        "add" => binary(op, args, Operator::Plus),
        "sub" => binary(op, args, Operator::Minus),
        "mul" => binary(op, args, Operator::Multiply),
        "div" | "intDiv" => binary(op, args, Operator::Divide),
        "and" => binary(op, args, Operator::And),
        "or" => binary(op, args, Operator::Or),
        "not" => Ok(Expr::Not(Box::new(unary(op, args)?))),
        "isNull" => Ok(Expr::IsNull(Box::new(unary(op, args)?))),
        "like" | "ilike" => {
            let [x, pattern]: [Expr; 2] = exact(op, args)?;
            Ok(if op == "like" { x.like(pattern) } else { x.ilike(pattern) })
        }
        "ifElse" => {
            let [cond, then, otherwise]: [Expr; 3] = exact(op, args)?;
            Ok(when(cond, then).otherwise(otherwise)?)
        }
        "isin" => {
            let mut args = args.into_iter();
            let needle = args.next().ok_or_else(|| IbexError::new(ErrorCode::InvalidInput, "isin needs a value"))?;
            Ok(needle.in_list(args.collect(), false))
        }
        "negate" => Ok(Expr::Negative(Box::new(unary(op, args)?))),
        "mod" => binary(op, args, Operator::Modulo),
        "bitwiseAnd" => binary(op, args, Operator::BitwiseAnd),
        "bitwiseOr" => binary(op, args, Operator::BitwiseOr),
        "bitwiseXor" => binary(op, args, Operator::BitwiseXor),
        "bitwiseLeftShift" => binary(op, args, Operator::BitwiseShiftLeft),
        "bitwiseRightShift" => binary(op, args, Operator::BitwiseShiftRight),
        other => {
            let name = function.unwrap_or(other);
            let udf = ctx.udf(name).map_err(|_| {
                IbexError::new(
                    ErrorCode::NotImplemented,
                    format!("op \"{other}\" has no DataFrame lowering and no function \"{name}\" is registered"),
                )
            })?;
            Ok(cast(udf.call(args), result.clone()))
        }
    }
}
