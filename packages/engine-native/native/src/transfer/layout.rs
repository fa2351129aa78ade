//! The layout of record batches as JS rebuilds them over the engine's own
//! buffers: a flat list of numbers (lengths, null counts, offsets and buffer
//! indices, in schema order) plus the buffers, each a slice of Arrow memory.
//!
//! The slices follow apache-arrow JS's conventions, not arrow-rs's: value and
//! offset buffers start at the array's first element, a bitmap keeps a bit
//! offset (JS's `Data.offset`, shared by the validity and boolean bitmaps),
//! struct and fixed-size-list children are sliced to the parent's rows, and
//! list children stay whole (their offsets index into them).

use datafusion::arrow::array::ArrayData;
use datafusion::arrow::buffer::{BooleanBuffer, Buffer};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;

/// Below this size a slice is copied rather than lent: a copy costs less than
/// an external buffer and its finalizer, and a small slice of a large
/// allocation would otherwise keep all of it alive.
pub const LEND_MIN_BYTES: usize = 16 << 10;

/// Marks an absent buffer in the layout.
pub const NO_BUFFER: f64 = -1.0;

/// One buffer handed to JS.
pub struct Piece {
    pub bytes: Buffer,
    /// Lent (JS views the engine's memory until it frees the view) or copied.
    pub lend: bool,
}

/// Several batches flattened for JS (see the module docs for the order).
#[derive(Default)]
pub struct Layout {
    pub numbers: Vec<f64>,
    pub pieces: Vec<Piece>,
}

/// Whether every column of `schema` has a layout JS can be given directly;
/// others (dictionaries, views, unions, run-ends) cross as Arrow IPC.
pub fn lendable(schema: &SchemaRef) -> bool {
    schema.fields().iter().all(|f| lendable_type(f.data_type()))
}

fn lendable_type(t: &DataType) -> bool {
    use DataType::*;
    match t {
        Null | Boolean | Utf8 | LargeUtf8 | Binary | LargeBinary | FixedSizeBinary(_) => true,
        List(f) | LargeList(f) | FixedSizeList(f, _) | Map(f, _) => lendable_type(f.data_type()),
        Struct(fields) => fields.iter().all(|f| lendable_type(f.data_type())),
        other => other.is_primitive(),
    }
}

impl Layout {
    /// Appends a batch: its row count, then each column's node.
    pub fn push_batch(&mut self, batch: &RecordBatch) {
        self.numbers.push(batch.num_rows() as f64);
        for column in batch.columns() {
            self.push_node(&column.to_data());
        }
    }

    /// `[length, nullCount, offset, validity, nBuffers, buffer…, nChildren]`, then the children.
    fn push_node(&mut self, d: &ArrayData) {
        let len = d.len();
        let off = d.offset();
        let nulls = d.nulls().filter(|n| n.null_count() > 0);
        let is_bool = matches!(d.data_type(), DataType::Boolean);
        // JS has one bit offset for a boolean's two bitmaps: if ours differ, realign both to bit 0.
        let realign = is_bool && nulls.is_some_and(|n| n.offset() % 8 != off % 8);
        let validity = match nulls {
            Some(n) if realign => self.piece(n.inner().sliced()),
            Some(n) => self.bitmap(n.buffer(), n.offset(), len),
            None => NO_BUFFER,
        };
        // JS's Data.offset: the bit offset of the validity bitmap (and of a boolean's values).
        let js_offset = match (realign, is_bool) {
            (true, _) => 0,
            (false, true) => off % 8,
            (false, false) => nulls.map_or(0, |n| n.offset() % 8),
        };
        let mut buffers: Vec<f64> = Vec::with_capacity(2);
        let mut children: Vec<ArrayData> = Vec::new();
        match d.data_type() {
            DataType::Null => {}
            DataType::Boolean if realign => {
                buffers.push(self.piece(BooleanBuffer::new(d.buffers()[0].clone(), off, len).sliced()));
            }
            DataType::Boolean => buffers.push(self.bitmap(&d.buffers()[0], off, len)),
            t @ (DataType::Utf8 | DataType::Binary | DataType::List(_) | DataType::Map(..)) => {
                buffers.push(self.offsets(d, 4));
                if matches!(t, DataType::Utf8 | DataType::Binary) {
                    buffers.push(self.whole(&d.buffers()[1]));
                } else {
                    children.push(d.child_data()[0].clone());
                }
            }
            t @ (DataType::LargeUtf8 | DataType::LargeBinary | DataType::LargeList(_)) => {
                buffers.push(self.offsets(d, 8));
                if matches!(t, DataType::LargeList(_)) {
                    children.push(d.child_data()[0].clone());
                } else {
                    buffers.push(self.whole(&d.buffers()[1]));
                }
            }
            DataType::FixedSizeList(_, size) => {
                let size = *size as usize;
                children.push(d.child_data()[0].slice(off * size, len * size));
            }
            DataType::Struct(_) => children.extend(d.child_data().iter().map(|c| c.slice(off, len))),
            DataType::FixedSizeBinary(width) => buffers.push(self.fixed(&d.buffers()[0], off, len, *width as usize)),
            t => {
                let width = t.primitive_width().expect("lendable() admits only fixed-width primitives here");
                buffers.push(self.fixed(&d.buffers()[0], off, len, width));
            }
        }
        let null_count = if matches!(d.data_type(), DataType::Null) { len } else { nulls.map_or(0, |n| n.null_count()) };
        self.numbers.extend([len as f64, null_count as f64, js_offset as f64, validity, buffers.len() as f64]);
        self.numbers.extend(buffers);
        self.numbers.push(children.len() as f64);
        for child in &children {
            self.push_node(child);
        }
    }

    /// Values `off..off+len` of `width` bytes each.
    fn fixed(&mut self, values: &Buffer, off: usize, len: usize, width: usize) -> f64 {
        self.piece(values.slice_with_length(off * width, len * width))
    }

    /// Offsets `off..=off+len` (`width` bytes each); a zero-length array may have none.
    fn offsets(&mut self, d: &ArrayData, width: usize) -> f64 {
        let offsets = &d.buffers()[0];
        if offsets.len() < (d.offset() + d.len() + 1) * width {
            // Only an empty array may omit its offsets: JS wants the single 0.
            return self.piece(Buffer::from_vec(vec![0u8; width]));
        }
        self.fixed(offsets, d.offset(), d.len() + 1, width)
    }

    /// The bytes holding bits `bit..bit+len`, starting at `bit`'s byte.
    fn bitmap(&mut self, bits: &Buffer, bit: usize, len: usize) -> f64 {
        let start = bit / 8;
        let end = (bit + len).div_ceil(8);
        self.piece(bits.slice_with_length(start, end - start))
    }

    fn whole(&mut self, bytes: &Buffer) -> f64 {
        self.piece(bytes.clone())
    }

    fn piece(&mut self, bytes: Buffer) -> f64 {
        if bytes.is_empty() {
            return NO_BUFFER;
        }
        let lend = bytes.len() >= LEND_MIN_BYTES;
        self.pieces.push(Piece { bytes, lend });
        (self.pieces.len() - 1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{BooleanArray, Int64Array, ListArray, StringArray, StructArray};
    use datafusion::arrow::datatypes::{Field, Int32Type, Schema};
    use std::sync::Arc;

    fn layout_of(columns: Vec<Arc<dyn datafusion::arrow::array::Array>>) -> Layout {
        let fields: Vec<Field> =
            columns.iter().enumerate().map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true)).collect();
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
        let mut layout = Layout::default();
        layout.push_batch(&batch);
        layout
    }

    #[test]
    fn slices_values_to_the_first_row() {
        let ints = Int64Array::from_iter_values(0..10_000).slice(100, 5000);
        let l = layout_of(vec![Arc::new(ints)]);
        // rows, then [len, nulls, offset, validity, nBuffers, idx, nChildren]
        assert_eq!(l.numbers, vec![5000.0, 5000.0, 0.0, 0.0, NO_BUFFER, 1.0, 0.0, 0.0]);
        let values = &l.pieces[0];
        assert_eq!(values.bytes.typed_data::<i64>()[0], 100);
        assert_eq!(values.bytes.len(), 5000 * 8);
        assert!(values.lend);
    }

    #[test]
    fn keeps_the_bit_offset_of_bitmaps() {
        let bools = BooleanArray::from(vec![Some(true), None, Some(false), Some(true), None]).slice(3, 2);
        let l = layout_of(vec![Arc::new(bools)]);
        assert_eq!(&l.numbers[1..5], &[2.0, 1.0, 3.0, 0.0]);
        assert!(!l.pieces[0].lend, "a tiny bitmap is copied");
    }

    #[test]
    fn strings_keep_their_values_whole_and_lists_their_child() {
        let strings = StringArray::from(vec![Some("a"), None, Some("ccc")]).slice(1, 2);
        let lists = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)]), None]);
        let l = layout_of(vec![Arc::new(strings), Arc::new(lists)]);
        // string: two buffers (offsets from row 1, all the values), no children
        assert_eq!(&l.numbers[1..9], &[2.0, 1.0, 1.0, 0.0, 2.0, 1.0, 2.0, 0.0]);
        assert_eq!(l.pieces[1].bytes.typed_data::<i32>(), &[1, 1, 4]);
        // list: one offsets buffer and one child
        let list = &l.numbers[9..];
        assert_eq!(&list[..7], &[2.0, 1.0, 0.0, 3.0, 1.0, 4.0, 1.0]);
    }

    #[test]
    fn slices_struct_children_to_the_parent_rows() {
        let a: Arc<dyn datafusion::arrow::array::Array> = Arc::new(Int64Array::from_iter_values(0..4));
        let s = StructArray::from(vec![(Arc::new(Field::new("a", DataType::Int64, false)), a)]).slice(1, 2);
        let l = layout_of(vec![Arc::new(s)]);
        assert_eq!(l.pieces[0].bytes.typed_data::<i64>(), &[1, 2]);
    }

    #[test]
    fn leaves_dictionaries_and_views_to_ipc() {
        let dict = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
        assert!(!lendable(&Arc::new(Schema::new(vec![Field::new("d", dict, true)]))));
        assert!(!lendable(&Arc::new(Schema::new(vec![Field::new("v", DataType::Utf8View, true)]))));
        assert!(lendable(&Arc::new(Schema::new(vec![Field::new("i", DataType::Int64, true)]))));
    }
}
