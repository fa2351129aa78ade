//! The primary lane: Substrait plan bytes (made by `@ibex/compiler-substrait`)
//! -> DataFusion's Substrait consumer -> a DataFrame.

use datafusion::dataframe::DataFrame;
use datafusion::execution::context::SessionContext;
use datafusion_substrait::logical_plan::consumer::from_substrait_plan;
use datafusion_substrait::substrait::proto::Plan;
use prost::Message;

use std::panic::AssertUnwindSafe;

use futures::FutureExt;

use crate::errors::{panic_message, ErrorCode, IbexError, IbexResult};

/// Decodes binary protobuf Substrait plan bytes.
pub fn decode_plan(bytes: &[u8]) -> IbexResult<Plan> {
    Plan::decode(bytes)
        .map_err(|e| IbexError::new(ErrorCode::InvalidInput, format!("not a valid Substrait plan: {e}")))
}

/// Plans Substrait bytes against the session's catalog and function registry.
pub async fn to_dataframe(ctx: &SessionContext, bytes: &[u8]) -> IbexResult<DataFrame> {
    let plan = decode_plan(bytes)?;
    // Every failure at this stage is the consumer refusing the plan (a
    // distinct code, so the TS side can fall back to the DataFrame lane);
    // failures while running it keep their own codes.
    // The consumer trusts references inside the plan (field indexes, anchors)
    // and can panic on a malformed one: that is a rejected plan, not a crash.
    let state = ctx.state();
    let consumed = AssertUnwindSafe(from_substrait_plan(&state, &plan)).catch_unwind().await.map_err(|payload| {
        IbexError::new(
            ErrorCode::SubstraitRejected,
            format!("Substrait consumer rejected the plan: it is malformed ({})", panic_message(payload.as_ref())),
        )
    })?;
    let logical = consumed
        .map_err(|e| IbexError::new(ErrorCode::SubstraitRejected, format!("Substrait consumer rejected the plan: {e}")))?;
    Ok(ctx.execute_logical_plan(logical).await?)
}

/// The plan as canonical Substrait JSON (proto3 JSON mapping), for debugging.
pub fn plan_to_json(bytes: &[u8]) -> IbexResult<String> {
    let plan = decode_plan(bytes)?;
    serde_json::to_string_pretty(&plan)
        .map_err(|e| IbexError::new(ErrorCode::Internal, format!("cannot render plan as JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{block_on, int_table_ctx, rows_as_strings};
    use datafusion::prelude::{col, lit};
    use datafusion_substrait::logical_plan::producer::to_substrait_plan;

    #[test]
    fn runs_plan_bytes_and_shows_them_as_json() {
        let ctx = int_table_ctx();
        let (bytes, expected) = block_on(async {
            // Test oracle only: DataFusion's own producer makes a reference plan.
            let df = ctx.table("t").await.unwrap().filter(col("a").gt_eq(lit(2i64))).unwrap();
            let plan = to_substrait_plan(df.logical_plan(), &ctx.state()).unwrap();
            (plan.encode_to_vec(), rows_as_strings(&df.collect().await.unwrap()))
        });
        let got = block_on(async { to_dataframe(&ctx, &bytes).await.unwrap().collect().await.unwrap() });
        assert_eq!(rows_as_strings(&got), expected);
        let json = plan_to_json(&bytes).unwrap();
        assert!(json.contains("\"namedTable\""), "{json}");
    }

    #[test]
    fn rejects_malformed_bytes() {
        let ctx = int_table_ctx();
        let err = block_on(to_dataframe(&ctx, &[0xff, 0x00, 0x13, 0x37])).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("not a valid Substrait plan"), "{}", err.message);
    }
}
