//! The 2019 relax performance formula (Akatsuki `osu_2019` at c0e499ec), in f32, including the
//! f64 detours the reference takes where its attributes are stored as f64 (AR, OD, TD aim).

use crate::difficulty::DifficultyAttributes;
use crate::mathf::{cube, log10f, maxf, minf, pow24, powf, roundf};
use crate::mods::{has, FL, HD, SO, TD};

/// Score input. `None` = not given.
#[derive(Copy, Clone, Debug, Default)]
pub struct ScoreInput {
    pub mods: u32,
    pub combo: Option<u32>,
    pub misses: u32,
    /// Percent; when given, hit counts are generated from it (counts are ignored).
    pub accuracy: Option<f32>,
    pub n300: Option<u32>,
    pub n100: Option<u32>,
    pub n50: Option<u32>,
}

#[derive(Copy, Clone, Debug, Default)]
pub struct PerformanceResult {
    pub pp: f32,
    pub pp_aim: f32,
    pub pp_speed: f32,
    pub pp_acc: f32,
    pub effective_miss_count: f32,
    pub n300: u32,
    pub n100: u32,
    pub n50: u32,
    pub misses: u32,
    /// 0..1
    pub accuracy: f32,
}

struct Score {
    n300: u32,
    n100: u32,
    n50: u32,
    misses: u32,
    acc: f32,
    combo: Option<u32>,
    mods: u32,
}

/// The accuracy cannot be generated for this object count and miss count: the reference's u32
/// arithmetic would wrap around and produce nonsense counts (and usually infinite pp).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct UnreachableAccuracy;

/// Hit counts from an accuracy (the reference's `accuracy()` without given counts). Where the
/// reference's release build silently wraps u32 counts (accuracy below ~1/6, or an accuracy
/// whose rounding asks for more 300s/100s than there are objects, e.g. 98 % on 94 objects), we
/// return an error instead; every other input gives the reference's exact counts.
fn counts_from_accuracy(acc_percent: f32, misses: u32, n_objects: u32) -> Result<(u32, u32, u32, f32), UnreachableAccuracy> {
    let acc = acc_percent / 100.0;
    let misses = misses.min(n_objects);
    let target_total = roundf(acc * n_objects as f32 * 6.0) as u32;
    let delta = target_total.checked_sub(n_objects - misses).ok_or(UnreachableAccuracy)?;
    let mut n300 = delta / 5;
    let mut n100 = delta % 5;
    let mut n50 = n_objects
        .checked_sub(n300)
        .and_then(|v| v.checked_sub(n100))
        .and_then(|v| v.checked_sub(misses))
        .ok_or(UnreachableAccuracy)?;
    // Trade 300s for 100s to turn 50s into 100s.
    let n = n300.min(n50 / 4);
    n300 -= n;
    n100 = n100.wrapping_add(n.wrapping_mul(5));
    n50 = n50.wrapping_sub(n.wrapping_mul(4));
    let num = n300.wrapping_mul(6).wrapping_add(n100.wrapping_mul(2)).wrapping_add(n50);
    let acc = num as f32 / n_objects.wrapping_mul(6) as f32;
    Ok((n300, n100, n50, acc))
}

/// Fills in missing counts (the reference's `assert_hitresults`).
fn complete_counts(n300: Option<u32>, n100: Option<u32>, n50: Option<u32>, misses: u32, n_objects: u32) -> (u32, u32, u32, f32) {
    let remaining = n_objects
        .saturating_sub(n300.unwrap_or(0))
        .saturating_sub(n100.unwrap_or(0))
        .saturating_sub(n50.unwrap_or(0))
        .saturating_sub(misses);
    let (a, b, c) = if remaining > 0 {
        if n300.is_none() {
            (remaining, n100.unwrap_or(0), n50.unwrap_or(0))
        } else if n100.is_none() {
            (n300.unwrap(), remaining, n50.unwrap_or(0))
        } else if n50.is_none() {
            (n300.unwrap(), n100.unwrap(), remaining)
        } else {
            (n300.unwrap().wrapping_add(remaining), n100.unwrap(), n50.unwrap())
        }
    } else {
        (n300.unwrap_or(0), n100.unwrap_or(0), n50.unwrap_or(0))
    };
    let numerator = c.wrapping_add(b.wrapping_mul(2)).wrapping_add(a.wrapping_mul(6));
    let acc = numerator as f32 / n_objects as f32 / 6.0;
    (a, b, c, acc)
}

/// `map_objects` = number of hit objects in the map (what the reference's accuracy conversion
/// uses before difficulty attributes exist).
pub fn calculate(attrs: &DifficultyAttributes, input: &ScoreInput, map_objects: u32) -> Result<PerformanceResult, UnreachableAccuracy> {
    let (n300, n100, n50, acc) = match input.accuracy {
        Some(a) => counts_from_accuracy(a, input.misses, map_objects)?,
        None => {
            let n_objects = attrs.n_circles + attrs.n_sliders + attrs.n_spinners;
            complete_counts(input.n300, input.n100, input.n50, input.misses, n_objects)
        }
    };
    let score = Score { n300, n100, n50, misses: input.misses, acc, combo: input.combo, mods: input.mods };
    let n_objects = attrs.n_circles + attrs.n_sliders + attrs.n_spinners;
    let total_hits_u =
        score.n300.wrapping_add(score.n100).wrapping_add(score.n50).wrapping_add(score.misses).min(n_objects);
    let total_hits = total_hits_u as f32;

    let mut multiplier = 1.09f32;
    let effective_miss_count = effective_misses(attrs, &score);
    if has(score.mods, SO) {
        multiplier *= 1.0 - powf(attrs.n_spinners as f32 / total_hits, 0.85);
    }

    let mut aim_value = aim_value(attrs, &score, total_hits, effective_miss_count);
    let speed_value = speed_value(attrs, &score, total_hits, effective_miss_count);
    let acc_value = acc_value(attrs, &score, total_hits);

    let mut acc_depression = 1.0f32;
    let streams_nerf = ((attrs.aim_strain as f64 / attrs.speed_strain as f64) * 100.0).round() / 100.0;
    if streams_nerf < 1.09 {
        let acc_factor = (1.0 - score.acc).abs();
        acc_depression = maxf(0.86 - acc_factor, 0.5);
        if acc_depression > 0.0 {
            aim_value *= acc_depression;
        }
    }

    let pp = powf(
        powf(aim_value, 1.185) + powf(speed_value, 0.83 * acc_depression) + powf(acc_value, 1.14),
        1.0 / 1.1,
    ) * multiplier;

    Ok(PerformanceResult {
        pp,
        pp_aim: aim_value,
        pp_speed: speed_value,
        pp_acc: acc_value,
        effective_miss_count,
        n300,
        n100,
        n50,
        misses: score.misses,
        accuracy: acc,
    })
}

fn len_bonus(total_hits: f32) -> f32 {
    0.88 + 0.4 * minf(total_hits / 2000.0, 1.0)
        + ((total_hits > 2000.0) as u8 as f32) * 0.5 * log10f(total_hits / 2000.0)
}

fn miss_penalty(effective_miss_count: f32, total_hits: f32) -> f32 {
    0.97 * powf(1.0 - powf(effective_miss_count / total_hits, 0.5), 1.0 + effective_miss_count / 1.5)
}

fn effective_misses(attrs: &DifficultyAttributes, s: &Score) -> f32 {
    let mut combo_based = 0.0f32;
    let max_combo = attrs.max_combo as u32;
    let combo = s.combo.unwrap_or(max_combo) as f32;
    if attrs.n_sliders > 0 {
        let fc_threshold = max_combo as f32 - 0.1 * attrs.n_sliders as f32;
        if combo < fc_threshold {
            combo_based = fc_threshold / maxf(combo, 1.0);
        }
    }
    combo_based = minf(combo_based, s.n100 as f32 + s.n50 as f32 + s.misses as f32);
    maxf(combo_based, s.misses as f32)
}

fn ar_factor(ar: f64) -> f32 {
    let mut f = if ar > 10.33 { 0.3 * (ar - 10.33) } else { 0.0 };
    if ar < 8.0 {
        f = 0.025 * (8.0 - ar);
    }
    f as f32
}

fn aim_value(a: &DifficultyAttributes, s: &Score, total_hits: f32, emc: f32) -> f32 {
    // TouchDevice nerf, taken in f64 on the f32 strain widened to f64.
    let raw_aim = if has(s.mods, TD) { (a.aim_strain as f64).powf(0.8) as f32 } else { a.aim_strain };
    let mut v = cube(5.0 * maxf(raw_aim / 0.0675, 1.0) - 4.0) / 100_000.0;
    let lb = len_bonus(total_hits);
    v *= lb;
    if emc > 0.0 {
        v *= miss_penalty(emc, total_hits);
    }
    v *= 1.0 + ar_factor(a.ar) * lb;
    if has(s.mods, HD) {
        v *= 1.0 + 0.05 * (11.0 - a.ar) as f32;
    }
    if has(s.mods, FL) {
        v *= 1.0
            + 0.3 * minf(total_hits / 200.0, 1.0)
            + ((total_hits > 200.0) as u8 as f32) * 0.25 * minf((total_hits - 200.0) / 300.0, 1.0)
            + ((total_hits > 500.0) as u8 as f32) * (total_hits - 500.0) / 1600.0;
    }
    v *= 0.3 + s.acc / 2.0;
    v *= 0.98 + a.od as f32 * a.od as f32 / 2500.0;
    v
}

fn speed_value(a: &DifficultyAttributes, s: &Score, total_hits: f32, emc: f32) -> f32 {
    let mut v = cube(5.0 * maxf(a.speed_strain / 0.0675, 1.0) - 4.0) / 100_000.0;
    let lb = len_bonus(total_hits);
    v *= lb;
    if emc > 0.0 {
        v *= miss_penalty(emc, total_hits);
    }
    if a.ar > 10.33 {
        v *= 1.0 + ar_factor(a.ar) * lb;
    }
    if has(s.mods, HD) {
        v *= 1.0 + 0.05 * (11.0 - a.ar) as f32;
    }
    v *= (0.93 + a.od as f32 * a.od as f32 / 750.0) * powf(s.acc, (14.5 - a.od.max(8.0) as f32) / 2.0);
    let n50 = s.n50 as f32;
    let threshold = total_hits / 500.0;
    v *= powf(0.98, if n50 < threshold { 0.0 } else { n50 - threshold });
    v
}

fn acc_value(a: &DifficultyAttributes, s: &Score, total_hits: f32) -> f32 {
    let n_circles = a.n_circles as f32;
    let n300 = s.n300 as f32;
    let n100 = s.n100 as f32;
    let n50 = s.n50 as f32;
    let better = ((n_circles > 0.0) as u8 as f32)
        * maxf(((n300 - (total_hits - n_circles)) * 6.0 + n100 * 2.0 + n50) / (n_circles * 6.0), 0.0);
    let mut v = powf(1.52163, a.od as f32) * pow24(better) * 2.83;
    v *= minf(powf(n_circles / 1000.0, 0.3), 1.15);
    if has(s.mods, HD) {
        v *= 1.08;
    }
    if has(s.mods, FL) {
        v *= 1.02;
    }
    v
}
