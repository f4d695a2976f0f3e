//! f32 transcendental functions evaluated through f64 and rounded once.
//!
//! The reference numbers come from a native x86_64 build, where Rust's `f32::powf`, `sin`, … call
//! glibc's single-precision routines. Those (powf, sinf, cosf, expf, logf) work in double precision
//! internally and round at the end, so "compute in f64, round to f32" reproduces them except in
//! vanishingly rare ties. On wasm32 the std f32 functions would instead call a float-only port of
//! musl/fdlibm that differs in the last bit far more often, so we never use them.

#[inline]
pub fn powf(x: f32, y: f32) -> f32 {
    if cfg!(feature = "exp_powf") { return x.powf(y); }
    (x as f64).powf(y as f64) as f32
}

#[inline]
pub fn sinf(x: f32) -> f32 {
    if cfg!(feature = "exp_sinf") { return x.sin(); }
    (x as f64).sin() as f32
}

#[inline]
pub fn log10f(x: f32) -> f32 {
    if cfg!(feature = "exp_log10f") { return x.log10(); }
    (x as f64).log10() as f32
}

#[inline]
pub fn acosf(x: f32) -> f32 {
    if cfg!(feature = "exp_acosf") { return x.acos(); }
    (x as f64).acos() as f32
}

#[inline]
pub fn sqrtf(x: f32) -> f32 {
    // Correctly rounded either way; via f64 to mirror rosu-map's `Pos::length`.
    (x as f64).sqrt() as f32
}

/// `atan2` in single precision, computed entirely in f32 the way the classic Sun/fdlibm float
/// routine does (that is what glibc 2.36's `atan2f` is, and therefore what produced the reference
/// numbers; rounding the f64 result instead moves the speed strain of the test map by 1 ulp).
pub fn atan2f(y: f32, x: f32) -> f32 {
    if cfg!(feature = "exp_atan2f") {
        return y.atan2(x);
    }
    atan2f_fdlibm(y, x)
}

const PI_F: f32 = 3.141_592_741_0; // 0x40490fdb
const PI_LO: f32 = -8.742_277_657_3e-8; // 0xb3bbbd2e
const PI_O_2: f32 = 1.570_796_370_5; // 0x3fc90fdb
const PI_O_4: f32 = 0.785_398_185_25; // 0x3f490fdb

fn atan2f_fdlibm(y: f32, x: f32) -> f32 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == 1.0 {
        return atanf_fdlibm(y);
    }
    let y_neg = y.is_sign_negative();
    let x_neg = x.is_sign_negative();
    if y == 0.0 {
        // ±0 for x > 0 (or +0), ±pi for x < 0 (or -0).
        return match (x_neg, y_neg) {
            (false, _) => y,
            (true, false) => PI_F,
            (true, true) => -PI_F,
        };
    }
    if x == 0.0 {
        return if y_neg { -PI_O_2 } else { PI_O_2 };
    }
    if x.is_infinite() {
        let q = if y.is_infinite() { PI_O_4 } else { 0.0 };
        let v = if x_neg { if y.is_infinite() { 3.0 * PI_O_4 } else { PI_F } } else { q };
        return if y_neg { -v } else { v };
    }
    if y.is_infinite() {
        return if y_neg { -PI_O_2 } else { PI_O_2 };
    }
    // Exponent difference decides whether y/x is safe to form.
    let k = ((y.to_bits() & 0x7fff_ffff) as i32 - (x.to_bits() & 0x7fff_ffff) as i32) >> 23;
    let z = if k > 60 {
        PI_O_2 + 0.5 * PI_LO
    } else if x_neg && k < -60 {
        0.0
    } else {
        atanf_fdlibm((y / x).abs())
    };
    match (x_neg, y_neg) {
        (false, false) => z,
        (false, true) => -z,
        (true, false) => PI_F - (z - PI_LO),
        (true, true) => (z - PI_LO) - PI_F,
    }
}

/// atan(0.5), atan(1), atan(1.5), atan(inf) split into f32 high and low parts.
const ATAN_HI: [u32; 4] = [0x3eed_6338, 0x3f49_0fda, 0x3f7b_985e, 0x3fc9_0fda];
const ATAN_LO: [u32; 4] = [0x31ac_3769, 0x3322_2168, 0x3314_0fb4, 0x33a2_2168];
/// Odd polynomial coefficients of the classic minimax approximation on |x| <= 7/16.
const AT: [u32; 11] = [
    0x3eaa_aaaa, 0xbe4c_cccd, 0x3e12_4925, 0xbde3_8e38, 0x3dba_2e6e, 0xbd9d_8795, 0x3d88_6b35, 0xbd6e_f16b,
    0x3d4b_da59, 0xbd15_a221, 0x3c85_69d7,
];

fn atanf_fdlibm(x_in: f32) -> f32 {
    let f = f32::from_bits;
    let hx = x_in.to_bits() as i32;
    let ix = hx & 0x7fff_ffff;
    let mut x = x_in;
    let id: i32;
    if ix >= 0x5080_0000 {
        // |x| >= 2^34
        if ix > 0x7f80_0000 {
            return x + x;
        }
        let v = f(ATAN_HI[3]) + f(ATAN_LO[3]);
        return if hx > 0 { v } else { -v };
    }
    if ix < 0x3ee0_0000 {
        // |x| < 0.4375
        if ix < 0x3100_0000 {
            return x;
        }
        id = -1;
    } else {
        x = x.abs();
        if ix < 0x3f98_0000 {
            if ix < 0x3f30_0000 {
                id = 0;
                x = (2.0 * x - 1.0) / (2.0 + x);
            } else {
                id = 1;
                x = (x - 1.0) / (x + 1.0);
            }
        } else if ix < 0x401c_0000 {
            id = 2;
            x = (x - 1.5) / (1.0 + 1.5 * x);
        } else {
            id = 3;
            x = -1.0 / x;
        }
    }
    let z = x * x;
    let w = z * z;
    let a = |i: usize| f(AT[i]);
    let s1 = z * (a(0) + w * (a(2) + w * (a(4) + w * (a(6) + w * (a(8) + w * a(10))))));
    let s2 = w * (a(1) + w * (a(3) + w * (a(5) + w * (a(7) + w * a(9)))));
    if id < 0 {
        return x - x * (s1 + s2);
    }
    let id = id as usize;
    let z = f(ATAN_HI[id]) - ((x * (s1 + s2) - f(ATAN_LO[id])) - x);
    if hx < 0 {
        -z
    } else {
        z
    }
}

/// Rust's `f32::max`: NaN loses (IEEE maxNum), unlike a plain comparison.
#[inline]
pub fn maxf(a: f32, b: f32) -> f32 {
    a.max(b)
}

/// Rust's `f32::min`: NaN loses.
#[inline]
pub fn minf(a: f32, b: f32) -> f32 {
    a.min(b)
}

/// `x.powi(3)` as LLVM expands it for a constant exponent: x * (x * x).
#[inline]
pub fn cube(x: f32) -> f32 {
    x * (x * x)
}

/// `x.powi(24)` by binary exponentiation as compiler-rt / LLVM's powi expansion does:
/// x^8 * x^16 with every square rounded to f32.
#[inline]
pub fn pow24(x: f32) -> f32 {
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let x16 = x8 * x8;
    x8 * x16
}

/// Rust's `f32::round`: half away from zero.
#[inline]
pub fn roundf(x: f32) -> f32 {
    x.round()
}
