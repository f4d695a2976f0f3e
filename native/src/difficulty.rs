//! Difficulty (star rating) of the 2019 algorithm: per-object aim and speed strains, decayed and
//! peaked per 400 ms section, weighted sum of peaks. Everything in f32 like the reference.

use crate::beatmap::Beatmap;
use crate::mathf::{atan2f, maxf, minf, powf, sinf, sqrtf};
use crate::mods::map_attributes;
use crate::objects::{ObjectBuilder, ObjectError, OsuObject};

const OBJECT_RADIUS: f32 = 64.0;
const SECTION_LEN: f32 = 400.0;
const DIFFICULTY_MULTIPLIER: f32 = 0.0675;
const NORMALIZED_RADIUS: f32 = 52.0;

const SINGLE_SPACING_THRESHOLD: f32 = 125.0;
const SPEED_ANGLE_BONUS_BEGIN: f32 = 5.0 * core::f32::consts::FRAC_PI_6;
const PI_OVER_4: f32 = core::f32::consts::FRAC_PI_4;
const PI_OVER_2: f32 = core::f32::consts::FRAC_PI_2;
const MIN_SPEED_BONUS: f32 = 75.0;
const MAX_SPEED_BONUS: f32 = 45.0;
const SPEED_BALANCING_FACTOR: f32 = 40.0;
const AIM_ANGLE_BONUS_BEGIN: f32 = core::f32::consts::FRAC_PI_3;
const TIMING_THRESHOLD: f32 = 107.0;

#[derive(Clone, Debug, Default)]
pub struct DifficultyAttributes {
    pub aim_strain: f32,
    pub speed_strain: f32,
    pub stars: f32,
    pub ar: f64,
    pub od: f64,
    pub cs: f64,
    pub n_circles: u32,
    pub n_sliders: u32,
    pub n_spinners: u32,
    pub max_combo: u64,
}

struct DiffObject {
    is_spinner: bool,
    time: f32,
    /// (jump distance, strain time) of the previous difficulty object.
    prev: Option<(f32, f32)>,
    jump_dist: f32,
    travel_dist: f32,
    angle: Option<f32>,
    delta: f32,
    strain_time: f32,
}

impl DiffObject {
    fn new(base: &OsuObject, prev: &OsuObject, prev_vals: Option<(f32, f32)>, prev_prev: Option<&OsuObject>, clock_rate: f32, scaling: f32) -> Self {
        let delta = (base.time - prev.time) / clock_rate;
        let strain_time = maxf(delta, 50.0);
        let travel_dist = prev.travel_dist.unwrap_or(0.0);
        let jump_dist = if base.is_spinner() { 0.0 } else { base.pos.sub(prev.end_pos).scale(scaling).length() };
        let angle = prev_prev.map(|pp| {
            let v1 = pp.end_pos.sub(prev.pos);
            let v2 = base.pos.sub(prev.end_pos);
            let dot = v1.dot(v2);
            let det = v1.x * v2.y - v1.y * v2.x;
            atan2f(det, dot).abs()
        });
        DiffObject { is_spinner: base.is_spinner(), time: base.time, prev: prev_vals, jump_dist, travel_dist, angle, delta, strain_time }
    }
}

#[inline]
fn diminishing_exp(v: f32) -> f32 {
    powf(v, 0.99)
}

fn aim_strain_of(c: &DiffObject) -> f32 {
    if c.is_spinner {
        return 0.0;
    }
    let mut result = 0.0f32;
    if let Some((prev_jump, prev_strain_time)) = c.prev {
        if let Some(angle) = c.angle.filter(|a| *a > AIM_ANGLE_BONUS_BEGIN) {
            let scale = 90.0f32;
            let s = sinf(angle - AIM_ANGLE_BONUS_BEGIN);
            let angle_bonus = sqrtf((s * s) * maxf(prev_jump - scale, 0.0) * maxf(c.jump_dist - scale, 0.0));
            result = 1.5 * diminishing_exp(maxf(angle_bonus, 0.0)) / maxf(TIMING_THRESHOLD, prev_strain_time);
        }
    }
    let jump = diminishing_exp(c.jump_dist);
    let travel = diminishing_exp(c.travel_dist);
    let dist = jump + travel + sqrtf(travel * jump);
    maxf(result + dist / maxf(c.strain_time, TIMING_THRESHOLD), dist / c.strain_time)
}

fn speed_strain_of(c: &DiffObject) -> f32 {
    if c.is_spinner {
        return 0.0;
    }
    let dist = minf(SINGLE_SPACING_THRESHOLD, c.travel_dist + c.jump_dist);
    let delta_time = maxf(MAX_SPEED_BONUS, c.delta);
    let mut speed_bonus = 1.0f32;
    if delta_time < MIN_SPEED_BONUS {
        let b = (MIN_SPEED_BONUS - delta_time) / SPEED_BALANCING_FACTOR;
        speed_bonus += b * b;
    }
    let mut angle_bonus = 1.0f32;
    if let Some(angle) = c.angle.filter(|a| *a < SPEED_ANGLE_BONUS_BEGIN) {
        let b = sinf(1.5 * (SPEED_ANGLE_BONUS_BEGIN - angle));
        angle_bonus = 1.0 + b * b / 3.57;
        if angle < PI_OVER_2 {
            angle_bonus = 1.28;
            if dist < 90.0 && angle < PI_OVER_4 {
                angle_bonus += (1.0 - angle_bonus) * minf((90.0 - dist) / 10.0, 1.0);
            } else if dist < 90.0 {
                angle_bonus += (1.0 - angle_bonus) * minf((90.0 - dist) / 10.0, 1.0) * sinf((PI_OVER_2 - angle) / PI_OVER_4);
            }
        }
    }
    (1.0 + (speed_bonus - 1.0) * 0.75) * angle_bonus * (0.95 + speed_bonus * powf(dist / SINGLE_SPACING_THRESHOLD, 3.5))
        / c.strain_time
}

#[derive(Copy, Clone)]
enum Kind {
    Aim,
    Speed,
}

struct Skill {
    kind: Kind,
    current_strain: f32,
    current_section_peak: f32,
    peaks: Vec<f32>,
    prev_time: Option<f32>,
}

impl Skill {
    fn new(kind: Kind) -> Self {
        Skill { kind, current_strain: 1.0, current_section_peak: 1.0, peaks: Vec::with_capacity(256), prev_time: None }
    }

    fn decay_base(&self) -> f32 {
        match self.kind {
            Kind::Aim => 0.15,
            Kind::Speed => 0.3,
        }
    }

    fn multiplier(&self) -> f32 {
        match self.kind {
            Kind::Aim => 26.25,
            Kind::Speed => 1400.0,
        }
    }

    #[inline]
    fn decay(&self, ms: f32) -> f32 {
        powf(self.decay_base(), ms / 1000.0)
    }

    fn save_peak(&mut self) {
        self.peaks.push(self.current_section_peak);
    }

    fn start_new_section_from(&mut self, time: f32) {
        // Raw (not clock-adjusted) milliseconds since the previous object, as the reference does.
        let prev = self.prev_time.unwrap_or(time);
        self.current_section_peak = self.current_strain * self.decay(time - prev);
    }

    fn process(&mut self, c: &DiffObject) {
        self.current_strain *= self.decay(c.delta);
        let value = match self.kind {
            Kind::Aim => aim_strain_of(c),
            Kind::Speed => speed_strain_of(c),
        };
        self.current_strain += value * self.multiplier();
        self.current_section_peak = maxf(self.current_section_peak, self.current_strain);
        self.prev_time = Some(c.time);
    }

    fn difficulty_value(&mut self) -> f32 {
        // Descending; NaN compares as equal (never produced for valid maps).
        self.peaks.sort_unstable_by(|a, b| b.partial_cmp(a).unwrap_or(core::cmp::Ordering::Equal));
        let mut difficulty = 0.0f32;
        let mut weight = 1.0f32;
        for &s in &self.peaks {
            difficulty += s * weight;
            weight *= 0.9;
        }
        difficulty
    }
}

/// Stars and strains for `map` with legacy `mods`.
pub fn calculate(map: &Beatmap, mods: u32) -> Result<DifficultyAttributes, ObjectError> {
    let attrs = map_attributes(map.ar, map.od, map.cs, mods);
    let mut out = DifficultyAttributes { ar: attrs.ar, od: attrs.od, cs: attrs.cs, ..Default::default() };
    if map.hit_objects.len() < 2 {
        return Ok(out);
    }

    let clock_rate = attrs.clock_rate as f32;
    let section_len = SECTION_LEN * clock_rate;
    let radius = OBJECT_RADIUS * (1.0 - 0.7 * (attrs.cs as f32 - 5.0) / 5.0) / 2.0;
    let mut scaling = NORMALIZED_RADIUS / radius;
    if radius < 30.0 {
        let small_circle_bonus = minf(30.0 - radius, 5.0) / 50.0;
        scaling *= 1.0 + small_circle_bonus;
    }

    let mut builder = ObjectBuilder::new(map, radius, scaling);
    let mut aim = Skill::new(Kind::Aim);
    let mut speed = Skill::new(Kind::Speed);

    let mut current_section_end = (map.hit_objects[0].start_time as f32 / section_len).ceil() * section_len;

    let mut objects = map.hit_objects.iter();
    let mut prev = builder.build(objects.next().unwrap())?;
    let curr = builder.build(objects.next().unwrap())?;
    let mut prev_prev: Option<OsuObject>;

    // The second object only advances the section boundary (no peak is stored yet).
    let h = DiffObject::new(&curr, &prev, None, None, clock_rate, scaling);
    while h.time > current_section_end {
        current_section_end += section_len;
    }
    aim.process(&h);
    speed.process(&h);
    let mut prev_vals = Some((h.jump_dist, h.strain_time));
    prev_prev = Some(prev);
    prev = curr;

    for obj in objects {
        let curr = builder.build(obj)?;
        let h = DiffObject::new(&curr, &prev, prev_vals, prev_prev.as_ref(), clock_rate, scaling);
        while h.time > current_section_end {
            aim.save_peak();
            aim.start_new_section_from(current_section_end);
            speed.save_peak();
            speed.start_new_section_from(current_section_end);
            current_section_end += section_len;
        }
        aim.process(&h);
        speed.process(&h);
        prev_vals = Some((h.jump_dist, h.strain_time));
        prev_prev = Some(prev);
        prev = curr;
    }
    aim.save_peak();
    speed.save_peak();

    let aim_strain = sqrtf(aim.difficulty_value()) * DIFFICULTY_MULTIPLIER;
    let speed_strain = sqrtf(speed.difficulty_value()) * DIFFICULTY_MULTIPLIER;
    out.stars = aim_strain + speed_strain + (aim_strain - speed_strain).abs() / 2.0;
    out.aim_strain = aim_strain;
    out.speed_strain = speed_strain;
    out.n_circles = builder.counts.n_circles;
    out.n_sliders = builder.counts.n_sliders;
    out.n_spinners = builder.counts.n_spinners;
    out.max_combo = builder.counts.max_combo;
    Ok(out)
}
