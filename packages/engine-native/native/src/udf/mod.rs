//! Ibex's own Rust functions, registered in every session. DataFusion's
//! Substrait consumer resolves function names in the session registry, so one
//! registration serves both lanes; no JavaScript runs inside a query.

mod regexp_split;
mod stable_hash;

use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::ScalarUDF;

/// Registers every Ibex function in `ctx`.
pub fn register_all(ctx: &SessionContext) {
    ctx.register_udf(ScalarUDF::new_from_impl(regexp_split::RegexpSplit::new()));
    use stable_hash::{HashKind, StableHash};
    for kind in [HashKind::Hash64, HashKind::Hash128, HashKind::PrefixedHash64, HashKind::StableId, HashKind::ColToByte] {
        ctx.register_udf(ScalarUDF::new_from_impl(StableHash::new(kind)));
    }
}
