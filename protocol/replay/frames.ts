/**
 * The decompressed frame text (shared/spec/cheat-detection.md §1.4) and the time line built from
 * it (§1.5, convention 1 — lazer's and stable's ReplayWatcher rule, which reproduces every
 * circlecore value; see §0.1 for why no delta may ever be discarded).
 */
import { ReplayDecodeError } from './errors.js';

/** Delta of the trailing RNG-seed frame stable (>= 20130319) and lazer append. */
export const SEED_FRAME_DELTA = -12345;
/** Beatmaps older than file format v5 get this offset on every frame (stable and lazer). */
export const EARLY_VERSION_TIME_OFFSET = 24;
/** Frames beyond this are refused (a 30-minute marathon at 1000 fps is 1.8 M frames). */
export const MAX_FRAMES = 4_000_000;

/** Frames as written: time deltas, positions, key bits; the seed frame split off. */
export interface RawFrames {
  count: number;
  delta: Float64Array;
  x: Float64Array;
  y: Float64Array;
  keys: Int32Array;
  /** The RNG seed from a trailing `-12345|0|0|seed` frame; null when the replay has none. */
  seed: number | null;
}

/** Frames on the game's time line (ms since song start), non-decreasing times. */
export interface Timeline {
  count: number;
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  keys: Int32Array;
}

function field(text: string, from: number, to: number, frameStart: number, what: string): number {
  const s = text.slice(from, to);
  // Number('') is 0 and Number(' 1') is 1; the client never writes either, so refuse them.
  // Number() also reads 0x/0o/0b prefixes, which no client writes and native/ (Rust) refuses.
  const radix = s.length > 2 && s.charCodeAt(0) === 48 && /[xob]/i.test(s[1]!);
  const v = s.length === 0 || radix || s.trim() !== s ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new ReplayDecodeError('bad-frames', `frame ${what} "${s.slice(0, 24)}"`, frameStart);
  return v;
}

/** Parses `w|x|y|z,` frames (bytes are ASCII; latin1 decoding cannot fail). */
export function parseFrameText(data: Uint8Array): RawFrames {
  const text = new TextDecoder('latin1').decode(data);
  // Upper bound on frames: one per comma, plus a final one without a trailing comma.
  let cap = 1;
  for (let i = text.indexOf(','); i !== -1; i = text.indexOf(',', i + 1)) cap++;
  if (cap > MAX_FRAMES + 1) throw new ReplayDecodeError('too-large', `more than ${MAX_FRAMES} frames`, 0);
  const delta = new Float64Array(cap);
  const x = new Float64Array(cap);
  const y = new Float64Array(cap);
  const keys = new Int32Array(cap);
  let n = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf(',', pos);
    if (end === -1) end = text.length;
    if (end > pos) {
      const p1 = text.indexOf('|', pos);
      const p2 = p1 === -1 ? -1 : text.indexOf('|', p1 + 1);
      const p3 = p2 === -1 ? -1 : text.indexOf('|', p2 + 1);
      if (p3 === -1 || p3 >= end || text.indexOf('|', p3 + 1) !== -1 && text.indexOf('|', p3 + 1) < end) {
        throw new ReplayDecodeError('bad-frames', `frame "${text.slice(pos, Math.min(end, pos + 40))}" is not w|x|y|z`, pos);
      }
      // lazer reads the delta as an integer first, then as a float rounded (2021 builds wrote fractions).
      delta[n] = Math.round(field(text, pos, p1, pos, 'delta'));
      x[n] = field(text, p1 + 1, p2, pos, 'x');
      y[n] = field(text, p2 + 1, p3, pos, 'y');
      const k = field(text, p3 + 1, end, pos, 'keys');
      keys[n] = Math.trunc(k) | 0;
      n++;
    }
    pos = end + 1;
  }
  let seed: number | null = null;
  if (n > 0 && delta[n - 1] === SEED_FRAME_DELTA) {
    seed = keys[n - 1]!;
    n--;
  }
  return { count: n, delta: delta.subarray(0, n), x: x.subarray(0, n), y: y.subarray(0, n), keys: keys.subarray(0, n), seed };
}

export interface TimelineOptions {
  /** `.osu` file format version of the beatmap; below 5 every frame is 24 ms later. */
  beatmapVersion?: number;
}

const isSkipFrame = (f: RawFrames | Timeline, i: number): boolean => f.x[i] === 256 && f.y[i] === -500;

/**
 * Convention 1 of §1.5: time = running sum of every delta; fix up the first two frames like the
 * ReplayWatcher; drop the leading (256, -500) frames (keeping their deltas in the sum); drop every
 * later frame whose time is below the last kept one (negative deltas rewind, they do not reorder).
 */
export function buildTimeline(raw: RawFrames, options: TimelineOptions = {}): Timeline {
  const n = raw.count;
  if (n === 0) throw new ReplayDecodeError('empty-replay', 'no frames once the seed frame is removed', 0);
  const offset = options.beatmapVersion !== undefined && options.beatmapVersion < 5 ? EARLY_VERSION_TIME_OFFSET : 0;
  const times = new Float64Array(n);
  let acc = offset;
  for (let i = 0; i < n; i++) {
    acc += raw.delta[i]!;
    times[i] = acc;
  }
  if (n >= 2 && times[1]! < times[0]!) {
    times[1] = times[0]!;
    times[0] = 0;
  }
  if (n >= 3 && times[0]! > times[2]!) times[0] = times[1] = times[2]!;
  // Frame 1 is checked before frame 0, as the ReplayWatcher does.
  let dropOne = n >= 2 && isSkipFrame(raw, 1);
  const dropZero = isSkipFrame(raw, 0);
  const t = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const keys = new Int32Array(n);
  let m = 0;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    if (i === 0 && dropZero) continue;
    if (i === 1 && dropOne) {
      dropOne = false;
      continue;
    }
    const ti = times[i]!;
    if (ti < last) continue;
    last = ti;
    t[m] = ti;
    x[m] = raw.x[i]!;
    y[m] = raw.y[i]!;
    keys[m] = raw.keys[i]!;
    m++;
  }
  return { count: m, t: t.subarray(0, m), x: x.subarray(0, m), y: y.subarray(0, m), keys: keys.subarray(0, m) };
}
