//! A write running in the engine, with progress JS can read. The rows go from
//! DataFusion's stream straight to the file writer, counted on the way; JS
//! polls the count (no JavaScript runs inside the write) and awaits the end,
//! or cancels it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::streaming::StreamingTable;
use datafusion::common::DataFusionError;
use datafusion::dataframe::DataFrame;
use datafusion::execution::context::SessionContext;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::PartitionStream;
use futures::StreamExt;
use napi_derive::napi;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::errors::{guarded, ErrorCode, IbexError, IbexResult};

/// A write started with `startWrite…`: `rowsWritten()` while it runs, `done()` for the total.
#[napi]
pub struct WriteJob {
    rows: Arc<AtomicU64>,
    result: Arc<tokio::sync::Mutex<Option<oneshot::Receiver<napi::Result<u64>>>>>,
    task: JoinHandle<()>,
}

impl WriteJob {
    /// Spawns `write` (given the row counter to feed) on the runtime.
    pub fn spawn<F, Fut>(write: F) -> Self
    where
        F: FnOnce(Arc<AtomicU64>) -> Fut,
        Fut: std::future::Future<Output = IbexResult<u64>> + Send + 'static,
    {
        let rows = Arc::new(AtomicU64::new(0));
        let (send, receive) = oneshot::channel();
        let work = guarded(write(rows.clone()));
        let task = napi::bindgen_prelude::spawn(async move {
            // The receiver may be gone (nobody awaits the result): nothing to do then.
            let _ = send.send(work.await);
        });
        WriteJob { rows, result: Arc::new(tokio::sync::Mutex::new(Some(receive))), task }
    }
}

#[napi]
impl WriteJob {
    /// Rows handed to the file writer so far.
    #[napi]
    pub fn rows_written(&self) -> f64 {
        self.rows.load(Ordering::Relaxed) as f64
    }

    /// Resolves to the number of rows written once the files are complete.
    #[napi]
    pub async fn done(&self) -> napi::Result<f64> {
        let result = self.result.clone();
        let Some(receive) = result.lock().await.take() else {
            return Err(IbexError::new(ErrorCode::InvalidInput, "this write's result was already taken").into());
        };
        match receive.await {
            Ok(result) => result.map(|n| n as f64),
            // The task ended without an answer: it was aborted.
            Err(_) => Err(IbexError::new(ErrorCode::Cancelled, "the write was cancelled").into()),
        }
    }

    /// Stops the write (files already begun may be left partial).
    #[napi]
    pub fn cancel(&self) {
        self.task.abort();
    }
}

/// `df` re-read through a stream that counts its rows into `rows`, so the
/// writer (which plans partitioned output itself) reports progress.
pub async fn counted(ctx: &SessionContext, df: DataFrame, rows: Arc<AtomicU64>) -> IbexResult<DataFrame> {
    let stream = df.execute_stream().await?;
    let schema = stream.schema();
    let counting = stream.inspect(move |batch| {
        if let Ok(b) = batch {
            rows.fetch_add(b.num_rows() as u64, Ordering::Relaxed);
        }
    });
    let once = OnceStream {
        schema: schema.clone(),
        stream: Mutex::new(Some(Box::pin(RecordBatchStreamAdapter::new(schema.clone(), counting)))),
    };
    let table = StreamingTable::try_new(schema, vec![Arc::new(once)])?;
    Ok(ctx.read_table(Arc::new(table))?)
}

/// A stream that can be executed once (the write reads it exactly once).
struct OnceStream {
    schema: SchemaRef,
    stream: Mutex<Option<SendableRecordBatchStream>>,
}

impl std::fmt::Debug for OnceStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnceStream").finish_non_exhaustive()
    }
}

impl PartitionStream for OnceStream {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        match self.stream.lock().ok().and_then(|mut s| s.take()) {
            Some(s) => s,
            None => Box::pin(RecordBatchStreamAdapter::new(
                self.schema.clone(),
                futures::stream::once(async {
                    Err(DataFusionError::Internal("a write's input stream was read twice".into()))
                }),
            )),
        }
    }
}
