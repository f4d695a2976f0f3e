//! Slider path evaluation: linear, perfect circle, bezier and catmull segments, then the
//! cumulative lengths adjusted to the expected (pixel) length, as osu! (and the reference's
//! rosu-map 0.2) approximate them. Path points are f32, lengths f64.

use crate::beatmap::{ControlPoint, PathType, Pos};
use crate::mathf::acosf;

const BEZIER_TOLERANCE: f32 = 0.25;
const CATMULL_DETAIL: usize = 50;
const CIRCULAR_ARC_TOLERANCE: f32 = 0.1;

/// Upper bound on approximation work per calculation, so that a hostile slider (thousands of
/// bezier control points spread far apart) yields an error instead of a hang.
pub const WORK_BUDGET: u64 = 200_000_000;
/// Upper bound on points of one approximated path (memory: 8 bytes + 8 bytes of length each).
pub const MAX_PATH_POINTS: usize = 4_000_000;

#[derive(Debug)]
pub struct TooComplex;

/// Reused buffers; `path`/`lengths` hold the last computed curve.
#[derive(Default)]
pub struct CurveBuffers {
    pub path: Vec<Pos>,
    pub lengths: Vec<f64>,
    vertices: Vec<Pos>,
    midpoints: Vec<Pos>,
    left: Vec<Pos>,
    right: Vec<Pos>,
    left_child: Vec<Pos>,
    pub work_left: u64,
}

impl CurveBuffers {
    pub fn new() -> Self {
        CurveBuffers { work_left: WORK_BUDGET, ..Default::default() }
    }

    fn spend(&mut self, units: u64) -> Result<(), TooComplex> {
        if self.work_left < units {
            self.work_left = 0;
            return Err(TooComplex);
        }
        self.work_left -= units;
        Ok(())
    }

    /// Computes the curve of `points` into `path`/`lengths`.
    ///
    /// Like the reference, an empty control point list leaves the previous slider's path in place.
    pub fn compute(&mut self, points: &[ControlPoint], expected_len: Option<f64>) -> Result<(), TooComplex> {
        let optimized_len = self.calculate_path(points)?;
        self.calculate_length(expected_len, optimized_len);
        Ok(())
    }

    pub fn dist(&self) -> f64 {
        self.lengths.last().copied().unwrap_or(0.0)
    }

    /// Position at `progress` in [0, 1] along the curve.
    pub fn position_at(&self, progress: f64) -> Pos {
        let d = progress.clamp(0.0, 1.0) * self.dist();
        let i = idx_of_dist(&self.lengths, d);
        self.interpolate(i, d)
    }

    fn interpolate(&self, i: usize, d: f64) -> Pos {
        let path = &self.path;
        if path.is_empty() {
            return Pos::default();
        }
        if i == 0 {
            return path[0];
        }
        if i >= path.len() {
            return path[path.len() - 1];
        }
        let p1 = path[i];
        let p0 = path[i - 1];
        let d0 = self.lengths[i - 1];
        let d1 = self.lengths[i];
        // Avoid dividing by an almost-zero segment length.
        if (d0 - d1).abs() <= f64::EPSILON {
            return p0;
        }
        let w = (d - d0) / (d1 - d0);
        p0.add(p1.sub(p0).scale(w as f32))
    }

    fn calculate_path(&mut self, points: &[ControlPoint]) -> Result<f64, TooComplex> {
        let mut optimized_len = 0.0;
        if points.is_empty() {
            return Ok(optimized_len);
        }
        self.path.clear();
        self.vertices.clear();
        self.vertices.extend(points.iter().map(|p| p.pos));

        let mut start = 0usize;
        for i in 0..points.len() {
            if points[i].kind.is_none() && i < points.len() - 1 {
                continue;
            }
            // The current vertex ends the segment.
            let seg_len = i - start + 1;
            if seg_len == 1 {
                let v = self.vertices[start];
                self.path.push(v);
            } else {
                let kind = points[start].kind.unwrap_or(PathType::Linear);
                let path_len = self.path.len();
                self.subpath(start, i + 1, kind, &mut optimized_len)?;
                if self.path.len() > MAX_PATH_POINTS {
                    return Err(TooComplex);
                }
                // Skip the first vertex if it repeats the previous segment's last one.
                if path_len > 0 && path_len < self.path.len() && self.path[path_len - 1] == self.path[path_len] {
                    self.path.remove(path_len);
                }
            }
            start = i;
        }
        Ok(optimized_len)
    }

    fn subpath(&mut self, from: usize, to: usize, kind: PathType, optimized_len: &mut f64) -> Result<(), TooComplex> {
        match kind {
            PathType::Linear => {
                let n = to - from;
                self.spend(n as u64)?;
                for k in from..to {
                    let v = self.vertices[k];
                    self.path.push(v);
                }
            }
            PathType::PerfectCurve => {
                if to - from == 3 {
                    let (a, b, c) = (self.vertices[from], self.vertices[from + 1], self.vertices[from + 2]);
                    if self.circular_arc(a, b, c)? {
                        return Ok(());
                    }
                }
                self.bezier(from, to)?;
            }
            PathType::Catmull => self.catmull(from, to, optimized_len)?,
            PathType::Bezier => self.bezier(from, to)?,
        }
        Ok(())
    }

    fn circular_arc(&mut self, a: Pos, b: Pos, c: Pos) -> Result<bool, TooComplex> {
        // Degenerate triangle: fall back to bezier.
        if ((b.y - a.y) * (c.x - a.x) - (b.x - a.x) * (c.y - a.y)).abs() <= f32::EPSILON {
            return Ok(false);
        }
        let d = 2.0 * (a.x * b.sub(c).y + b.x * c.sub(a).y + c.x * a.sub(b).y);
        let a_sq = a.length_squared();
        let b_sq = b.length_squared();
        let c_sq = c.length_squared();
        let centre = Pos::new(
            (a_sq * b.sub(c).y + b_sq * c.sub(a).y + c_sq * a.sub(b).y) / d,
            (a_sq * c.sub(b).x + b_sq * a.sub(c).x + c_sq * b.sub(a).x) / d,
        );
        let d_a = a.sub(centre);
        let d_c = c.sub(centre);
        let radius = d_a.length();
        let theta_start = (d_a.y as f64).atan2(d_a.x as f64);
        let mut theta_end = (d_c.y as f64).atan2(d_c.x as f64);
        while theta_end < theta_start {
            theta_end += 2.0 * core::f64::consts::PI;
        }
        let mut direction = 1.0f64;
        let mut theta_range = theta_end - theta_start;
        // Which side of AC is B on decides the drawing direction.
        let ac = c.sub(a);
        let ortho = Pos::new(ac.y, -ac.x);
        if ortho.dot(b.sub(a)) < 0.0 {
            direction = -direction;
            theta_range = 2.0 * core::f64::consts::PI - theta_range;
        }

        let sub_points: usize = if 2.0 * radius <= CIRCULAR_ARC_TOLERANCE {
            2
        } else {
            let divisor = 2.0 * acosf(1.0 - (CIRCULAR_ARC_TOLERANCE / radius));
            if divisor.abs() <= f32::EPSILON {
                2
            } else {
                // Float→int casts saturate (and NaN gives 0), as in the reference.
                ((theta_range / divisor as f64).ceil() as usize).max(2)
            }
        };
        // Absurdly large arcs are approximated as bezier instead.
        if sub_points >= 1000 {
            return Ok(false);
        }
        self.spend(sub_points as u64)?;
        let divisor = (sub_points - 1) as f64;
        let directed_range = direction * theta_range;
        for i in 0..sub_points {
            let fract = i as f64 / divisor;
            let theta = theta_start + fract * directed_range;
            let (sin, cos) = (theta.sin(), theta.cos());
            let origin = Pos::new(cos as f32, sin as f32);
            self.path.push(centre.add(origin.scale(radius)));
        }
        Ok(true)
    }

    fn catmull(&mut self, from: usize, to: usize, optimized_len: &mut f64) -> Result<(), TooComplex> {
        let n = to - from;
        if n == 1 {
            return Ok(());
        }
        self.spend((n as u64) * (CATMULL_DETAIL as u64) * 4)?;
        // Every control point expands to 2 * CATMULL_DETAIL raw points before thinning.
        if self.path.len() + n * CATMULL_DETAIL * 2 > MAX_PATH_POINTS {
            return Err(TooComplex);
        }
        let start_len = self.path.len();
        let pts: Vec<Pos> = self.vertices[from..to].to_vec();
        {
            let v1 = pts[0];
            let v2 = pts[0];
            let v3 = pts.get(1).copied().unwrap_or(v2);
            let v4 = pts.get(2).copied().unwrap_or_else(|| v3.scale(2.0).sub(v2));
            catmull_subpath(&mut self.path, v1, v2, v3, v4);
        }
        for i in 2..n {
            let v1 = pts[i - 2];
            let v2 = pts[i - 1];
            let v3 = pts.get(i).copied().unwrap_or_else(|| v2.scale(2.0).sub(v1));
            let v4 = pts.get(i + 1).copied().unwrap_or_else(|| v3.scale(2.0).sub(v2));
            catmull_subpath(&mut self.path, v1, v2, v3, v4);
        }
        // osu!std only keeps a vertex every 6px, at each knot, and at the end ("optimised" path);
        // the removed length is remembered so the total length stays the same.
        let sub: Vec<Pos> = self.path.split_off(start_len);
        let mut last_start: Option<Pos> = None;
        let mut removed = 0.0f64;
        let seg = CATMULL_DETAIL * 2;
        for (i, &curr) in sub.iter().enumerate() {
            let ls = match last_start {
                Some(ls) => ls,
                None => {
                    self.path.push(curr);
                    last_start = Some(curr);
                    continue;
                }
            };
            let dist_from_start = ls.sub(curr).length() as f64;
            removed += sub[i - 1].sub(curr).length() as f64;
            if dist_from_start > 6.0 || (i + 1) % seg == 0 || i == sub.len() - 1 {
                self.path.push(curr);
                *optimized_len += removed - dist_from_start;
                last_start = None;
                removed = 0.0;
            }
        }
        Ok(())
    }

    fn bezier(&mut self, from: usize, to: usize) -> Result<(), TooComplex> {
        let p = to - from;
        if self.left.len() < p {
            self.left.resize(p, Pos::default());
            self.right.resize(p, Pos::default());
            self.midpoints.resize(p, Pos::default());
            self.left_child.resize(p, Pos::default());
        }
        let points: Vec<Pos> = self.vertices[from..to].to_vec();
        // Depth-first adaptive subdivision with an explicit stack (no recursion).
        let mut to_flatten: Vec<Vec<Pos>> = vec![points.clone()];
        let mut free: Vec<Vec<Pos>> = Vec::new();
        let per_step = (p as u64) * (p as u64) + 4;
        while let Some(mut parent) = to_flatten.pop() {
            self.spend(per_step)?;
            if bezier_is_flat_enough(&parent) {
                bezier_approximate(&parent, &mut self.path, &mut self.left, &mut self.right, &mut self.midpoints);
                free.push(parent);
                continue;
            }
            let mut right_child = free.pop().unwrap_or_else(|| vec![Pos::default(); p]);
            bezier_subdivide(&parent, &mut self.left_child, &mut right_child, &mut self.midpoints);
            parent.copy_from_slice(&self.left_child[..p]);
            to_flatten.push(right_child);
            to_flatten.push(parent);
        }
        self.path.push(points[p - 1]);
        Ok(())
    }

    fn calculate_length(&mut self, expected_len: Option<f64>, optimized_len: f64) {
        let path = &mut self.path;
        let cum = &mut self.lengths;
        cum.clear();
        let mut calculated = optimized_len;
        cum.push(0.0);
        for k in 1..path.len() {
            calculated += path[k].sub(path[k - 1]).length() as f64;
            cum.push(calculated);
        }

        let expected = match expected_len.filter(|&l| (calculated - l).abs() >= f64::EPSILON) {
            Some(e) => e,
            None => return,
        };
        // osu!stable does not extend a slider whose last two path points are equal.
        let n = path.len();
        if n >= 2 && path[n - 2] == path[n - 1] && expected > calculated {
            cum.push(calculated);
            return;
        }
        if cum.len() == 1 {
            return;
        }
        // The last length is always wrong.
        cum.pop();
        let last_valid = match cum.iter().rev().position(|l| *l < expected) {
            Some(idx) => cum.len() - idx,
            None => 0,
        };
        // Shortened further: drop lengths and path points past the expected length.
        if last_valid < cum.len() {
            cum.truncate(last_valid);
            path.truncate(last_valid + 1);
            if cum.is_empty() {
                cum.push(0.0);
                return;
            }
        }
        let end = cum.len();
        let prev = end - 1;
        let dir = path[end].sub(path[prev]).normalize();
        path[end] = path[prev].add(dir.scale((expected - cum[prev]) as f32));
        cum.push(expected);
    }
}

/// Index of the first cumulative length >= d (a standard binary search; exact hits may land on
/// any equal entry, which yields the same position).
fn idx_of_dist(lengths: &[f64], d: f64) -> usize {
    let mut size = lengths.len();
    let mut left = 0usize;
    let mut right = size;
    while left < right {
        let mid = left + size / 2;
        let v = lengths[mid];
        // partial_cmp with NaN treated as Equal.
        if v < d {
            left = mid + 1;
        } else if v > d {
            right = mid;
        } else {
            return mid;
        }
        size = right - left;
    }
    left
}

fn bezier_is_flat_enough(points: &[Pos]) -> bool {
    let limit = BEZIER_TOLERANCE * BEZIER_TOLERANCE * 4.0;
    for w in points.windows(3) {
        let v = w[0].sub(w[1].scale(2.0)).add(w[2]);
        if v.length_squared() > limit {
            return false;
        }
    }
    true
}

fn bezier_subdivide(points: &[Pos], l: &mut [Pos], r: &mut [Pos], mid: &mut [Pos]) {
    let count = points.len();
    mid[..count].copy_from_slice(points);
    for i in (1..count).rev() {
        l[count - i - 1] = mid[0];
        r[i] = mid[i];
        for j in 0..i {
            mid[j] = mid[j].add(mid[j + 1]).div(2.0);
        }
    }
    l[count - 1] = mid[0];
    r[0] = mid[0];
}

/// De Casteljau based piecewise-linear approximation of a flat-enough bezier.
fn bezier_approximate(points: &[Pos], path: &mut Vec<Pos>, l: &mut [Pos], r: &mut [Pos], mid: &mut [Pos]) {
    let count = points.len();
    bezier_subdivide(points, l, r, mid);
    path.push(points[0]);
    // Walk the concatenation l[0..count] ++ r[1..count] in overlapping triples, two at a time.
    let total = count + count - 1;
    let at = |k: usize| if k < count { l[k] } else { r[k - count + 1] };
    let mut k = 1;
    while k + 2 < total {
        let prev = at(k);
        let curr = at(k + 1);
        let next = at(k + 2);
        path.push(prev.add(curr.scale(2.0)).add(next).scale(0.25));
        k += 2;
    }
}

fn catmull_subpath(path: &mut Vec<Pos>, v1: Pos, v2: Pos, v3: Pos, v4: Pos) {
    let x1 = 2.0 * v2.x;
    let x2 = -v1.x + v3.x;
    let x3 = 2.0 * v1.x - 5.0 * v2.x + 4.0 * v3.x - v4.x;
    let x4 = -v1.x + 3.0 * (v2.x - v3.x) + v4.x;
    let y1 = 2.0 * v2.y;
    let y2 = -v1.y + v3.y;
    let y3 = 2.0 * v1.y - 5.0 * v2.y + 4.0 * v3.y - v4.y;
    let y4 = -v1.y + 3.0 * (v2.y - v3.y) + v4.y;
    let detail = CATMULL_DETAIL as f32;
    let point = |t1: f32| {
        let t2 = t1 * t1;
        let t3 = t2 * t1;
        Pos::new(0.5 * (x1 + x2 * t1 + x3 * t2 + x4 * t3), 0.5 * (y1 + y2 * t1 + y3 * t2 + y4 * t3))
    };
    for c in 0..CATMULL_DETAIL {
        let c = c as f32;
        path.push(point(c / detail));
        path.push(point((c + 1.0) / detail));
    }
}
