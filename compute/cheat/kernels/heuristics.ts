/**
 * The replay heuristics of circlecore (shared/spec/cheat-detection.md §2.4-2.6) as pure functions
 * over the §1.5 time line. This is the TypeScript path; native/ has the same kernels in Rust
 * (compute/cheat/native.ts), and a test checks the two agree on every fixture.
 */
import { dedupTimes } from './dedup.js';
import { maxCrossCorrelation2xN } from './fft.js';
import { median, populationStd } from './stats.js';

export const DEFAULT_SNAP_ANGLE = 10;
export const DEFAULT_SNAP_DISTANCE = 8;
export const CORRELATION_CHUNKS = 5;
const PLAYFIELD_W = 512;
const PLAYFIELD_H = 384;

/** Median of consecutive frame-time differences (circlecore `frametime`, before the clock-rate conversion). */
export function frametimeMedian(t: ArrayLike<number>): number {
  const n = t.length;
  if (n < 2) return NaN;
  const d = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) d[i - 1] = t[i]! - t[i - 1]!;
  return median(d);
}

export interface SnapList {
  time: Float64Array;
  angle: Float64Array;
  distance: Float64Array;
  /** Cursor position of the middle frame (for the hit-object filter). */
  x: Float64Array;
  y: Float64Array;
}

/** Middle frames b of (a, b, c) with angle abc < maxAngle degrees and min(|ab|, |bc|) > minDistance. */
export function snapsRaw(t: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, maxAngle = DEFAULT_SNAP_ANGLE, minDistance = DEFAULT_SNAP_DISTANCE): SnapList {
  const d = dedupTimes(t, x, y);
  const n = d.t.length;
  const time: number[] = [];
  const angle: number[] = [];
  const distance: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  for (let i = 1; i + 1 < n; i++) {
    const abx = d.x[i]! - d.x[i - 1]!, aby = d.y[i]! - d.y[i - 1]!;
    const bcx = d.x[i + 1]! - d.x[i]!, bcy = d.y[i + 1]! - d.y[i]!;
    const acx = d.x[i + 1]! - d.x[i - 1]!, acy = d.y[i + 1]! - d.y[i - 1]!;
    const AB = Math.sqrt(abx * abx + aby * aby);
    const BC = Math.sqrt(bcx * bcx + bcy * bcy);
    const AC = Math.sqrt(acx * acx + acy * acy);
    const denom = 2 * AB * BC;
    if (denom === 0) continue;
    const cos = Math.min(1, Math.max(-1, -(AC ** 2 - AB ** 2 - BC ** 2) / denom));
    const beta = Math.acos(cos) * (180 / Math.PI);
    const dist = Math.min(AB, BC);
    if (dist > minDistance && beta < maxAngle) {
      time.push(d.t[i]!);
      angle.push(beta);
      distance.push(dist);
      bx.push(d.x[i]!);
      by.push(d.y[i]!);
    }
  }
  return { time: Float64Array.from(time), angle: Float64Array.from(angle), distance: Float64Array.from(distance), x: Float64Array.from(bx), y: Float64Array.from(by) };
}

/** np.interp of (xp, fp) at the sorted points xs (clamped at both ends). */
function interpSorted(xs: Float64Array, xp: Float64Array, fp: Float64Array): Float64Array {
  const out = new Float64Array(xs.length);
  const n = xp.length;
  let j = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    if (v <= xp[0]!) { out[i] = fp[0]!; continue; }
    if (v >= xp[n - 1]!) { out[i] = fp[n - 1]!; continue; }
    while (xp[j + 1]! <= v) j++;
    // xp[j] <= v < xp[j+1]
    const x0 = xp[j]!, x1 = xp[j + 1]!;
    out[i] = v === x0 ? fp[j]! : fp[j]! + ((fp[j + 1]! - fp[j]!) * (v - x0)) / (x1 - x0);
  }
  return out;
}

export interface PairedTracks {
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
}

export interface ReplayTrack {
  t: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/**
 * circlecore's preprocessing for a pair: dedupe times, interpolate the replay with fewer frames at
 * the other's times, keep samples where both cursors are on the playfield, flip replay 1 vertically
 * when `flip` (exactly one of the two has HR).
 */
export function pairTracks(r1: ReplayTrack, r2: ReplayTrack, flip: boolean): PairedTracks {
  const a = dedupTimes(r1.t, r1.x, r1.y);
  const b = dedupTimes(r2.t, r2.x, r2.y);
  let x1: Float64Array, y1: Float64Array, x2: Float64Array, y2: Float64Array;
  if (a.t.length > b.t.length) {
    x1 = a.x; y1 = a.y;
    x2 = interpSorted(a.t, b.t, b.x); y2 = interpSorted(a.t, b.t, b.y);
  } else {
    x1 = interpSorted(b.t, a.t, a.x); y1 = interpSorted(b.t, a.t, a.y);
    x2 = b.x; y2 = b.y;
  }
  const n = x1.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (x1[i]! >= 0 && x1[i]! <= PLAYFIELD_W && y1[i]! >= 0 && y1[i]! <= PLAYFIELD_H
      && x2[i]! >= 0 && x2[i]! <= PLAYFIELD_W && y2[i]! >= 0 && y2[i]! <= PLAYFIELD_H) keep.push(i);
  }
  const pick = (s: Float64Array, f = false): Float64Array => Float64Array.from(keep, (i) => (f ? PLAYFIELD_H - s[i]! : s[i]!));
  return { x1: pick(x1), y1: pick(y1, flip), x2: pick(x2), y2: pick(y2) };
}

/** Mean Euclidean distance of the paired samples (osu!px). */
export function similarityOf(p: PairedTracks): number {
  const n = p.x1.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const dx = p.x1[i]! - p.x2[i]!;
    const dy = p.y1[i]! - p.y2[i]!;
    s += Math.sqrt(dx * dx + dy * dy);
  }
  return s / n;
}

/** circlecore `compute_correlation`: per chunk, max normalised 2-D cross-correlation; median over chunks. */
export function correlationOf(p: PairedTracks, chunks = CORRELATION_CHUNKS): number {
  const len = p.x1.length - (p.x1.length % chunks);
  const m = len / chunks;
  if (m === 0) return NaN;
  const values: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const part = (s: Float64Array): Float64Array => s.slice(c * m, (c + 1) * m);
    const ax = part(p.x1), ay = part(p.y1), bx = part(p.x2), by = part(p.y2);
    const center = (u: Float64Array, v: Float64Array): number => {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += u[i]! + v[i]!;
      const mean = sum / (2 * m);
      for (let i = 0; i < m; i++) { u[i] = u[i]! - mean; v[i] = v[i]! - mean; }
      const both = new Float64Array(2 * m);
      both.set(u);
      both.set(v, m);
      return populationStd(both);
    };
    const sa = center(ax, ay);
    const sb = center(bx, by);
    const norm = sa * sb * 2 * m;
    values.push(maxCrossCorrelation2xN(ax, ay, bx, by) / norm);
  }
  return median(values);
}
