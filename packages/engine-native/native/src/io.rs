//! Files in and out: listing tables over Parquet, CSV and newline-delimited
//! JSON files or Hive-partitioned directories (partition columns and a
//! declared file sort order passed to DataFusion), and writes of a query's
//! result straight from the engine to files (no data through JS).

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::TableReference;
use datafusion::dataframe::{DataFrame, DataFrameWriteOptions};
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::json::JsonFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::{col, SortExpr};
use datafusion::arrow::array::{Array, UInt64Array};
use napi_derive::napi;

use crate::dataframe_lane::ir_json::TypeJson;
use crate::dataframe_lane::lower::arrow_type;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

use crate::errors::{panic_message, ErrorCode, IbexError, IbexResult};

/// A Hive partition column: its name in the directory names and its type (IR type JSON).
#[napi(object)]
pub struct PartitionColumn {
    pub name: String,
    /// An IR data type as JSON, e.g. `{"kind":"int64","nullable":true}`.
    pub type_json: String,
}

/// One key of a declared file sort order.
#[napi(object)]
pub struct SortColumn {
    pub name: String,
    pub descending: Option<bool>,
    pub nulls_first: Option<bool>,
}

/// How to read a file or directory.
#[napi(object)]
pub struct FileSourceOptions {
    /// `parquet`, `csv` or `json` (newline-delimited).
    pub format: String,
    /// Only files with this extension are read (default: `.parquet`, `.csv`, `.json`).
    pub file_extension: Option<String>,
    pub partition_cols: Option<Vec<PartitionColumn>>,
    /// The order the rows of every file are known to be in (DataFusion then skips sorts).
    pub file_sort_order: Option<Vec<SortColumn>>,
    /// CSV: whether the first line holds column names (default true).
    pub has_header: Option<bool>,
    /// CSV: the field delimiter (one byte, default `,`).
    pub delimiter: Option<String>,
}

/// How to write a result.
#[napi(object)]
pub struct WriteOptions {
    /// `parquet`, `csv` or `json` (newline-delimited).
    pub format: String,
    /// Columns to partition the output by (Hive-style directories).
    pub partition_by: Option<Vec<String>>,
    /// Write one file at `path` rather than a directory of files.
    pub single_file: Option<bool>,
}

fn invalid(message: String) -> IbexError {
    IbexError::new(ErrorCode::InvalidInput, message)
}

fn format_of(ctx: &SessionContext, options: &FileSourceOptions) -> IbexResult<(Arc<dyn FileFormat>, &'static str)> {
    Ok(match options.format.as_str() {
        // The session's Parquet options (strings as Utf8, not Utf8View).
        "parquet" => (Arc::new(ParquetFormat::default().with_options(ctx.state().default_table_options().parquet)), ".parquet"),
        "csv" => {
            let delimiter = match options.delimiter.as_deref() {
                None => b',',
                Some(d) if d.len() == 1 => d.as_bytes()[0],
                Some(d) => return Err(invalid(format!("csv delimiter must be one byte, got {d:?}"))),
            };
            let format = CsvFormat::default().with_has_header(options.has_header.unwrap_or(true)).with_delimiter(delimiter);
            (Arc::new(format), ".csv")
        }
        "json" => (Arc::new(JsonFormat::default()), ".json"),
        other => return Err(invalid(format!("unknown file format {other:?} (parquet, csv or json)"))),
    })
}

/// Registers (or replaces) a listing table over `path` (a file or a directory).
pub async fn register_files(
    ctx: &SessionContext,
    name: &str,
    path: &str,
    options: &FileSourceOptions,
) -> IbexResult<()> {
    let (format, default_extension) = format_of(ctx, options)?;
    let partition_cols = options
        .partition_cols
        .iter()
        .flatten()
        .map(|c| {
            let t: TypeJson = serde_json::from_str(&c.type_json)
                .map_err(|e| invalid(format!("partition column {:?}: bad type JSON: {e}", c.name)))?;
            Ok((c.name.clone(), arrow_type(&t)?))
        })
        .collect::<IbexResult<Vec<(String, DataType)>>>()?;
    let sort: Vec<SortExpr> = options
        .file_sort_order
        .iter()
        .flatten()
        .map(|k| {
            let descending = k.descending.unwrap_or(false);
            col(datafusion::common::Column::from_name(&k.name)).sort(!descending, k.nulls_first.unwrap_or(descending))
        })
        .collect();
    let extension = options.file_extension.clone().unwrap_or_else(|| default_extension.to_string());
    let listing = ListingOptions::new(format)
        .with_file_extension(extension)
        .with_table_partition_cols(partition_cols)
        .with_file_sort_order(if sort.is_empty() { vec![] } else { vec![sort] });
    let url = ListingTableUrl::parse(path).map_err(|e| IbexError::new(ErrorCode::Io, format!("{path}: {e}")))?;
    let state = ctx.state();
    // A corrupt file can make the format's reader panic (a footer pointing
    // outside the file): that is an unreadable file, reported as such.
    let schema = AssertUnwindSafe(listing.infer_schema(&state, &url))
        .catch_unwind()
        .await
        .map_err(|payload| {
            IbexError::new(
                ErrorCode::Io,
                format!("{path}: cannot read it as {} (corrupt file? {})", options.format, panic_message(payload.as_ref())),
            )
        })?
        .map_err(|e| io_error(path, e.into()))?;
    let config = ListingTableConfig::new(url).with_listing_options(listing).with_schema(schema);
    let table = ListingTable::try_new(config)?;
    let reference = TableReference::bare(name);
    ctx.deregister_table(reference.clone())?;
    ctx.register_table(reference, Arc::new(table))?;
    Ok(())
}

/// A missing or unreadable location is an IO error, named with its path.
fn io_error(path: &str, e: IbexError) -> IbexError {
    if matches!(e.code, ErrorCode::Plan) && e.message.contains("No files found") {
        return IbexError::new(ErrorCode::Io, format!("{path}: no files found ({})", e.message));
    }
    if matches!(e.code, ErrorCode::Io | ErrorCode::Execution | ErrorCode::Internal) {
        return IbexError::new(ErrorCode::Io, format!("{path}: {}", e.message));
    }
    e
}

/// Writes a query's result to `path`; returns the number of rows written.
pub async fn write(df: DataFrame, path: &str, options: &WriteOptions) -> IbexResult<u64> {
    let mut write_options = DataFrameWriteOptions::new().with_single_file_output(options.single_file.unwrap_or(false));
    if let Some(cols) = &options.partition_by {
        write_options = write_options.with_partition_by(cols.clone());
    }
    let batches = match options.format.as_str() {
        "parquet" => df.write_parquet(path, write_options, None).await,
        "csv" => df.write_csv(path, write_options, None).await,
        "json" => df.write_json(path, write_options, None).await,
        other => return Err(invalid(format!("unknown file format {other:?} (parquet, csv or json)"))),
    }
    .map_err(|e| io_error(path, e.into()))?;
    // DataFusion answers with one batch holding the row count.
    let count = batches
        .first()
        .and_then(|b| b.column(0).as_any().downcast_ref::<UInt64Array>().filter(|a| !a.is_empty()).map(|a| a.value(0)))
        .unwrap_or(0);
    Ok(count)
}
