//! Standard Substrait function names for DataFusion functions whose own names
//! differ, registered as aliases in every session. DataFusion's Substrait
//! consumer looks function names up in the session registry, so plans can use
//! the portable names; the DataFrame lane resolves the same names, so one
//! registration serves both lanes.

use datafusion::execution::context::SessionContext;
use datafusion::execution::FunctionRegistry;

/// (DataFusion function, extra names).
const ALIASES: &[(&str, &[&str])] = &[
    ("signum", &["sign"]),
    ("isnan", &["is_nan"]),
    ("btrim", &["trim"]),
    ("to_char", &["strftime"]),
    ("to_date", &["strptime_date"]),
    ("to_timestamp", &["strptime_timestamp"]),
    ("to_time", &["strptime_time"]),
];

/// Scalar functions Ibex lowers to by name (both lanes resolve them in the
/// session registry). Operators (`add`, `equal`, `and`, `like`, ...) are
/// DataFusion's own expressions, not registry functions, so they are not here.
pub const REQUIRED_SCALAR: &[&str] = &[
    "abs", "acos", "array_concat", "array_element", "array_has", "array_length", "array_slice", "asin", "atan",
    "atan2", "ceil", "char_length", "coalesce", "concat", "contains", "cos", "current_date", "date_part",
    "date_trunc", "ends_with", "exp", "floor", "get_field", "greatest", "is_nan", "least", "left", "ln", "log10",
    "log2", "lower", "lpad", "ltrim", "map", "named_struct", "now",
    "nullif", "power", "regexp_like", "regexp_match", "regexp_replace", "regexp_split", "repeat", "replace",
    "reverse", "right", "round", "rpad", "rtrim", "sign", "sin", "sqrt", "starts_with", "strftime",
    "string_to_array", "strpos", "strptime_date", "strptime_time", "strptime_timestamp", "substring", "tan", "trim",
    "upper", "ibex_stable_hash64", "ibex_stable_hash128", "ibex_prefixed_hash64", "ibex_stable_id",
    "ibex_col_to_byte", "ibex_list_extract", "ibex_list_unique", "ibex_map_entries", "ibex_map_extract",
    "ibex_map_keys", "ibex_map_values", "ibex_arrow_metadata", "ibex_union_tag", "ibex_union_extract",
];

/// Aggregate functions Ibex lowers to (Substrait names and the DataFrame lane's).
pub const REQUIRED_AGGREGATE: &[&str] = &[
    "array_agg", "avg", "bool_and", "bool_or", "count", "first_value", "last_value", "max", "median", "min",
    "percentile_cont", "quantile_cont", "stddev", "stddev_pop", "string_agg", "sum", "var_pop", "var_samp",
    "ibex_first_value_agg", "ibex_last_value_agg", "ibex_count_distinct_agg", "ibex_string_agg",
];

/// Window functions Ibex lowers to.
pub const REQUIRED_WINDOW: &[&str] = &[
    "cume_dist", "dense_rank", "first_value", "lag", "last_value", "lead", "nth_value", "ntile", "percent_rank",
    "rank", "row_number", "ibex_row_index", "ibex_row_number_window", "ibex_running_count", "ibex_running_total",
    "ibex_lag_window", "ibex_lead_window",
];

/// Table functions Ibex relies on.
pub const REQUIRED_TABLE: &[&str] = &[crate::udf::RANGE_TABLE];

/// The required functions this session lacks (empty when all are registered).
pub fn missing_functions(ctx: &SessionContext) -> Vec<String> {
    let state = ctx.state();
    let scalar = REQUIRED_SCALAR.iter().filter(|n| state.udf(n).is_err()).map(|n| format!("{n} (scalar)"));
    let aggregate = REQUIRED_AGGREGATE.iter().filter(|n| state.udaf(n).is_err()).map(|n| format!("{n} (aggregate)"));
    let window = REQUIRED_WINDOW
        .iter()
        .filter(|n| state.udwf(n).is_err() && state.udaf(n).is_err())
        .map(|n| format!("{n} (window)"));
    let table = REQUIRED_TABLE.iter().filter(|n| ctx.table_function(n).is_err()).map(|n| format!("{n} (table)"));
    scalar.chain(aggregate).chain(window).chain(table).collect()
}

/// How many functions are required.
pub fn required_count() -> usize {
    REQUIRED_SCALAR.len() + REQUIRED_AGGREGATE.len() + REQUIRED_WINDOW.len() + REQUIRED_TABLE.len()
}

/// Registers the aliases. A function missing from this build is skipped
/// (a query using it then fails with a clear "no function" error).
pub fn register_aliases(ctx: &SessionContext) {
    for (name, aliases) in ALIASES {
        if let Ok(udf) = ctx.udf(name) {
            // with_aliases keeps the function's own aliases and adds these.
            ctx.register_udf(udf.as_ref().clone().with_aliases(aliases.iter().copied()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_required_function_is_registered_and_a_missing_one_is_named() {
        let ctx = crate::session::new_context(&Default::default());
        assert_eq!(missing_functions(&ctx), Vec::<String>::new());
        ctx.deregister_udf("date_part");
        ctx.deregister_udaf("median");
        assert_eq!(missing_functions(&ctx), vec!["date_part (scalar)".to_string(), "median (aggregate)".to_string()]);
    }

    #[test]
    fn standard_names_resolve() {
        let ctx = SessionContext::new();
        register_aliases(&ctx);
        for (name, aliases) in ALIASES {
            for alias in *aliases {
                assert_eq!(ctx.udf(alias).expect(alias).name(), *name);
            }
        }
    }
}
