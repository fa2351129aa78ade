//! Arrow IPC stream encoding: the one format data crosses the JS boundary in.

use std::io::Read;
use std::sync::Arc;

use arrow::ipc::reader::StreamReader;
use arrow::ipc::writer::StreamWriter;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;

use crate::errors::{ErrorCode, IbexError, IbexResult};

/// Decodes an Arrow IPC stream, given as consecutive pieces, as apache-arrow's
/// stream writer emits them (metadata, then views of the table's own
/// buffers). Reading them in place, unjoined, makes the decode the one copy
/// the data takes on its way in.
pub fn decode_chunks(chunks: &[&[u8]]) -> IbexResult<(SchemaRef, Vec<RecordBatch>)> {
    let reader = Chained { rest: chunks.iter(), current: &[] };
    let reader = StreamReader::try_new(reader, None)
        .map_err(|e| IbexError::new(ErrorCode::InvalidInput, format!("not a valid Arrow IPC stream: {e}")))?;
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| IbexError::new(ErrorCode::InvalidInput, format!("malformed Arrow IPC batch: {e}")))?;
    Ok((schema, batches))
}

/// Several byte slices read as one stream.
struct Chained<'a> {
    rest: std::slice::Iter<'a, &'a [u8]>,
    current: &'a [u8],
}

impl Read for Chained<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rest.next() {
                Some(next) => self.current = next,
                None => return Ok(0),
            }
        }
        self.current.read(buf)
    }
}

/// Replaces dictionary-encoded columns by their plain value type.
/// apache-arrow's `tableFromArrays` dictionary-encodes strings; Ibex's type
/// system (and a Substrait `string`) sees them as plain strings, so the
/// registered table must hold plain strings too.
pub fn decode_dictionaries(schema: SchemaRef, batches: Vec<RecordBatch>) -> IbexResult<(SchemaRef, Vec<RecordBatch>)> {
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    if !schema.fields().iter().any(|f| matches!(f.data_type(), DataType::Dictionary(..))) {
        return Ok((schema, batches));
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Dictionary(_, value) => f.as_ref().clone().with_data_type(value.as_ref().clone()),
            _ => f.as_ref().clone(),
        })
        .collect();
    let plain = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    let batches = batches
        .into_iter()
        .map(|b| {
            let columns = b
                .columns()
                .iter()
                .zip(plain.fields())
                .map(|(c, f)| if c.data_type() == f.data_type() { Ok(c.clone()) } else { cast(c, f.data_type()) })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(RecordBatch::try_new(plain.clone(), columns)?)
        })
        .collect::<IbexResult<Vec<_>>>()?;
    Ok((plain, batches))
}

/// Encodes a schema and batches as one Arrow IPC stream: the single copy of
/// the data on its way to JS (the Vec becomes a JS Buffer without copying).
pub fn encode_stream(schema: &SchemaRef, batches: &[RecordBatch]) -> IbexResult<Vec<u8>> {
    // Room for the bodies plus per-buffer padding and the messages' metadata.
    let capacity: usize = batches.iter().map(|b| encoded_size(b) + 64 * 3 * b.num_columns() + 512).sum::<usize>() + 1024;
    let mut out = Vec::with_capacity(capacity);
    {
        let mut writer = StreamWriter::try_new(&mut out, schema)?;
        for batch in batches {
            writer.write(batch)?;
        }
        writer.finish()?;
    }
    Ok(out)
}

/// The bytes of `batch`'s own rows. `get_array_memory_size` counts whole
/// buffers, so a slice of a big batch (a memory table's 8192-row pieces)
/// would count as all of it, and chunks would hold one small batch each.
pub fn encoded_size(batch: &RecordBatch) -> usize {
    batch.columns().iter().map(|c| c.to_data().get_slice_memory_size().unwrap_or_else(|_| c.get_array_memory_size())).sum()
}

/// An IPC stream holding only a schema (no batches).
pub fn encode_schema(schema: &SchemaRef) -> IbexResult<Vec<u8>> {
    encode_stream(schema, &[])
}

pub fn empty_schema() -> SchemaRef {
    Arc::new(datafusion::arrow::datatypes::Schema::empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    #[test]
    fn sizes_a_slice_by_its_own_rows() {
        let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Int64, false)]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from_iter_values(0..100_000))]).unwrap();
        let slice = batch.slice(0, 1000);
        assert_eq!(encoded_size(&slice), 8000);
        assert!(slice.get_array_memory_size() >= 800_000);
    }

    #[test]
    fn round_trips_batches() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Int64, true),
            Field::new("b", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![Some(1), None, Some(3)])),
                Arc::new(StringArray::from(vec![Some("x"), Some("y"), None])),
            ],
        )
        .unwrap();
        let bytes = encode_stream(&schema, &[batch.clone()]).unwrap();
        let (s, batches) = decode_chunks(&[&bytes]).unwrap();
        assert_eq!(s, schema);
        assert_eq!(batches, vec![batch]);
    }

    #[test]
    fn decodes_dictionaries() {
        use datafusion::arrow::array::{Array, DictionaryArray};
        use datafusion::arrow::datatypes::Int32Type;
        let dict: DictionaryArray<Int32Type> = vec![Some("a"), None, Some("a")].into_iter().collect();
        let schema = Arc::new(Schema::new(vec![Field::new("s", dict.data_type().clone(), true)]));
        let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(dict)]).unwrap();
        let (s, batches) = decode_dictionaries(schema, vec![batch]).unwrap();
        assert_eq!(s.field(0).data_type(), &DataType::Utf8);
        let col = batches[0].column(0).as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(col.value(2), "a");
        assert!(col.is_null(1));
    }

    #[test]
    fn decodes_a_stream_split_anywhere() {
        let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Int64, false)]));
        let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from_iter_values(0..1000))]).unwrap();
        let bytes = encode_stream(&schema, &[batch.clone(), batch.clone()]).unwrap();
        for cut in [1, 7, 100, bytes.len() / 2, bytes.len() - 1] {
            let (a, b) = bytes.split_at(cut);
            let (s, batches) = decode_chunks(&[a, &[], b]).unwrap();
            assert_eq!(s, schema);
            assert_eq!(batches, vec![batch.clone(), batch.clone()]);
        }
    }

    #[test]
    fn rejects_garbage() {
        let err = decode_chunks(&[b"definitely not arrow"]).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
    }
}
