//! Ibex's own Rust functions, registered in every session. DataFusion's
//! Substrait consumer resolves function names in the session registry, so one
//! registration serves both lanes; no JavaScript runs inside a query.
//! One module per family, each documenting its functions' semantics.

mod aggregates;
mod arrow_meta;
mod list_map;
mod range_table;
mod regexp_split;
mod stable_hash;
mod windows;

use std::sync::Arc;

use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF, WindowUDF};

pub use range_table::{range_len, RangeTable};

/// The name the range table function is registered under.
pub const RANGE_TABLE: &str = "ibex_range_table";

/// Registers every Ibex function in `ctx`.
pub fn register_all(ctx: &SessionContext) {
    ctx.register_udf(ScalarUDF::new_from_impl(regexp_split::RegexpSplit::new()));
    use stable_hash::{HashKind, StableHash};
    for kind in [HashKind::Hash64, HashKind::Hash128, HashKind::PrefixedHash64, HashKind::StableId, HashKind::ColToByte] {
        ctx.register_udf(ScalarUDF::new_from_impl(StableHash::new(kind)));
    }
    for kind in list_map::ListMapFunction::ALL {
        ctx.register_udf(ScalarUDF::new_from_impl(list_map::ListMapFunction::new(kind)));
    }
    for kind in arrow_meta::ArrowMetaFunction::ALL {
        ctx.register_udf(ScalarUDF::new_from_impl(arrow_meta::ArrowMetaFunction::new(kind)));
    }
    for kind in aggregates::IbexAggregate::ALL {
        ctx.register_udaf(AggregateUDF::new_from_impl(aggregates::IbexAggregate::new(kind)));
    }
    for kind in windows::IbexWindow::ALL {
        ctx.register_udwf(WindowUDF::new_from_impl(windows::IbexWindow::new(kind)));
    }
    ctx.register_udtf(RANGE_TABLE, Arc::new(RangeTable));
}
