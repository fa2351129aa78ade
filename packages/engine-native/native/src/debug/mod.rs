//! Debug tooling only: nothing here runs on a query's normal path. SQL text
//! appears in Ibex only in this folder (and in test oracles).

pub mod sql;
