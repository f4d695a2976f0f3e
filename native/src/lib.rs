//! hayate-native: Akatsuki's 2019 osu!std relax difficulty + pp (`osu_2019`), std only, built as
//! a WASM cdylib with a tiny C ABI (no wasm-bindgen).
//!
//! ABI (all integers little-endian wasm32):
//!   alloc(len) -> ptr                 (0 when len is 0 or memory cannot grow)
//!   dealloc(ptr, len)
//!   rx2019_calculate(map_ptr, map_len, mods, combo, misses, accuracy, n300, n100, n50, out_ptr) -> status
//!     combo/n300/n100/n50: u32::MAX = not given; accuracy: percent, negative or NaN = not given
//!     status 9: the accuracy cannot be produced with this many objects and misses
//!     out_ptr: OUT_LEN f64 slots (see `out` below); written only when status == 0.
//! Replay analysis (LZMA, frames, time line, heuristics kernels): see `replay_abi`.
//! Nothing panics across the boundary: inputs are validated and errors are status codes.

pub mod beatmap;
pub mod cheat;
pub mod curve;
pub mod difficulty;
pub mod mathf;
pub mod mods;
pub mod objects;
pub mod parse;
pub mod pp;
pub mod replay;
pub mod replay_abi;
pub mod lzma;

use objects::ObjectError;
use parse::ParseError;
use pp::ScoreInput;

pub const STATUS_OK: i32 = 0;
pub const STATUS_EMPTY: i32 = 1;
pub const STATUS_NOT_OSU_FILE: i32 = 2;
pub const STATUS_NOT_STANDARD: i32 = 3;
pub const STATUS_NO_OBJECTS: i32 = 4;
pub const STATUS_TOO_MANY_OBJECTS: i32 = 5;
pub const STATUS_TOO_COMPLEX: i32 = 6;
pub const STATUS_BAD_PARAMS: i32 = 7;
pub const STATUS_BAD_POINTER: i32 = 8;
pub const STATUS_UNREACHABLE_ACCURACY: i32 = 9;

/// Output slots (f64 each).
pub mod out {
    pub const STARS: usize = 0;
    pub const PP: usize = 1;
    pub const PP_AIM: usize = 2;
    pub const PP_SPEED: usize = 3;
    pub const PP_ACC: usize = 4;
    pub const AIM_STRAIN: usize = 5;
    pub const SPEED_STRAIN: usize = 6;
    pub const AR: usize = 7;
    pub const OD: usize = 8;
    pub const MAX_COMBO: usize = 9;
    pub const N_CIRCLES: usize = 10;
    pub const N_SLIDERS: usize = 11;
    pub const N_SPINNERS: usize = 12;
    pub const EFFECTIVE_MISS_COUNT: usize = 13;
    pub const N300: usize = 14;
    pub const N100: usize = 15;
    pub const N50: usize = 16;
    pub const MISSES: usize = 17;
    pub const ACCURACY: usize = 18;
    pub const CS: usize = 19;
    pub const LEN: usize = 20;
}

/// Largest map we accept (the biggest ranked maps are a few MB).
pub const MAX_MAP_BYTES: usize = 64 * 1024 * 1024;

/// Everything the calculator reports, in `out` slot order.
pub fn calculate(map_bytes: &[u8], input: &ScoreInput) -> Result<[f64; out::LEN], i32> {
    if map_bytes.is_empty() {
        return Err(STATUS_EMPTY);
    }
    if map_bytes.len() > MAX_MAP_BYTES {
        return Err(STATUS_TOO_MANY_OBJECTS);
    }
    if let Some(a) = input.accuracy {
        if !(0.0..=100.0).contains(&a) {
            return Err(STATUS_BAD_PARAMS);
        }
    }
    let map = parse::parse(map_bytes).map_err(|e| match e {
        ParseError::NotOsuFile => STATUS_NOT_OSU_FILE,
        ParseError::NotStandard => STATUS_NOT_STANDARD,
        ParseError::TooManyObjects => STATUS_TOO_MANY_OBJECTS,
        ParseError::TooComplex => STATUS_TOO_COMPLEX,
    })?;
    if map.hit_objects.is_empty() {
        return Err(STATUS_NO_OBJECTS);
    }
    let attrs = difficulty::calculate(&map, input.mods).map_err(|e| match e {
        ObjectError::TooComplex | ObjectError::TooManyNested => STATUS_TOO_COMPLEX,
    })?;
    let perf = pp::calculate(&attrs, input, map.hit_objects.len() as u32).map_err(|_| STATUS_UNREACHABLE_ACCURACY)?;

    let mut o = [0.0f64; out::LEN];
    o[out::STARS] = attrs.stars as f64;
    o[out::PP] = perf.pp as f64;
    o[out::PP_AIM] = perf.pp_aim as f64;
    o[out::PP_SPEED] = perf.pp_speed as f64;
    o[out::PP_ACC] = perf.pp_acc as f64;
    o[out::AIM_STRAIN] = attrs.aim_strain as f64;
    o[out::SPEED_STRAIN] = attrs.speed_strain as f64;
    o[out::AR] = attrs.ar;
    o[out::OD] = attrs.od;
    o[out::MAX_COMBO] = attrs.max_combo as f64;
    o[out::N_CIRCLES] = attrs.n_circles as f64;
    o[out::N_SLIDERS] = attrs.n_sliders as f64;
    o[out::N_SPINNERS] = attrs.n_spinners as f64;
    o[out::EFFECTIVE_MISS_COUNT] = perf.effective_miss_count as f64;
    o[out::N300] = perf.n300 as f64;
    o[out::N100] = perf.n100 as f64;
    o[out::N50] = perf.n50 as f64;
    o[out::MISSES] = perf.misses as f64;
    o[out::ACCURACY] = perf.accuracy as f64;
    o[out::CS] = attrs.cs;
    Ok(o)
}

// ---- C ABI --------------------------------------------------------------------------------------

/// Allocates `len` bytes (alignment 8) for the host to write into. Returns 0 on failure.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    if len == 0 || len > isize::MAX as usize - 8 {
        return core::ptr::null_mut();
    }
    match std::alloc::Layout::from_size_align(len, 8) {
        // SAFETY: non-zero size, valid layout.
        Ok(layout) => unsafe { std::alloc::alloc(layout) },
        Err(_) => core::ptr::null_mut(),
    }
}

/// Frees memory from `alloc` (same `len`). Null or zero length is a no-op.
#[no_mangle]
pub extern "C" fn dealloc(ptr: *mut u8, len: usize) {
    if ptr.is_null() || len == 0 {
        return;
    }
    if let Ok(layout) = std::alloc::Layout::from_size_align(len, 8) {
        // SAFETY: the host passes back a pointer/length pair obtained from `alloc`.
        unsafe { std::alloc::dealloc(ptr, layout) }
    }
}

const NONE_U32: u32 = u32::MAX;

fn opt(v: u32) -> Option<u32> {
    if v == NONE_U32 {
        None
    } else {
        Some(v)
    }
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn rx2019_calculate(
    map_ptr: *const u8,
    map_len: usize,
    mods: u32,
    combo: u32,
    misses: u32,
    accuracy: f32,
    n300: u32,
    n100: u32,
    n50: u32,
    out_ptr: *mut f64,
) -> i32 {
    if out_ptr.is_null() || (out_ptr as usize) % 8 != 0 {
        return STATUS_BAD_POINTER;
    }
    if map_len == 0 {
        return STATUS_EMPTY;
    }
    if map_ptr.is_null() {
        return STATUS_BAD_POINTER;
    }
    // SAFETY: the host wrote `map_len` bytes at `map_ptr` (memory from `alloc`).
    let bytes = unsafe { core::slice::from_raw_parts(map_ptr, map_len) };
    let input = ScoreInput {
        mods,
        combo: opt(combo),
        misses: if misses == NONE_U32 { 0 } else { misses },
        accuracy: if accuracy.is_nan() || accuracy < 0.0 { None } else { Some(accuracy) },
        n300: opt(n300),
        n100: opt(n100),
        n50: opt(n50),
    };
    match calculate(bytes, &input) {
        Ok(values) => {
            // SAFETY: the host provides `out::LEN` aligned f64 slots at `out_ptr`.
            let dst = unsafe { core::slice::from_raw_parts_mut(out_ptr, out::LEN) };
            dst.copy_from_slice(&values);
            STATUS_OK
        }
        Err(status) => status,
    }
}
