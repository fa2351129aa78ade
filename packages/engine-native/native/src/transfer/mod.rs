//! How result batches cross into JS: lent, not copied, wherever apache-arrow
//! can read the engine's buffers as they are. JS gets a flat layout, a table
//! placing each buffer, and a few ArrayBuffers: an arena of copied small
//! buffers and regions of Arrow memory that each ArrayBuffer's finalizer
//! releases. Types JS cannot be lent (dictionaries, view types,
//! unions) cross as one Arrow IPC stream per chunk instead.

pub mod layout;
pub mod placement;

use datafusion::arrow::buffer::Buffer as DfBuffer;
use datafusion::arrow::record_batch::RecordBatch;
use napi::bindgen_prelude::{ArrayBuffer, Buffer, Float64Array, Object, ToNapiValue};
use napi::{check_status, sys, Env};

pub use layout::{lendable, Layout};
use placement::{place, Region};

/// One chunk of a result on its way to JS.
pub enum Chunk {
    /// Batches whose buffers JS views in place: `{ layout, pieces, buffers }`.
    Lent(Vec<RecordBatch>),
    /// An Arrow IPC stream: `{ ipc }`.
    Ipc(Vec<u8>),
}

impl ToNapiValue for Chunk {
    unsafe fn to_napi_value(raw_env: sys::napi_env, chunk: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw_env);
        let mut out = Object::new(&env)?;
        match chunk {
            Chunk::Ipc(bytes) => out.set("ipc", Buffer::from(bytes))?,
            Chunk::Lent(batches) => {
                let mut layout = Layout::default();
                for batch in &batches {
                    layout.push_batch(batch);
                }
                let placed = place(layout.pieces);
                let mut buffers = env.create_array(placed.regions.len() as u32 + 1)?;
                buffers.set(0, unsafe { arena(raw_env, placed.arena_len, &placed.copies) }?)?;
                for (k, region) in placed.regions.into_iter().enumerate() {
                    buffers.set(k as u32 + 1, lend(&env, region)?)?;
                }
                out.set("layout", Float64Array::new(layout.numbers))?;
                out.set("pieces", Float64Array::new(placed.refs))?;
                out.set("buffers", buffers)?;
            }
        }
        unsafe { Object::to_napi_value(raw_env, out) }
    }
}

/// One JS-owned ArrayBuffer holding every copied piece at its offset.
unsafe fn arena(env: sys::napi_env, len: usize, copies: &[(usize, DfBuffer)]) -> napi::Result<sys::napi_value> {
    let mut data = std::ptr::null_mut();
    let mut value = std::ptr::null_mut();
    check_status!(unsafe { sys::napi_create_arraybuffer(env, len, &mut data, &mut value) }, "allocating a result arena")?;
    for (at, bytes) in copies {
        // SAFETY: `place` put each copy inside `len` bytes, without overlap.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), (data as *mut u8).add(*at), bytes.len()) };
    }
    Ok(value)
}

/// An ArrayBuffer viewing a region of engine memory, released when V8 frees it.
fn lend<'env>(env: &'env Env, region: Region) -> napi::Result<ArrayBuffer<'env>> {
    let Region { keep, start, len } = region;
    // SAFETY: `keep` (an Arc on the allocation) moves into the finalizer, so
    // the region stays valid and unchanged until V8 frees the ArrayBuffer.
    // Where a runtime forbids external buffers, napi-rs copies instead.
    unsafe { ArrayBuffer::from_external(env, start as *mut u8, len, keep, |_, keep| drop(keep)) }
}
