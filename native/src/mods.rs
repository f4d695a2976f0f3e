//! Legacy mod bits and the map attributes they produce (AR/OD/CS after mods and clock rate),
//! computed like the reference's `BeatmapAttributesBuilder` (f32 inputs, f64 hit windows).

pub const NF: u32 = 1;
pub const EZ: u32 = 2;
pub const TD: u32 = 4;
pub const HD: u32 = 8;
pub const HR: u32 = 16;
pub const DT: u32 = 64;
pub const HT: u32 = 256;
pub const FL: u32 = 1024;
pub const SO: u32 = 4096;

#[inline]
pub fn has(mods: u32, bit: u32) -> bool {
    mods & bit != 0
}

/// DT (NC always comes with the DT bit from stable) 1.5, else HT 0.75, else 1.
pub fn clock_rate(mods: u32) -> f64 {
    if has(mods, DT) {
        1.5
    } else if has(mods, HT) {
        0.75
    } else {
        1.0
    }
}

#[derive(Copy, Clone, Debug)]
pub struct MapAttributes {
    pub ar: f64,
    pub od: f64,
    pub cs: f64,
    pub clock_rate: f64,
}

fn difficulty_range(d: f64, min: f64, mid: f64, max: f64) -> f64 {
    if d > 5.0 {
        mid + (max - mid) * (d - 5.0) / 5.0
    } else if d < 5.0 {
        mid - (mid - min) * (5.0 - d) / 5.0
    } else {
        mid
    }
}

pub fn map_attributes(ar: f32, od: f32, cs: f32, mods: u32) -> MapAttributes {
    let clock = clock_rate(mods);
    let mult = |v: f32| {
        if has(mods, HR) {
            (v * 1.4).min(10.0)
        } else if has(mods, EZ) {
            v * 0.5
        } else {
            v
        }
    };
    let raw_ar = mult(ar.clamp(0.0, 10.0));
    let raw_od = mult(od.clamp(0.0, 10.0));
    let mut cs = cs;
    if has(mods, HR) {
        cs = (cs * 1.3).min(10.0);
    } else if has(mods, EZ) {
        cs *= 0.5;
    }

    let preempt = difficulty_range(raw_ar as f64, 1800.0, 1200.0, 450.0) / clock;
    let ar = if preempt > 1200.0 { (1800.0 - preempt) / 120.0 } else { (1200.0 - preempt) / 150.0 + 5.0 };
    let great = difficulty_range(raw_od as f64, 80.0, 50.0, 20.0) / clock;
    let od = (80.0 - great) / 6.0;
    MapAttributes { ar, od, cs: cs as f64, clock_rate: clock }
}
