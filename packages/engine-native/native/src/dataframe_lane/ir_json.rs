//! Serde model of the IR's versioned JSON form (`packages/ir/src/json/ir-json.ts`).

use serde::Deserialize;

use crate::errors::{ErrorCode, IbexError, IbexResult};

/// The JSON form version this build reads.
pub const IR_JSON_VERSION: u32 = 1;

#[derive(Debug, Deserialize)]
pub struct IrDocument {
    pub format: String,
    pub version: u32,
    pub root: usize,
    pub nodes: Vec<NodeJson>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TypeJson {
    pub kind: String,
    pub nullable: bool,
    /// The element type of a `list`.
    #[serde(default)]
    pub element: Option<Box<TypeJson>>,
    /// Decimal precision and scale.
    #[serde(default)]
    pub precision: Option<u8>,
    #[serde(default)]
    pub scale: Option<i8>,
    /// Timestamp unit (`s`, `ms`, `us`, `ns`) and zone.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    /// Struct fields.
    #[serde(default)]
    pub fields: Option<Vec<FieldJson>>,
    /// Map key and value types.
    #[serde(default)]
    pub key: Option<Box<TypeJson>>,
    #[serde(default)]
    pub value: Option<Box<TypeJson>>,
    /// A union's layout: `sparse` or `dense` (members are `fields`, type id = position).
    #[serde(default)]
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FieldJson {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: TypeJson,
}

#[derive(Debug, Deserialize)]
pub struct SchemaJson {
    pub fields: Vec<FieldJson>,
}

#[derive(Debug, Deserialize)]
pub struct ProjectColumnJson {
    pub name: String,
    pub expr: usize,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum NodeJson {
    Table { name: String, schema: SchemaJson },
    Memtable { name: String, schema: SchemaJson },
    Filter { input: usize, predicates: Vec<usize> },
    Project { input: usize, columns: Vec<ProjectColumnJson> },
    Column { name: String, #[serde(rename = "type")] data_type: TypeJson },
    Literal { value: serde_json::Value, #[serde(rename = "type")] data_type: TypeJson },
    Cast {
        input: usize,
        #[serde(default)]
        safe: bool,
        #[serde(rename = "type")]
        data_type: TypeJson,
    },
    Call {
        op: String,
        args: Vec<usize>,
        /// The function's Substrait name, which the session also registers
        /// (as an alias where DataFusion's name differs): both lanes resolve it.
        #[serde(rename = "fn", default)]
        function: Option<String>,
        /// A string literal passed before the arguments (`date_part('hour', x)`).
        #[serde(default)]
        leading: Option<String>,
        #[serde(rename = "type")]
        data_type: TypeJson,
    },
    #[serde(rename = "aggregateCall")]
    AggregateCall {
        op: String,
        args: Vec<usize>,
        distinct: bool,
        #[serde(rename = "where")]
        filter: Option<usize>,
        #[serde(rename = "orderBy")]
        order_by: Vec<SortKeyJson>,
        #[serde(rename = "type")]
        data_type: TypeJson,
    },
    #[serde(rename = "scalarSubquery")]
    ScalarSubquery { relation: usize },
    #[serde(rename = "inSubquery")]
    InSubquery { needle: usize, relation: usize, negated: bool },
    #[serde(rename_all = "camelCase")]
    Window {
        func: usize,
        partition_by: Vec<usize>,
        order_by: Vec<SortKeyJson>,
        frame: Option<FrameJson>,
        #[serde(rename = "type")]
        data_type: TypeJson,
    },
    Aggregate { input: usize, keys: Vec<ProjectColumnJson>, measures: Vec<ProjectColumnJson> },
    Sort { input: usize, keys: Vec<SortKeyJson> },
    Limit { input: usize, count: Option<u64>, offset: u64 },
    Unnest { input: usize, column: String },
    Distinct { input: usize },
    #[serde(rename = "setOp")]
    SetOp { op: SetOpKind, distinct: bool, left: usize, right: usize },
    #[serde(rename_all = "camelCase")]
    Join {
        how: JoinKind,
        left: usize,
        right: usize,
        left_names: Vec<String>,
        right_names: Vec<String>,
        predicate: Option<usize>,
        output: Vec<JoinOutputJson>,
    },
}

/// A window frame: offsets relative to the current row (negative =
/// preceding, 0 = current row, positive = following), null = unbounded.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct FrameJson {
    pub unit: FrameUnit,
    pub start: Option<i64>,
    pub end: Option<i64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameUnit {
    Rows,
    Range,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JoinKind {
    Inner,
    Left,
    Right,
    Outer,
    Semi,
    Anti,
    Cross,
}

#[derive(Debug, Deserialize)]
pub struct JoinOutputJson {
    pub name: String,
    pub scope: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SortKeyJson {
    pub expr: usize,
    pub ascending: bool,
    pub nulls_first: bool,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SetOpKind {
    Union,
    Intersect,
    Difference,
}

/// Parses and checks the envelope of an IR JSON document.
pub fn parse(json: &str) -> IbexResult<IrDocument> {
    let doc: IrDocument = serde_json::from_str(json)
        .map_err(|e| IbexError::new(ErrorCode::InvalidInput, format!("malformed IR JSON: {e}")))?;
    if doc.format != "ibex-ir" {
        return Err(IbexError::new(ErrorCode::InvalidInput, format!("not an Ibex IR document (format {:?})", doc.format)));
    }
    if doc.version != IR_JSON_VERSION {
        return Err(IbexError::new(
            ErrorCode::InvalidInput,
            format!("unsupported IR JSON version {} (this engine reads version {IR_JSON_VERSION})", doc.version),
        ));
    }
    if doc.root >= doc.nodes.len() {
        return Err(IbexError::new(ErrorCode::InvalidInput, format!("root {} is out of range", doc.root)));
    }
    Ok(doc)
}
