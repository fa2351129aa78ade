//! TPC-H data, generated in process by the `tpchgen` crates (no files, no
//! network): for examples, the TPC-H test suite and benchmarks. Columns are
//! normalized to the types Ibex's IR has today: decimals become float64,
//! 32-bit integers int64, string views plain strings.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatchReader;
use tpchgen::generators::{
    CustomerGenerator, LineItemGenerator, NationGenerator, OrderGenerator, PartGenerator, PartSuppGenerator,
    RegionGenerator, SupplierGenerator,
};
use tpchgen_arrow::{
    CustomerArrow, LineItemArrow, NationArrow, OrderArrow, PartArrow, PartSuppArrow, RegionArrow, SupplierArrow,
};

use crate::errors::{ErrorCode, IbexError, IbexResult};

/// The eight TPC-H tables, in dependency order.
pub const TABLES: [&str; 8] = ["region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"];

fn ibex_type(t: &DataType) -> DataType {
    match t {
        DataType::Decimal128(..) | DataType::Float32 => DataType::Float64,
        DataType::Int8 | DataType::Int16 | DataType::Int32 => DataType::Int64,
        DataType::Utf8View | DataType::LargeUtf8 => DataType::Utf8,
        other => other.clone(),
    }
}

fn normalize(reader: impl RecordBatchReader) -> IbexResult<(SchemaRef, Vec<RecordBatch>)> {
    let source = reader.schema();
    let schema: SchemaRef = Arc::new(Schema::new(
        source.fields().iter().map(|f| Field::new(f.name(), ibex_type(f.data_type()), f.is_nullable())).collect::<Vec<_>>(),
    ));
    let mut batches = Vec::new();
    for batch in reader {
        let batch = batch?;
        let columns = batch
            .columns()
            .iter()
            .zip(schema.fields())
            .map(|(c, f)| cast(c, f.data_type()))
            .collect::<Result<Vec<_>, _>>()?;
        batches.push(RecordBatch::try_new(schema.clone(), columns)?);
    }
    Ok((schema, batches))
}

/// One TPC-H table at a scale factor, as Arrow batches.
pub fn generate(table: &str, scale_factor: f64) -> IbexResult<(SchemaRef, Vec<RecordBatch>)> {
    if !(scale_factor > 0.0 && scale_factor <= 1000.0) {
        return Err(IbexError::new(ErrorCode::InvalidInput, format!("TPC-H scale factor must be in (0, 1000], got {scale_factor}")));
    }
    let sf = scale_factor;
    match table {
        "region" => normalize(RegionArrow::new(RegionGenerator::new(sf, 1, 1))),
        "nation" => normalize(NationArrow::new(NationGenerator::new(sf, 1, 1))),
        "part" => normalize(PartArrow::new(PartGenerator::new(sf, 1, 1))),
        "supplier" => normalize(SupplierArrow::new(SupplierGenerator::new(sf, 1, 1))),
        "partsupp" => normalize(PartSuppArrow::new(PartSuppGenerator::new(sf, 1, 1))),
        "customer" => normalize(CustomerArrow::new(CustomerGenerator::new(sf, 1, 1))),
        "orders" => normalize(OrderArrow::new(OrderGenerator::new(sf, 1, 1))),
        "lineitem" => normalize(LineItemArrow::new(LineItemGenerator::new(sf, 1, 1))),
        other => Err(IbexError::new(ErrorCode::InvalidInput, format!("unknown TPC-H table {other:?} (tables: {})", TABLES.join(", ")))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_every_table_with_ibex_types() {
        for table in TABLES {
            let (schema, batches) = generate(table, 0.001).unwrap();
            assert!(!batches.is_empty(), "{table} has rows");
            for f in schema.fields() {
                assert!(
                    matches!(f.data_type(), DataType::Int64 | DataType::Float64 | DataType::Utf8 | DataType::Date32),
                    "{table}.{} is {}",
                    f.name(),
                    f.data_type()
                );
            }
        }
        assert_eq!(generate("nation", 0.01).unwrap().1.iter().map(|b| b.num_rows()).sum::<usize>(), 25);
        assert!(generate("nope", 0.01).is_err());
        assert!(generate("lineitem", 0.0).is_err());
    }
}
