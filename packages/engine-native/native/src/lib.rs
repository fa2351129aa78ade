//! Ibex's native engine: Apache DataFusion behind a napi-rs addon.
//!
//! Modules by concern: `session` (the JS-facing session), `ipc` (Arrow IPC in
//! and out), `substrait_lane` (Substrait bytes -> DataFusion plan),
//! `dataframe_lane` (IR JSON -> DataFusion DataFrame/Expr), `errors` (typed
//! errors and panic capture), `udf` (Ibex's own Rust functions), `stream`
//! (results pulled batch by batch), `transfer` (result buffers lent to JS),
//! `write_job` (writes with progress).
#![deny(clippy::all)]

pub mod analyze;
pub mod dataframe_lane;
pub mod debug;
pub mod errors;
pub mod functions;
pub mod io;
pub mod ipc;
pub mod session;
pub mod stream;
pub mod substrait_lane;
pub mod tpch;
pub mod transfer;
pub mod udf;
pub mod write_job;
#[cfg(test)]
mod test_support;
