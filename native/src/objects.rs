//! Hit objects as the 2019 algorithm sees them: start time, position, the "lazy cursor" end
//! position and travel distance of sliders (from walking ticks, repeats and the lenient tail),
//! and the max combo contributed by nested objects.

use crate::beatmap::{difficulty_point_at, timing_point_at, Beatmap, HitObject, ObjectKind, Pos, DEFAULT_BEAT_LEN};
use crate::curve::{CurveBuffers, TooComplex};

const LEGACY_LAST_TICK_OFFSET: f64 = 36.0;
const BASE_SCORING_DISTANCE: f64 = 100.0;
/// Limit on nested slider points (ticks, repeats, tails) per calculation: real maps have at most
/// a few hundred thousand; beyond this it is an abusive map and we stop instead of hanging.
pub const MAX_NESTED: u64 = 5_000_000;

pub struct OsuObject {
    pub time: f32,
    pub pos: Pos,
    pub end_pos: Pos,
    /// Circle: Some(0), slider: Some(travel), spinner: None.
    pub travel_dist: Option<f32>,
}

impl OsuObject {
    #[inline]
    pub fn is_spinner(&self) -> bool {
        self.travel_dist.is_none()
    }
}

#[derive(Default, Clone, Copy)]
pub struct Counts {
    pub max_combo: u64,
    pub n_circles: u32,
    pub n_sliders: u32,
    pub n_spinners: u32,
}

#[derive(Debug)]
pub enum ObjectError {
    TooComplex,
    TooManyNested,
}

impl From<TooComplex> for ObjectError {
    fn from(_: TooComplex) -> Self {
        ObjectError::TooComplex
    }
}

pub struct ObjectBuilder<'m> {
    map: &'m Beatmap,
    radius: f32,
    scaling_factor: f32,
    ticks: Vec<f64>,
    curve: CurveBuffers,
    pub counts: Counts,
}

impl<'m> ObjectBuilder<'m> {
    pub fn new(map: &'m Beatmap, radius: f32, scaling_factor: f32) -> Self {
        ObjectBuilder { map, radius, scaling_factor, ticks: Vec::new(), curve: CurveBuffers::new(), counts: Counts::default() }
    }

    pub fn build(&mut self, h: &HitObject) -> Result<OsuObject, ObjectError> {
        self.counts.max_combo += 1; // circle, slider head or spinner
        let time = h.start_time as f32;
        match &h.kind {
            ObjectKind::Circle => {
                self.counts.n_circles += 1;
                Ok(OsuObject { time, pos: h.pos, end_pos: h.pos, travel_dist: Some(0.0) })
            }
            ObjectKind::Spinner => {
                self.counts.n_spinners += 1;
                Ok(OsuObject { time, pos: h.pos, end_pos: h.pos, travel_dist: None })
            }
            ObjectKind::Slider(slider) => {
                self.counts.n_sliders += 1;
                let map = self.map;
                let start = h.start_time;
                let beat_len = timing_point_at(&map.timing_points, start).map_or(DEFAULT_BEAT_LEN, |p| p.beat_len);
                let (slider_vel, generate_ticks) = difficulty_point_at(&map.difficulty_points, start)
                    .map_or((1.0, true), |p| (p.slider_velocity, p.generate_ticks));

                let scoring_dist = BASE_SCORING_DISTANCE * map.slider_multiplier * slider_vel;
                let vel = scoring_dist / beat_len;
                let follow_radius = self.radius * 3.0;
                let tick_dist_mult = if map.version < 8 { 1.0 / slider_vel } else { 1.0 };
                let mut tick_dist =
                    if generate_ticks { scoring_dist / map.slider_tick_rate * tick_dist_mult } else { f64::INFINITY };
                let span_count = (slider.repeats + 1) as f64;

                self.curve.compute(&slider.control_points, slider.expected_dist)?;
                let curve_dist = self.curve.dist();
                let end_time = start + span_count * curve_dist / vel;
                let total_duration = end_time - start;
                let span_duration = total_duration / span_count;

                let mut walker = Walker {
                    curve: &self.curve,
                    head: h.pos,
                    start,
                    span_duration,
                    follow_radius,
                    end_pos: h.pos,
                    travel: 0.0,
                    count: 0,
                };

                let len = curve_dist.min(100_000.0);
                // f64::clamp without its panic on a NaN bound.
                tick_dist = if tick_dist < 0.0 { 0.0 } else if tick_dist > len { len } else { tick_dist };
                let min_dist_from_end = vel * 10.0;
                let mut curr_dist = tick_dist;
                let budget = MAX_NESTED.saturating_sub(self.counts.max_combo);

                if tick_dist != 0.0 {
                    self.ticks.clear();
                    // Ticks of the first span.
                    while curr_dist < len - min_dist_from_end {
                        if walker.count >= budget {
                            return Err(ObjectError::TooManyNested);
                        }
                        let progress = curr_dist / len;
                        let t = start + progress * span_duration;
                        walker.visit(t);
                        self.ticks.push(t);
                        curr_dist += tick_dist;
                    }
                    let per_span = self.ticks.len() as u64 + 1;
                    if walker.count + per_span * slider.repeats as u64 >= budget {
                        return Err(ObjectError::TooManyNested);
                    }
                    // Repeat points and the mirrored ticks of every further span.
                    for span_idx in 1..=slider.repeats {
                        let span_idx = span_idx as f64;
                        walker.visit(start + span_duration * span_idx);
                        let span_offset = span_idx * span_duration;
                        if (span_idx as usize) & 1 == 1 {
                            let base = start + start + span_duration;
                            for &t in self.ticks.iter().rev() {
                                walker.visit(span_offset + base - t);
                            }
                        } else {
                            for &t in self.ticks.iter() {
                                walker.visit(span_offset + t);
                            }
                        }
                    }
                    self.ticks.clear();
                }

                // The tail, judged early ("legacy last tick").
                let final_span_start = start + slider.repeats as f64 * span_duration;
                let final_span_end = (start + total_duration / 2.0).max(final_span_start + span_duration - LEGACY_LAST_TICK_OFFSET);
                walker.visit(final_span_end);

                let travel = walker.travel * self.scaling_factor;
                let end_pos = walker.end_pos;
                self.counts.max_combo += walker.count;
                Ok(OsuObject { time, pos: h.pos, end_pos, travel_dist: Some(travel) })
            }
        }
    }
}

/// Moves the lazy cursor over a slider's nested points.
struct Walker<'c> {
    curve: &'c CurveBuffers,
    head: Pos,
    start: f64,
    span_duration: f64,
    follow_radius: f32,
    end_pos: Pos,
    travel: f32,
    count: u64,
}

impl Walker<'_> {
    #[inline]
    fn visit(&mut self, time: f64) {
        self.count += 1;
        let mut progress = (time - self.start) / self.span_duration;
        // Fold over back-and-forth spans.
        if progress % 2.0 >= 1.0 {
            progress = 1.0 - progress % 1.0;
        } else {
            progress %= 1.0;
        }
        let curr = self.head.add(self.curve.position_at(progress));
        let diff = curr.sub(self.end_pos);
        let mut dist = diff.length();
        if dist > self.follow_radius {
            dist -= self.follow_radius;
            self.end_pos = self.end_pos.add(diff.normalize().scale(dist));
            self.travel += dist;
        }
    }
}
