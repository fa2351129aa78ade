//! Where each piece of a chunk lands in JS. Every crossing buffer costs a
//! JS object and a finalizer, so pieces are packed: small ones are copied
//! into one arena, and the lent slices of one allocation (a memory table's
//! batches are slices of a few large allocations) share one lent region.

use std::collections::HashMap;

use datafusion::arrow::buffer::Buffer;

use super::layout::Piece;

/// Offsets within the arena and within regions keep this alignment, so any
/// typed array (at most 8 bytes an element) can view a piece in place.
pub const ALIGN: usize = 8;

/// Slices of one allocation at most this far apart share a region.
pub const MAX_GAP: usize = 64;

/// A lent run of one allocation: `len` bytes from `start`, kept alive by `keep`.
pub struct Region {
    pub keep: Buffer,
    pub start: *const u8,
    pub len: usize,
}

// SAFETY: `start` points into `keep`'s allocation, which `keep` (an Arc,
// itself Send) keeps alive and unchanged; the pointer is only read.
unsafe impl Send for Region {}

/// The pieces' placement: buffer 0 is the arena, buffer `k + 1` region `k`.
pub struct Placement {
    /// Per piece: `[buffer, byteOffset, byteLength]`.
    pub refs: Vec<f64>,
    /// The copied pieces with their offsets in the arena.
    pub copies: Vec<(usize, Buffer)>,
    pub arena_len: usize,
    pub regions: Vec<Region>,
}

/// Packs `pieces` (see the module docs).
pub fn place(pieces: Vec<Piece>) -> Placement {
    let mut refs = vec![0.0; pieces.len() * 3];
    let mut copies = Vec::new();
    let mut arena_len = 0usize;
    // allocation start -> (first piece, the pieces lent from it)
    let mut by_allocation: HashMap<usize, (usize, Vec<(usize, Buffer)>)> = HashMap::new();
    for (i, piece) in pieces.into_iter().enumerate() {
        if piece.lend {
            let key = piece.bytes.data_ptr().as_ptr() as usize;
            by_allocation.entry(key).or_insert_with(|| (i, Vec::new())).1.push((i, piece.bytes));
        } else {
            arena_len = arena_len.next_multiple_of(ALIGN);
            refs[i * 3] = 0.0;
            refs[i * 3 + 1] = arena_len as f64;
            refs[i * 3 + 2] = piece.bytes.len() as f64;
            arena_len += piece.bytes.len();
            copies.push((refs[i * 3 + 1] as usize, piece.bytes));
        }
    }
    let mut groups: Vec<(usize, Vec<(usize, Buffer)>)> = by_allocation.into_values().collect();
    groups.sort_by_key(|(first, _)| *first);
    let mut regions = Vec::new();
    for (_, mut members) in groups {
        // Only runs of adjacent slices share a region: V8 counts a region's
        // whole length as memory held, so a region must not span gaps.
        members.sort_by_key(|(_, b)| b.ptr_offset());
        let mut run: Vec<(usize, Buffer)> = Vec::new();
        let mut run_end = 0usize;
        for (i, b) in members {
            if !run.is_empty() && b.ptr_offset() > run_end + MAX_GAP {
                regions.push(region(std::mem::take(&mut run), &mut refs, regions.len()));
            }
            run_end = run_end.max(b.ptr_offset() + b.len());
            run.push((i, b));
        }
        regions.push(region(run, &mut refs, regions.len()));
    }
    Placement { refs, copies, arena_len, regions }
}

/// One region over `run` (slices of one allocation, by offset), placing its pieces.
fn region(run: Vec<(usize, Buffer)>, refs: &mut [f64], index: usize) -> Region {
    // Offsets within the allocation; the region starts on an ALIGN boundary of it.
    let lo = run[0].1.ptr_offset();
    let lo = lo - lo % ALIGN;
    let hi = run.iter().map(|(_, b)| b.ptr_offset() + b.len()).max().unwrap_or(lo);
    for (i, b) in &run {
        refs[i * 3] = (index + 1) as f64;
        refs[i * 3 + 1] = (b.ptr_offset() - lo) as f64;
        refs[i * 3 + 2] = b.len() as f64;
    }
    let keep = run[0].1.clone();
    // SAFETY: `lo` is within the allocation that `data_ptr` starts.
    let start = unsafe { keep.data_ptr().as_ptr().add(lo) as *const u8 };
    Region { keep, start, len: hi - lo }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(bytes: Buffer, lend: bool) -> Piece {
        Piece { bytes, lend }
    }

    #[test]
    fn lends_slices_of_one_allocation_as_one_region() {
        let whole = Buffer::from_vec((0..100_000i64).collect::<Vec<_>>());
        let a = whole.slice_with_length(8 * 10, 8 * 40_000);
        let b = whole.slice_with_length(8 * 40_010, 8 * 40_000);
        let far = whole.slice_with_length(8 * 90_000, 8 * 10_000);
        let other = Buffer::from_vec((0..50_000i64).collect::<Vec<_>>());
        let p = place(vec![piece(a, true), piece(other, true), piece(b, true), piece(far, true)]);
        // `a` and `b` are adjacent: one region; `far` is not: its own.
        assert_eq!(p.regions.len(), 3);
        assert_eq!(p.regions[0].len, 8 * 80_000);
        assert_eq!(&p.refs[..3], &[1.0, 0.0, 320_000.0]);
        assert_eq!(&p.refs[6..9], &[1.0, 320_000.0, 320_000.0]);
        assert_eq!(&p.refs[9..], &[2.0, 0.0, 80_000.0]);
        assert_eq!(&p.refs[3..6], &[3.0, 0.0, 400_000.0]);
        // region 0 starts at element 10 of `whole`
        let first = unsafe { *(p.regions[0].start as *const i64) };
        assert_eq!(first, 10);
    }

    #[test]
    fn packs_copies_into_one_aligned_arena() {
        let p = place(vec![
            piece(Buffer::from_vec(vec![1u8, 2, 3]), false),
            piece(Buffer::from_vec(vec![7i64]), false),
        ]);
        assert!(p.regions.is_empty());
        assert_eq!(p.refs, vec![0.0, 0.0, 3.0, 0.0, 8.0, 8.0]);
        assert_eq!(p.arena_len, 16);
        assert_eq!(p.copies.iter().map(|(at, _)| *at).collect::<Vec<_>>(), vec![0, 8]);
    }
}
