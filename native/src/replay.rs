//! Replay frame text and the §1.5 time line (shared/spec/cheat-detection.md §1.4-1.5), the same
//! rules as protocol/replay/frames.ts, which a test checks frame by frame.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    BadFrames,
    TooLarge,
    Empty,
}

pub const SEED_FRAME_DELTA: f64 = -12345.0;
pub const MAX_FRAMES: usize = 4_000_000;

pub struct Timeline {
    pub t: Vec<f64>,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub keys: Vec<i32>,
    pub seed: Option<i32>,
}

/// JS `Number(s)` restricted to what finite decimal text both sides read the same way.
fn number(s: &[u8]) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let text = core::str::from_utf8(s).ok()?;
    let v: f64 = text.parse().ok()?;
    if v.is_finite() {
        Some(v)
    } else {
        None
    }
}

/// JS ToInt32 of a finite number.
fn to_int32(v: f64) -> i32 {
    let t = v.trunc();
    if t.abs() < 2147483648.0 {
        return t as i32;
    }
    let mut m = t % 4294967296.0;
    if m < 0.0 {
        m += 4294967296.0;
    }
    if m >= 2147483648.0 {
        m -= 4294967296.0;
    }
    m as i32
}

/// JS Math.round (half towards +infinity).
fn js_round(v: f64) -> f64 {
    let f = v.floor();
    if v - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

pub struct RawFrames {
    pub delta: Vec<f64>,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub keys: Vec<i32>,
    pub seed: Option<i32>,
}

pub fn parse_frames(text: &[u8]) -> Result<RawFrames, FrameError> {
    let cap = text.iter().filter(|&&b| b == b',').count() + 1;
    if cap > MAX_FRAMES + 1 {
        return Err(FrameError::TooLarge);
    }
    let mut f = RawFrames { delta: Vec::with_capacity(cap), x: Vec::with_capacity(cap), y: Vec::with_capacity(cap), keys: Vec::with_capacity(cap), seed: None };
    for frame in text.split(|&b| b == b',') {
        if frame.is_empty() {
            continue;
        }
        let mut parts = frame.split(|&b| b == b'|');
        let (w, x, y, z) = match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(w), Some(x), Some(y), Some(z), None) => (w, x, y, z),
            _ => return Err(FrameError::BadFrames),
        };
        let w = number(w).ok_or(FrameError::BadFrames)?;
        f.delta.push(js_round(w));
        f.x.push(number(x).ok_or(FrameError::BadFrames)?);
        f.y.push(number(y).ok_or(FrameError::BadFrames)?);
        f.keys.push(to_int32(number(z).ok_or(FrameError::BadFrames)?));
    }
    if let Some(&d) = f.delta.last() {
        if d == SEED_FRAME_DELTA {
            f.seed = f.keys.pop();
            f.delta.pop();
            f.x.pop();
            f.y.pop();
        }
    }
    Ok(f)
}

fn is_skip(f: &RawFrames, i: usize) -> bool {
    f.x[i] == 256.0 && f.y[i] == -500.0
}

pub fn build_timeline(raw: &RawFrames, beatmap_version: i32) -> Result<Timeline, FrameError> {
    let n = raw.delta.len();
    if n == 0 {
        return Err(FrameError::Empty);
    }
    let mut times = Vec::with_capacity(n);
    let mut acc = if beatmap_version >= 0 && beatmap_version < 5 { 24.0 } else { 0.0 };
    for &d in &raw.delta {
        acc += d;
        times.push(acc);
    }
    if n >= 2 && times[1] < times[0] {
        times[1] = times[0];
        times[0] = 0.0;
    }
    if n >= 3 && times[0] > times[2] {
        times[0] = times[2];
        times[1] = times[2];
    }
    let drop1 = n >= 2 && is_skip(raw, 1);
    let drop0 = is_skip(raw, 0);
    let mut tl = Timeline { t: Vec::with_capacity(n), x: Vec::with_capacity(n), y: Vec::with_capacity(n), keys: Vec::with_capacity(n), seed: raw.seed };
    let mut last = f64::NEG_INFINITY;
    for i in 0..n {
        if (i == 0 && drop0) || (i == 1 && drop1) {
            continue;
        }
        let ti = times[i];
        if ti < last {
            continue;
        }
        last = ti;
        tl.t.push(ti);
        tl.x.push(raw.x[i]);
        tl.y.push(raw.y[i]);
        tl.keys.push(raw.keys[i]);
    }
    Ok(tl)
}
