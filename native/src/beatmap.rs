//! The parsed beatmap model: only what `osu_2019` needs.

/// A 2D position; f32 like osu!'s own vectors.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Pos {
    pub x: f32,
    pub y: f32,
}

impl Pos {
    #[inline]
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
    #[inline]
    pub fn add(self, o: Pos) -> Pos {
        Pos::new(self.x + o.x, self.y + o.y)
    }
    #[inline]
    pub fn sub(self, o: Pos) -> Pos {
        Pos::new(self.x - o.x, self.y - o.y)
    }
    #[inline]
    pub fn scale(self, s: f32) -> Pos {
        Pos::new(self.x * s, self.y * s)
    }
    #[inline]
    pub fn div(self, s: f32) -> Pos {
        Pos::new(self.x / s, self.y / s)
    }
    #[inline]
    pub fn dot(self, o: Pos) -> f32 {
        (self.x * o.x) + (self.y * o.y)
    }
    #[inline]
    pub fn length_squared(self) -> f32 {
        self.dot(self)
    }
    /// Squared sum in f32, square root in f64, rounded back (same as the reference's `Pos`).
    #[inline]
    pub fn length(self) -> f32 {
        crate::mathf::sqrtf(self.x * self.x + self.y * self.y)
    }
    #[inline]
    pub fn normalize(self) -> Pos {
        let s = 1.0 / self.length();
        Pos::new(self.x * s, self.y * s)
    }
}

/// Curve type of a slider path segment (B-spline degrees are ignored, as in the reference).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PathType {
    Catmull,
    Bezier,
    Linear,
    PerfectCurve,
}

#[derive(Copy, Clone, Debug, PartialEq)]
pub struct ControlPoint {
    pub pos: Pos,
    pub kind: Option<PathType>,
}

#[derive(Clone, Debug)]
pub struct Slider {
    pub expected_dist: Option<f64>,
    pub repeats: usize,
    pub control_points: Vec<ControlPoint>,
}

#[derive(Clone, Debug)]
pub enum ObjectKind {
    Circle,
    Slider(Slider),
    /// Spinners and (in a non-std map) hold notes: no position-based strain.
    Spinner,
}

#[derive(Clone, Debug)]
pub struct HitObject {
    pub pos: Pos,
    pub start_time: f64,
    pub kind: ObjectKind,
}

#[derive(Copy, Clone, Debug)]
pub struct TimingPoint {
    pub time: f64,
    pub beat_len: f64,
}

#[derive(Copy, Clone, Debug)]
pub struct DifficultyPoint {
    pub time: f64,
    pub slider_velocity: f64,
    pub generate_ticks: bool,
}

pub const DEFAULT_BEAT_LEN: f64 = 60_000.0 / 60.0;

#[derive(Clone, Debug)]
pub struct Beatmap {
    pub version: i32,
    pub mode: u8,
    pub ar: f32,
    pub od: f32,
    pub cs: f32,
    pub hp: f32,
    pub slider_multiplier: f64,
    pub slider_tick_rate: f64,
    pub timing_points: Vec<TimingPoint>,
    pub difficulty_points: Vec<DifficultyPoint>,
    pub hit_objects: Vec<HitObject>,
}

/// Binary search by time like Rust's `slice::binary_search_by` on `total_cmp`.
fn search_time(len: usize, time_at: impl Fn(usize) -> f64, time: f64) -> Result<usize, usize> {
    // Same probing as the standard library: any equal index is acceptable, and control point
    // times are unique after parsing, so the choice does not matter.
    let mut lo = 0usize;
    let mut hi = len;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match time_at(mid).total_cmp(&time) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return Ok(mid),
        }
    }
    Err(lo)
}

/// The timing point in effect at `time`; before the first one, the first one.
pub fn timing_point_at(points: &[TimingPoint], time: f64) -> Option<&TimingPoint> {
    let i = search_time(points.len(), |i| points[i].time, time).unwrap_or_else(|i| i.saturating_sub(1));
    points.get(i)
}

/// The difficulty point in effect at `time`; none before the first one.
pub fn difficulty_point_at(points: &[DifficultyPoint], time: f64) -> Option<&DifficultyPoint> {
    match search_time(points.len(), |i| points[i].time, time) {
        Ok(i) => Some(&points[i]),
        Err(i) => i.checked_sub(1).map(|i| &points[i]),
    }
}

/// Inserts in time order; returns how many elements had to move (the caller bounds the total,
/// so a file with millions of out-of-order lines cannot make parsing quadratic).
pub fn insert_timing_point(points: &mut Vec<TimingPoint>, p: TimingPoint) -> usize {
    match search_time(points.len(), |i| points[i].time, p.time) {
        Ok(i) => {
            points[i] = p;
            0
        }
        Err(i) => {
            points.insert(i, p);
            points.len() - 1 - i
        }
    }
}

/// See `insert_timing_point`.
pub fn insert_difficulty_point(points: &mut Vec<DifficultyPoint>, p: DifficultyPoint) -> usize {
    match search_time(points.len(), |i| points[i].time, p.time) {
        Ok(i) => {
            points[i] = p;
            0
        }
        Err(i) => {
            points.insert(i, p);
            points.len() - 1 - i
        }
    }
}
