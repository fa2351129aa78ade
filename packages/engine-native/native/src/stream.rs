//! Results as a pull stream: JS asks for one batch at a time, DataFusion
//! produces it on demand, so memory stays bounded by a few batches however
//! large the result. Closing the stream (or dropping it) cancels the query
//! and frees its resources.

use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::dataframe::DataFrame;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::{execute_stream, ExecutionPlan};
use futures::StreamExt;
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use tokio::sync::Mutex;

use crate::errors::{guarded, IbexError, IbexResult};
use crate::ipc;

/// How much one `next()` gathers before crossing into JS.
pub const CHUNK_BYTES: usize = 4 << 20;

/// A running query's result, pulled batch by batch.
#[napi]
pub struct ResultStream {
    schema: SchemaRef,
    /// The running plan: its operators hold the metrics the run leaves.
    plan: Arc<dyn ExecutionPlan>,
    /// None once exhausted or closed.
    inner: Arc<Mutex<Option<SendableRecordBatchStream>>>,
}

impl ResultStream {
    pub async fn open(df: DataFrame) -> IbexResult<Self> {
        let task = Arc::new(df.task_ctx());
        let plan = df.create_physical_plan().await?;
        let stream = execute_stream(plan.clone(), task)?;
        Ok(ResultStream { schema: stream.schema(), plan, inner: Arc::new(Mutex::new(Some(stream))) })
    }
}

#[napi]
impl ResultStream {
    /// The result's schema as an Arrow IPC stream without batches.
    #[napi]
    pub fn schema(&self) -> napi::Result<Buffer> {
        Ok(ipc::encode_schema(&self.schema)?.into())
    }

    /// The next batches as one Arrow IPC stream, or null at the end. Small
    /// DataFusion batches are gathered up to [`CHUNK_BYTES`] per call: JS pays
    /// per crossing and per message, not per byte, and memory stays bounded
    /// by one chunk.
    #[napi]
    pub async fn next(&self) -> napi::Result<Option<Buffer>> {
        let inner = self.inner.clone();
        let schema = self.schema.clone();
        guarded(async move {
            let mut guard = inner.lock().await;
            let Some(stream) = guard.as_mut() else {
                return Ok(None);
            };
            let mut batches = Vec::new();
            let mut bytes = 0usize;
            while bytes < CHUNK_BYTES {
                match stream.next().await {
                    // Empty batches carry nothing: skip them.
                    Some(Ok(batch)) if batch.num_rows() == 0 => continue,
                    Some(Ok(batch)) => {
                        bytes += ipc::encoded_size(&batch);
                        batches.push(batch);
                    }
                    Some(Err(e)) => {
                        *guard = None;
                        return Err(IbexError::from(e));
                    }
                    None => {
                        *guard = None;
                        break;
                    }
                }
            }
            if batches.is_empty() {
                return Ok(None);
            }
            Ok(Some(ipc::encode_stream(&schema, &batches)?.into()))
        })
        .await
    }

    /// DataFusion's per-operator metrics so far (complete once the stream is
    /// exhausted), as JSON: `[{ operator, depth, metrics }]`.
    #[napi]
    pub fn metrics(&self) -> napi::Result<String> {
        let operators = crate::analyze::operator_metrics(&self.plan);
        serde_json::to_string(&operators).map_err(|e| napi::Error::from_reason(e.to_string()))
    }

    /// Stops the query and frees its resources; later `next()` calls give null.
    #[napi]
    pub async fn close(&self) -> napi::Result<()> {
        let inner = self.inner.clone();
        // Dropping DataFusion's stream cancels the tasks behind it.
        inner.lock().await.take();
        Ok(())
    }
}
