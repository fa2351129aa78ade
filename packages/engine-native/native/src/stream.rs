//! Results as a pull stream: JS asks for one batch at a time, DataFusion
//! produces it on demand, so memory stays bounded by a few batches however
//! large the result. Closing the stream (or dropping it) cancels the query
//! and frees its resources.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::dataframe::DataFrame;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::{execute_stream, ExecutionPlan};
use futures::{FutureExt, StreamExt};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use tokio::sync::{mpsc, Mutex};
use tokio::task::AbortHandle;

use crate::errors::{guarded, panic_message, ErrorCode, IbexError, IbexResult};
use crate::ipc;
use crate::transfer::{lendable, Chunk};

/// How much one `next()` gathers before crossing into JS.
pub const CHUNK_BYTES: usize = 4 << 20;

/// A running query's result, pulled chunk by chunk.
#[napi]
pub struct ResultStream {
    schema: SchemaRef,
    /// The running plan: its operators hold the metrics the run leaves.
    plan: Arc<dyn ExecutionPlan>,
    /// Encoded chunks. A task makes the next one while JS decodes the last,
    /// so the two sides overlap; the channel holds one, so memory stays at a
    /// few chunks however large the result.
    chunks: Arc<Mutex<mpsc::Receiver<IbexResult<Chunk>>>>,
    producer: AbortHandle,
}

impl ResultStream {
    pub async fn open(df: DataFrame) -> IbexResult<Self> {
        let task = Arc::new(df.task_ctx());
        let plan = df.create_physical_plan().await?;
        let stream = execute_stream(plan.clone(), task)?;
        let schema = stream.schema();
        let (tx, rx) = mpsc::channel(1);
        let lend = lendable(&schema);
        let producer = tokio::spawn(produce(stream, schema.clone(), lend, tx)).abort_handle();
        Ok(ResultStream { schema, plan, chunks: Arc::new(Mutex::new(rx)), producer })
    }
}

impl Drop for ResultStream {
    /// A stream dropped without `close()` still stops its query.
    fn drop(&mut self) {
        self.producer.abort();
    }
}

/// Pulls the query's batches into chunks of about [`CHUNK_BYTES`] and sends
/// them (lent where the schema allows, else IPC-encoded), until the end, an error (sent, then stop), a panic (sent as
/// `IBEX_PANIC`), or the receiver going away (closed).
async fn produce(mut stream: SendableRecordBatchStream, schema: SchemaRef, lend: bool, tx: mpsc::Sender<IbexResult<Chunk>>) {
    let work = AssertUnwindSafe(async {
        loop {
            let chunk = match next_chunk(&mut stream, &schema, lend).await {
                Ok(Some(c)) => Ok(c),
                Ok(None) => return,
                Err(e) => Err(e),
            };
            let failed = chunk.is_err();
            if tx.send(chunk).await.is_err() || failed {
                return;
            }
        }
    })
    .catch_unwind()
    .await;
    if let Err(payload) = work {
        let message = format!("Rust panic inside the engine: {}", panic_message(payload.as_ref()));
        let _ = tx.send(Err(IbexError::new(ErrorCode::Panic, message))).await;
    }
}

/// The next batches as one chunk, or None at the end. Small DataFusion
/// batches are gathered up to [`CHUNK_BYTES`]: JS pays per crossing, not per byte.
async fn next_chunk(stream: &mut SendableRecordBatchStream, schema: &SchemaRef, lend: bool) -> IbexResult<Option<Chunk>> {
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
            Some(Err(e)) => return Err(IbexError::from(e)),
            None => break,
        }
    }
    if batches.is_empty() {
        return Ok(None);
    }
    Ok(Some(if lend { Chunk::Lent(batches) } else { Chunk::Ipc(ipc::encode_stream(schema, &batches)?) }))
}

#[napi]
impl ResultStream {
    /// The result's schema as an Arrow IPC stream without batches.
    #[napi]
    pub fn schema(&self) -> napi::Result<Buffer> {
        Ok(ipc::encode_schema(&self.schema)?.into())
    }

    /// The next chunk of batches, or null at the end: `{ layout, buffers }`
    /// (the engine's buffers, lent) or `{ ipc }` (an Arrow IPC stream).
    #[napi(ts_return_type = "Promise<NativeChunk | null>")]
    pub async fn next(&self) -> napi::Result<Option<Chunk>> {
        let chunks = self.chunks.clone();
        guarded(async move {
            match chunks.lock().await.recv().await {
                Some(Ok(chunk)) => Ok(Some(chunk)),
                Some(Err(e)) => Err(e),
                None => Ok(None),
            }
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
        // Dropping the producer drops DataFusion's stream, which cancels the tasks behind it.
        self.producer.abort();
        let mut chunks = self.chunks.lock().await;
        chunks.close();
        while chunks.try_recv().is_ok() {}
        Ok(())
    }
}
