//! The fallback lane: the IR's JSON form crosses into Rust once per query and
//! is lowered straight onto DataFusion's DataFrame/Expr API. This lowering is
//! independent of the TypeScript Substrait compiler, which is what makes the
//! two lanes' agreement a real test.

pub mod ir_json;
pub mod lower;
pub mod ops;

pub use lower::to_dataframe;
