//! C ABI of the replay side (no wasm-bindgen; the host is compute/cheat/native.ts).
//!
//!   lzma_decode(in_ptr, in_len, out_ptr, out_len) -> status
//!       decodes an LZMA-alone stream whose declared size must equal out_len
//!   replay_timeline(in_ptr, in_len, max_size, beatmap_version, info_ptr) -> status
//!       LZMA stream -> frames -> §1.5 time line, in one call (the text never leaves WASM).
//!       info_ptr: 5 u32 = buffer ptr, buffer len, frame count, has seed, seed. The buffer (from
//!       `alloc`, free it with `dealloc`) holds t[n] f64, x[n] f64, y[n] f64, keys[n] i32.
//!   frametime_median(t_ptr, n) -> f64
//!   snaps_raw(t_ptr, x_ptr, y_ptr, n, max_angle, min_distance, info_ptr) -> status
//!       info_ptr: 3 u32 = buffer ptr, buffer len, count; buffer = count x (t, angle, dist, x, y) f64
//!   compare_pair(t1, x1, y1, n1, t2, x2, y2, n2, flip, chunks, out_ptr) -> status
//!       out_ptr: 2 f64 = similarity, correlation
//! Status: 0 ok, 8 bad pointer, 10 truncated, 11 corrupt LZMA, 12 too large, 13 bad frames,
//! 14 empty replay.

use crate::cheat;
use crate::lzma::{self, LzmaError};
use crate::replay::{self, FrameError};

pub const OK: i32 = 0;
pub const BAD_POINTER: i32 = 8;
pub const TRUNCATED: i32 = 10;
pub const BAD_LZMA: i32 = 11;
pub const TOO_LARGE: i32 = 12;
pub const BAD_FRAMES: i32 = 13;
pub const EMPTY: i32 = 14;

fn lzma_status(e: LzmaError) -> i32 {
    match e {
        LzmaError::Truncated => TRUNCATED,
        LzmaError::Corrupt => BAD_LZMA,
        LzmaError::TooLarge => TOO_LARGE,
    }
}

fn frame_status(e: FrameError) -> i32 {
    match e {
        FrameError::BadFrames => BAD_FRAMES,
        FrameError::TooLarge => TOO_LARGE,
        FrameError::Empty => EMPTY,
    }
}

unsafe fn slice<'a, T>(ptr: *const T, n: usize) -> Option<&'a [T]> {
    if n == 0 {
        return Some(&[]);
    }
    if ptr.is_null() || (ptr as usize) % core::mem::align_of::<T>() != 0 {
        return None;
    }
    Some(core::slice::from_raw_parts(ptr, n))
}

unsafe fn write_u32s(ptr: *mut u32, values: &[u32]) -> bool {
    if ptr.is_null() || (ptr as usize) % 4 != 0 {
        return false;
    }
    core::slice::from_raw_parts_mut(ptr, values.len()).copy_from_slice(values);
    true
}

/// Copies `parts` into one buffer from `alloc` and returns (ptr, len).
fn pack(parts: &[&[u8]]) -> Option<(*mut u8, usize)> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if len == 0 {
        return Some((core::ptr::null_mut(), 0));
    }
    let ptr = crate::alloc(len);
    if ptr.is_null() {
        return None;
    }
    let mut at = 0;
    for p in parts {
        // SAFETY: `ptr` has `len` bytes; the parts add up to `len`.
        unsafe { core::ptr::copy_nonoverlapping(p.as_ptr(), ptr.add(at), p.len()) };
        at += p.len();
    }
    Some((ptr, len))
}

fn bytes_of<T>(v: &[T]) -> &[u8] {
    // SAFETY: plain numeric slices viewed as bytes.
    unsafe { core::slice::from_raw_parts(v.as_ptr() as *const u8, core::mem::size_of_val(v)) }
}

#[no_mangle]
pub extern "C" fn lzma_decode(in_ptr: *const u8, in_len: usize, out_ptr: *mut u8, out_len: usize) -> i32 {
    // SAFETY: the host wrote `in_len` bytes at `in_ptr`.
    let input = match unsafe { slice(in_ptr, in_len) } {
        Some(s) => s,
        None => return BAD_POINTER,
    };
    let header = match lzma::read_header(input) {
        Ok(h) => h,
        Err(e) => return lzma_status(e),
    };
    if header.size != out_len as u64 {
        return TOO_LARGE;
    }
    match lzma::decode(input, out_len as u64) {
        Ok(out) => {
            if out_len > 0 {
                if out_ptr.is_null() {
                    return BAD_POINTER;
                }
                // SAFETY: the host provides `out_len` bytes at `out_ptr`.
                unsafe { core::ptr::copy_nonoverlapping(out.as_ptr(), out_ptr, out_len) };
            }
            OK
        }
        Err(e) => lzma_status(e),
    }
}

#[no_mangle]
pub extern "C" fn replay_timeline(in_ptr: *const u8, in_len: usize, max_size: u32, beatmap_version: i32, info_ptr: *mut u32) -> i32 {
    // SAFETY: the host wrote `in_len` bytes at `in_ptr`.
    let input = match unsafe { slice(in_ptr, in_len) } {
        Some(s) => s,
        None => return BAD_POINTER,
    };
    let text = match lzma::decode(input, max_size as u64) {
        Ok(t) => t,
        Err(e) => return lzma_status(e),
    };
    let raw = match replay::parse_frames(&text) {
        Ok(r) => r,
        Err(e) => return frame_status(e),
    };
    drop(text);
    let tl = match replay::build_timeline(&raw, beatmap_version) {
        Ok(t) => t,
        Err(e) => return frame_status(e),
    };
    let (ptr, len) = match pack(&[bytes_of(&tl.t), bytes_of(&tl.x), bytes_of(&tl.y), bytes_of(&tl.keys)]) {
        Some(p) => p,
        None => return TOO_LARGE,
    };
    let info = [ptr as u32, len as u32, tl.t.len() as u32, tl.seed.is_some() as u32, tl.seed.unwrap_or(0) as u32];
    // SAFETY: the host provides 5 u32 slots at `info_ptr`.
    if !unsafe { write_u32s(info_ptr, &info) } {
        crate::dealloc(ptr, len);
        return BAD_POINTER;
    }
    OK
}

#[no_mangle]
pub extern "C" fn frametime_median(t_ptr: *const f64, n: usize) -> f64 {
    // SAFETY: the host wrote `n` f64 at `t_ptr`.
    match unsafe { slice(t_ptr, n) } {
        Some(t) => cheat::frametime_median(t),
        None => f64::NAN,
    }
}

#[no_mangle]
pub extern "C" fn snaps_raw(t_ptr: *const f64, x_ptr: *const f64, y_ptr: *const f64, n: usize, max_angle: f64, min_distance: f64, info_ptr: *mut u32) -> i32 {
    // SAFETY: the host wrote `n` f64 at each pointer.
    let (t, x, y) = match unsafe { (slice(t_ptr, n), slice(x_ptr, n), slice(y_ptr, n)) } {
        (Some(t), Some(x), Some(y)) => (t, x, y),
        _ => return BAD_POINTER,
    };
    let found = cheat::snaps(t, x, y, max_angle, min_distance);
    let flat: Vec<f64> = found.iter().flat_map(|s| s.iter().copied()).collect();
    let (ptr, len) = match pack(&[bytes_of(&flat)]) {
        Some(p) => p,
        None => return TOO_LARGE,
    };
    // SAFETY: the host provides 3 u32 slots at `info_ptr`.
    if !unsafe { write_u32s(info_ptr, &[ptr as u32, len as u32, found.len() as u32]) } {
        crate::dealloc(ptr, len);
        return BAD_POINTER;
    }
    OK
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn compare_pair(
    t1: *const f64, x1: *const f64, y1: *const f64, n1: usize,
    t2: *const f64, x2: *const f64, y2: *const f64, n2: usize,
    flip: u32, chunks: u32, out_ptr: *mut f64,
) -> i32 {
    // SAFETY: the host wrote n1 / n2 f64 at each pointer and provides 2 f64 at out_ptr.
    let a = unsafe { (slice(t1, n1), slice(x1, n1), slice(y1, n1)) };
    let b = unsafe { (slice(t2, n2), slice(x2, n2), slice(y2, n2)) };
    let (a, b) = match (a, b) {
        ((Some(t1), Some(x1), Some(y1)), (Some(t2), Some(x2), Some(y2))) => ((t1, x1, y1), (t2, x2, y2)),
        _ => return BAD_POINTER,
    };
    if out_ptr.is_null() || (out_ptr as usize) % 8 != 0 || chunks == 0 {
        return BAD_POINTER;
    }
    let p = cheat::pair(a, b, flip != 0);
    let sim = cheat::similarity(&p);
    let corr = cheat::correlation(&p, chunks as usize);
    // SAFETY: checked above.
    unsafe {
        *out_ptr = sim;
        *out_ptr.add(1) = corr;
    }
    OK
}
