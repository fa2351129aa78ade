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
