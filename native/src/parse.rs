//! `.osu` decoding: only [General] Mode, [Difficulty], [TimingPoints] and [HitObjects].
//!
//! Line handling follows the decoder the reference used (rosu-map 0.2 + rosu-pp's beatmap
//! state): a line that fails to parse is skipped, numbers are limited to ±i32::MAX (coordinates
//! to ±131072), red/green line pairs at one time are merged the same way. On top of that we are
//! stricter where the reference silently produced a 0-object map: no `osu file format v` header
//! or no hit objects is an error for us (see `ParseError`).

use crate::beatmap::{
    difficulty_point_at, insert_difficulty_point, insert_timing_point, Beatmap, ControlPoint,
    DifficultyPoint, HitObject, ObjectKind, PathType, Pos, Slider, TimingPoint,
};

const MAX_PARSE_VALUE: f64 = i32::MAX as f64;
const MAX_COORDINATE_VALUE: f64 = 131_072.0;
const LATEST_FORMAT_VERSION: i32 = 14;
const F64_EPSILON: f64 = f64::EPSILON;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The first non-empty line is not `osu file format v…`.
    NotOsuFile,
    /// `Mode:` is not osu!standard.
    NotStandard,
    /// More hit objects than we are willing to process.
    TooManyObjects,
    /// Timing points so far out of order that sorting them would take unreasonably long.
    TooComplex,
}

/// Bound on element moves while inserting out-of-order timing points (in-order files move none).
const MAX_CONTROL_POINT_SHIFTS: usize = 50_000_000;

pub const MAX_OBJECTS: usize = 200_000;

#[derive(Copy, Clone, PartialEq, Eq)]
enum Section {
    General,
    Difficulty,
    TimingPoints,
    HitObjects,
    Other,
}

fn section_of(line: &str) -> Option<Section> {
    let name = line.strip_prefix('[')?.strip_suffix(']')?;
    Some(match name {
        "General" => Section::General,
        "Difficulty" => Section::Difficulty,
        "TimingPoints" => Section::TimingPoints,
        "HitObjects" => Section::HitObjects,
        "Editor" | "Metadata" | "Events" | "Colours" | "Variables" | "CatchTheBeat" | "Mania" => {
            Section::Other
        }
        _ => return None,
    })
}

/// Splits on one ASCII byte. A plain byte loop: the fields are short, and `str::split(char)`
/// set-up cost dominated the parse profile.
#[derive(Clone)]
struct SplitByte<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;
    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match s.bytes().position(|b| b == self.sep) {
            Some(i) => {
                // `sep` is ASCII, so both sides are on char boundaries.
                self.rest = Some(&s[i + 1..]);
                Some(&s[..i])
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

#[inline]
fn split_byte(s: &str, sep: u8) -> SplitByte<'_> {
    SplitByte { rest: Some(s), sep }
}

/// Bytes to text: UTF-8 (BOM optional, invalid sequences replaced) or UTF-16 with a BOM.
fn decode_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest);
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return std::borrow::Cow::Owned(utf16(rest, true));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return std::borrow::Cow::Owned(utf16(rest, false));
    }
    String::from_utf8_lossy(bytes)
}

// ---- number parsing with the reference's limits ------------------------------------------------

/// Plain integers (most .osu fields) without the general float parser: `[-]digits`, at most
/// `max_digits` so the value is exact in the target type, giving the identical result (including
/// -0.0) to `str::parse`. Anything else falls back to the standard parser.
#[inline]
fn small_int(s: &str, max_digits: usize) -> Option<(bool, u64)> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > max_digits {
        return None;
    }
    let mut v = 0u64;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (d - b'0') as u64;
    }
    Some((neg, v))
}

fn parse_f64_limit(s: &str, limit: f64) -> Option<f64> {
    let s = s.trim();
    let n: f64 = match small_int(s, 15) {
        Some((neg, v)) => {
            if neg {
                -(v as f64)
            } else {
                v as f64
            }
        }
        None => s.parse().ok()?,
    };
    if n < -limit || n > limit || n.is_nan() {
        None
    } else {
        Some(n)
    }
}

fn parse_f64(s: &str) -> Option<f64> {
    parse_f64_limit(s, MAX_PARSE_VALUE)
}

fn parse_f32_limit(s: &str, limit: f32) -> Option<f32> {
    let s = s.trim();
    let n: f32 = match small_int(s, 7) {
        Some((neg, v)) => {
            if neg {
                -(v as f32)
            } else {
                v as f32
            }
        }
        None => s.parse().ok()?,
    };
    if n < -limit || n > limit || n.is_nan() {
        None
    } else {
        Some(n)
    }
}

fn parse_f32(s: &str) -> Option<f32> {
    parse_f32_limit(s, MAX_PARSE_VALUE as f32)
}

/// Trimmed i32 (the reference's `ParseNumber for i32`).
fn parse_i32(s: &str) -> Option<i32> {
    s.trim().parse().ok()
}

fn trim_comment(line: &str) -> &str {
    let b = line.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'/' {
            return line[..i].trim_end();
        }
        i += 1;
    }
    line.trim_end()
}

/// `Key: value` → (trimmed key, trimmed second field).
fn key_value(line: &str) -> (&str, &str) {
    let mut split = split_byte(line, b':').map(str::trim);
    let key = split.next().unwrap_or("");
    let value = split.next().unwrap_or("");
    (key, value)
}

// ---- decoder state ------------------------------------------------------------------------------

struct State {
    version: i32,
    mode: u8,
    has_ar: bool,
    ar: f32,
    od: f32,
    cs: f32,
    hp: f32,
    slider_multiplier: f64,
    slider_tick_rate: f64,
    timing_points: Vec<TimingPoint>,
    difficulty_points: Vec<DifficultyPoint>,
    hit_objects: Vec<HitObject>,
    pending_time: f64,
    pending_timing: Option<TimingPoint>,
    pending_difficulty: Option<DifficultyPoint>,
    /// Control points of the slider being read. Deliberately not cleared when a line fails
    /// halfway, like the reference (leftovers join the next slider).
    curve_points: Vec<ControlPoint>,
    vertices: Vec<ControlPoint>,
    control_point_shifts: usize,
}

impl State {
    fn new(version: i32) -> Self {
        State {
            version,
            mode: 0,
            has_ar: false,
            ar: 5.0,
            od: 5.0,
            cs: 5.0,
            hp: 5.0,
            slider_multiplier: 1.4,
            slider_tick_rate: 1.0,
            timing_points: Vec::new(),
            difficulty_points: Vec::new(),
            hit_objects: Vec::with_capacity(512),
            pending_time: 0.0,
            pending_timing: None,
            pending_difficulty: None,
            curve_points: Vec::new(),
            vertices: Vec::new(),
            control_point_shifts: 0,
        }
    }

    fn flush_pending(&mut self) {
        if let Some(p) = self.pending_timing.take() {
            self.control_point_shifts += insert_timing_point(&mut self.timing_points, p);
        }
        if let Some(p) = self.pending_difficulty.take() {
            // A green line identical to the one in effect is dropped.
            let redundant = match difficulty_point_at(&self.difficulty_points, p.time) {
                Some(e) => p.generate_ticks == e.generate_ticks && (p.slider_velocity - e.slider_velocity).abs() < F64_EPSILON,
                None => p.generate_ticks && (p.slider_velocity - 1.0).abs() < F64_EPSILON,
            };
            if !redundant {
                self.control_point_shifts += insert_difficulty_point(&mut self.difficulty_points, p);
            }
        }
    }

    fn new_pending_time(&mut self, time: f64) {
        if (time - self.pending_time).abs() >= F64_EPSILON {
            self.flush_pending();
        }
    }

    fn general(&mut self, line: &str) {
        let (key, value) = key_value(trim_comment(line));
        if key == "Mode" {
            match value {
                "0" => self.mode = 0,
                "1" => self.mode = 1,
                "2" => self.mode = 2,
                "3" => self.mode = 3,
                _ => {}
            }
        }
    }

    fn difficulty(&mut self, line: &str) {
        let (key, value) = key_value(trim_comment(line));
        match key {
            "HPDrainRate" => {
                if let Some(v) = parse_f32(value) {
                    self.hp = v;
                }
            }
            "CircleSize" => {
                if let Some(v) = parse_f32(value) {
                    self.cs = v;
                }
            }
            "OverallDifficulty" => {
                if let Some(v) = parse_f32(value) {
                    self.od = v;
                    if !self.has_ar {
                        self.ar = v;
                    }
                }
            }
            "ApproachRate" => {
                if let Some(v) = parse_f32(value) {
                    self.ar = v;
                    self.has_ar = true;
                }
            }
            "SliderMultiplier" => {
                if let Some(v) = parse_f64(value) {
                    self.slider_multiplier = v;
                }
            }
            "SliderTickRate" => {
                if let Some(v) = parse_f64(value) {
                    self.slider_tick_rate = v;
                }
            }
            _ => {}
        }
    }

    fn timing_point(&mut self, line: &str) -> Option<()> {
        let mut split = split_byte(trim_comment(line), b',');
        let time = parse_f64(split.next()?)?;
        let beat_len_str = split.next()?;
        // NaN is allowed here (it means "no ticks" on green lines).
        let beat_len: f64 = beat_len_str.trim().parse().ok()?;
        if beat_len < -MAX_PARSE_VALUE || beat_len > MAX_PARSE_VALUE {
            return None;
        }
        let speed_multiplier = if beat_len < 0.0 { 100.0 / -beat_len } else { 1.0 };
        if let Some(numerator) = split.next() {
            if parse_i32(numerator)? < 1 {
                return None;
            }
        }
        let _ = split.next(); // sample set
        let _ = split.next(); // custom sample bank
        let _ = split.next(); // volume
        let timing_change = match split.next() {
            Some(s) => s.starts_with('1'),
            None => true,
        };
        if let Some(flags) = split.next() {
            flags.parse::<i32>().ok()?; // effect flags must be an integer or the line is dropped
        }
        if timing_change && beat_len.is_nan() {
            return None;
        }

        if timing_change {
            self.new_pending_time(time);
            // A red line only takes the slot if none is pending at this time yet.
            if self.pending_timing.is_none() {
                self.pending_timing = Some(TimingPoint { time, beat_len: beat_len.clamp(6.0, 60_000.0) });
            }
            self.pending_time = time;
        }

        let difficulty = DifficultyPoint {
            time,
            slider_velocity: speed_multiplier.clamp(0.1, 10.0),
            generate_ticks: !beat_len.is_nan(),
        };
        self.new_pending_time(time);
        if timing_change {
            if self.pending_difficulty.is_none() {
                self.pending_difficulty = Some(difficulty);
            }
        } else {
            self.pending_difficulty = Some(difficulty);
        }
        self.pending_time = time;
        Some(())
    }

    fn hit_object(&mut self, line: &str) -> Option<()> {
        let mut split = split_byte(trim_comment(line), b',');
        let (x, y, start_time, kind, sound) =
            (split.next()?, split.next()?, split.next()?, split.next()?, split.next()?);
        let x = parse_f32_limit(x, MAX_COORDINATE_VALUE as f32)? as i32 as f32;
        let y = parse_f32_limit(y, MAX_COORDINATE_VALUE as f32)? as i32 as f32;
        let pos = Pos::new(x, y);
        let start_time = parse_f64(start_time)?;
        let flags: i32 = kind.parse().ok()?;
        let _: i32 = sound.parse().ok()?;

        let kind = if flags & 1 != 0 {
            custom_sound_ok(split.next())?;
            ObjectKind::Circle
        } else if flags & 2 != 0 {
            let point_str = split.next()?;
            let repeat_count = split.next()?;
            let repeats = parse_i32(repeat_count)?;
            if repeats > 9000 {
                return None;
            }
            let repeats = (repeats - 1).max(0) as usize;
            let mut expected_dist = None;
            if let Some(next) = split.next() {
                let len = parse_f64_limit(next, MAX_COORDINATE_VALUE)?.max(0.0);
                if len.abs() >= F64_EPSILON {
                    expected_dist = Some(len);
                }
            }
            let _ = split.next(); // node sounds (parsed leniently by the reference)
            let _ = split.next(); // node banks
            custom_sound_ok(split.next())?;
            self.convert_path(point_str, pos)?;
            let control_points = core::mem::take(&mut self.curve_points);
            ObjectKind::Slider(Slider { expected_dist, repeats, control_points })
        } else if flags & 8 != 0 {
            parse_f64(split.next()?)?;
            custom_sound_ok(split.next())?;
            ObjectKind::Spinner
        } else if flags & 128 != 0 {
            if let Some(s) = split.next().filter(|s| !s.is_empty()) {
                let (end_time, bank) = s.split_once(':')?;
                custom_sound_ok(Some(bank))?;
                parse_f64(end_time)?;
            }
            ObjectKind::Spinner
        } else {
            return None;
        };

        self.hit_objects.push(HitObject { pos, start_time, kind });
        Some(())
    }

    /// Splits `B|1:2|3:4|L|…` into typed segments (same rules as the reference decoder,
    /// including old-format red anchors given as a repeated point).
    fn convert_path(&mut self, point_str: &str, offset: Pos) -> Option<()> {
        let parts: Vec<&str> = split_byte(point_str, b'|').collect();
        let mut start = 0usize;
        let mut end = 0usize;
        let mut first = true;
        loop {
            end += 1;
            if end >= parts.len() {
                break;
            }
            let is_letter = parts[end].chars().next()?.is_ascii_alphabetic();
            if !is_letter {
                continue;
            }
            let end_point = parts.get(end + 1).copied();
            self.convert_points(&parts[start..end], end_point, first, offset)?;
            start = end;
            first = false;
        }
        if end > start {
            self.convert_points(&parts[start..end], None, first, offset)?;
        }
        Some(())
    }

    fn convert_points(&mut self, points: &[&str], end_point: Option<&str>, first: bool, offset: Pos) -> Option<()> {
        fn read_point(value: &str, start: Pos) -> Option<ControlPoint> {
            let mut v = split_byte(value, b':');
            let x = parse_f64_limit(v.next()?, MAX_COORDINATE_VALUE);
            let y = parse_f64_limit(v.next()?, MAX_COORDINATE_VALUE);
            let pos = Pos::new(x? as i32 as f32, y? as i32 as f32);
            Some(ControlPoint { pos: pos.sub(start), kind: None })
        }
        fn is_linear(p0: Pos, p1: Pos, p2: Pos) -> bool {
            let a = (p1.y - p0.y) * (p2.x - p0.x);
            let b = (p1.x - p0.x) * (p2.y - p0.y);
            (a - b).abs() < f32::EPSILON
        }

        let mut path_type = match points.first()?.chars().next() {
            Some('B') => PathType::Bezier,
            Some('L') => PathType::Linear,
            Some('P') => PathType::PerfectCurve,
            _ => PathType::Catmull,
        };

        self.vertices.clear();
        if first {
            self.vertices.push(ControlPoint { pos: Pos::default(), kind: None });
        }
        for p in points.iter().skip(1) {
            let cp = read_point(p, offset)?;
            self.vertices.push(cp);
        }
        let end_len = usize::from(end_point.is_some());
        if let Some(p) = end_point {
            let cp = read_point(p, offset)?;
            self.vertices.push(cp);
        }

        if path_type == PathType::PerfectCurve {
            if let [a, b, c] = self.vertices.as_slice() {
                if is_linear(a.pos, b.pos, c.pos) {
                    path_type = PathType::Linear;
                }
            } else {
                path_type = PathType::Bezier;
            }
        }

        self.vertices.first_mut()?.kind = Some(path_type);

        let mut start = 0usize;
        let mut end = 0usize;
        let limit = self.vertices.len() - end_len;
        loop {
            end += 1;
            if end >= limit {
                break;
            }
            if self.vertices[end].pos != self.vertices[end - 1].pos {
                continue;
            }
            if path_type == PathType::Catmull && end > 1 {
                continue;
            }
            if end == limit - 1 {
                continue;
            }
            self.vertices[end - 1].kind = Some(path_type);
            self.curve_points.extend_from_slice(&self.vertices[start..end]);
            start = end + 1;
        }
        if end > start {
            self.curve_points.extend_from_slice(&self.vertices[start..end]);
        }
        Some(())
    }
}

/// The `normal:addition:index:volume:file` field: its first four parts must be integers.
fn custom_sound_ok(bank_info: Option<&str>) -> Option<()> {
    let s = match bank_info {
        Some(s) if !s.is_empty() => s,
        _ => return Some(()),
    };
    for part in split_byte(s, b':').take(4) {
        parse_i32(part)?;
    }
    Some(())
}

/// Parses a `.osu` file.
pub fn parse(bytes: &[u8]) -> Result<Beatmap, ParseError> {
    let text = decode_text(bytes);
    let mut lines = split_byte(&text, b'\n').map(str::trim_end);

    // Header: the first non-empty line.
    let version = loop {
        match lines.next() {
            None => return Err(ParseError::NotOsuFile),
            Some("") => continue,
            Some(line) => {
                if !line.starts_with("osu file format v") {
                    return Err(ParseError::NotOsuFile);
                }
                // The reference takes everything after the last 'v' and falls back to the
                // latest version when it is not a number (e.g. a trailing comment).
                let v = line.rsplit('v').next().and_then(parse_i32);
                break v.unwrap_or(LATEST_FORMAT_VERSION);
            }
        }
    };

    let mut state = State::new(version);
    let mut section: Option<Section> = None;
    for line in lines {
        if line.is_empty() || line.trim_start().starts_with("//") {
            continue;
        }
        if let Some(s) = section_of(line) {
            section = Some(s);
            continue;
        }
        match section {
            Some(Section::General) => state.general(line),
            Some(Section::Difficulty) => state.difficulty(line),
            Some(Section::TimingPoints) => {
                let _ = state.timing_point(line);
                if state.control_point_shifts > MAX_CONTROL_POINT_SHIFTS {
                    return Err(ParseError::TooComplex);
                }
            }
            Some(Section::HitObjects) => {
                if state.hit_objects.len() >= MAX_OBJECTS {
                    return Err(ParseError::TooManyObjects);
                }
                let _ = state.hit_object(line);
            }
            _ => {}
        }
    }
    state.flush_pending();
    if state.control_point_shifts > MAX_CONTROL_POINT_SHIFTS {
        return Err(ParseError::TooComplex);
    }

    if state.mode != 0 {
        return Err(ParseError::NotStandard);
    }

    // Stable sort by start time (objects are usually already in order).
    state.hit_objects.sort_by(|a, b| a.start_time.total_cmp(&b.start_time));

    Ok(Beatmap {
        version: state.version,
        mode: state.mode,
        ar: state.ar,
        od: state.od,
        cs: state.cs,
        hp: state.hp,
        slider_multiplier: state.slider_multiplier,
        slider_tick_rate: state.slider_tick_rate,
        timing_points: state.timing_points,
        difficulty_points: state.difficulty_points,
        hit_objects: state.hit_objects,
    })
}
