//! Typed errors and panic capture for everything that crosses into JS.
//!
//! Every error message starts with a stable code (`IBEX_PLAN_ERROR: ...`),
//! which the TS side turns into a typed `IbexEngineError` with `code`.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use datafusion::error::DataFusionError;
use futures::FutureExt;

/// Stable error codes shared with the TS side (`engine-error.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Plan,
    Execution,
    NotImplemented,
    Substrait,
    SubstraitRejected,
    ResourcesExhausted,
    Cancelled,
    InvalidInput,
    Io,
    Panic,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Plan => "IBEX_PLAN_ERROR",
            ErrorCode::Execution => "IBEX_EXECUTION_ERROR",
            ErrorCode::NotImplemented => "IBEX_NOT_IMPLEMENTED",
            ErrorCode::Substrait => "IBEX_SUBSTRAIT_ERROR",
            ErrorCode::SubstraitRejected => "IBEX_SUBSTRAIT_REJECTED",
            ErrorCode::ResourcesExhausted => "IBEX_RESOURCES_EXHAUSTED",
            ErrorCode::Cancelled => "IBEX_CANCELLED",
            ErrorCode::InvalidInput => "IBEX_INVALID_INPUT",
            ErrorCode::Io => "IBEX_IO_ERROR",
            ErrorCode::Panic => "IBEX_PANIC",
            ErrorCode::Internal => "IBEX_INTERNAL_ERROR",
        }
    }
}

/// An error on its way to JS: a code and a readable message.
#[derive(Debug)]
pub struct IbexError {
    pub code: ErrorCode,
    pub message: String,
}

impl IbexError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

impl std::fmt::Display for IbexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for IbexError {}

/// The code a DataFusion error maps to, looking through context wrappers.
pub fn classify(err: &DataFusionError) -> ErrorCode {
    match err.find_root() {
        DataFusionError::Plan(_) | DataFusionError::SchemaError(..) => ErrorCode::Plan,
        DataFusionError::NotImplemented(_) => ErrorCode::NotImplemented,
        DataFusionError::Substrait(_) => ErrorCode::Substrait,
        DataFusionError::ResourcesExhausted(_) => ErrorCode::ResourcesExhausted,
        DataFusionError::IoError(_) | DataFusionError::ObjectStore(_) => ErrorCode::Io,
        DataFusionError::Internal(_) => ErrorCode::Internal,
        _ => ErrorCode::Execution,
    }
}

impl From<DataFusionError> for IbexError {
    fn from(err: DataFusionError) -> Self {
        // DataFusion appends a backtrace hint to some messages; keep only the text.
        let code = classify(&err);
        IbexError::new(code, err.to_string())
    }
}

impl From<datafusion::arrow::error::ArrowError> for IbexError {
    fn from(err: datafusion::arrow::error::ArrowError) -> Self {
        IbexError::new(ErrorCode::Execution, err.to_string())
    }
}

impl From<serde_json::Error> for IbexError {
    fn from(e: serde_json::Error) -> Self {
        IbexError::new(ErrorCode::Internal, format!("JSON encoding failed: {e}"))
    }
}

impl From<IbexError> for napi::Error {
    fn from(err: IbexError) -> Self {
        napi::Error::new(napi::Status::GenericFailure, err.to_string())
    }
}

pub type IbexResult<T> = Result<T, IbexError>;

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// Runs a future for JS: a panic inside it becomes an `IBEX_PANIC` error
/// instead of unwinding into the runtime, so the process and the session
/// stay usable.
pub async fn guarded<T, F>(fut: F) -> napi::Result<T>
where
    F: Future<Output = IbexResult<T>>,
{
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result.map_err(napi::Error::from),
        Err(payload) => Err(IbexError::new(
            ErrorCode::Panic,
            format!("Rust panic inside the engine: {}", panic_message(payload.as_ref())),
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_through_context() {
        let err = DataFusionError::Plan("bad".into()).context("while planning");
        assert_eq!(classify(&err), ErrorCode::Plan);
        let ibex: IbexError = err.into();
        assert!(ibex.to_string().starts_with("IBEX_PLAN_ERROR: "));
    }

    #[test]
    fn panic_becomes_error() {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let result: napi::Result<()> = rt.block_on(guarded(async { panic!("boom {}", 42) }));
        let err = result.unwrap_err();
        assert!(err.reason.contains("IBEX_PANIC"), "{}", err.reason);
        assert!(err.reason.contains("boom 42"), "{}", err.reason);
    }

    /// A UDF that panics on its first call, inside DataFusion's own tasks.
    #[derive(Debug, PartialEq, Eq, Hash)]
    struct PanickingUdf(datafusion::logical_expr::Signature);

    impl datafusion::logical_expr::ScalarUDFImpl for PanickingUdf {
        fn name(&self) -> &str {
            "panics"
        }
        fn signature(&self) -> &datafusion::logical_expr::Signature {
            &self.0
        }
        fn return_type(&self, _: &[datafusion::arrow::datatypes::DataType]) -> datafusion::common::Result<datafusion::arrow::datatypes::DataType> {
            Ok(datafusion::arrow::datatypes::DataType::Int64)
        }
        fn invoke_with_args(
            &self,
            _: datafusion::logical_expr::ScalarFunctionArgs,
        ) -> datafusion::common::Result<datafusion::logical_expr::ColumnarValue> {
            panic!("a UDF went wrong")
        }
    }

    #[test]
    fn a_panicking_udf_fails_its_query_and_leaves_the_session_usable() {
        use datafusion::logical_expr::{ScalarUDF, Signature, Volatility};
        use datafusion::prelude::col;
        let ctx = crate::test_support::int_table_ctx();
        let udf = ScalarUDF::new_from_impl(PanickingUdf(Signature::any(1, Volatility::Volatile)));
        ctx.register_udf(udf.clone());
        let err = crate::test_support::block_on(guarded(async {
            let df = ctx.table("t").await?.select(vec![udf.call(vec![col("a")])])?;
            Ok(df.collect().await?)
        }))
        .unwrap_err();
        assert!(err.reason.starts_with("IBEX_PANIC: "), "{}", err.reason);
        assert!(err.reason.contains("a UDF went wrong"), "{}", err.reason);
        let rows = crate::test_support::block_on(async { ctx.table("t").await.unwrap().count().await.unwrap() });
        assert_eq!(rows, 4);
    }
}
