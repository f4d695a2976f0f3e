/**
 * Unstable rate from hit matching against the stacked beatmap (cheat-detection.md §2.2, §2.3,
 * §2.9). Two matchers: `window` (first press inside the 50-window and the circle; the matcher of
 * respektive/rosu-ur-calc) and `stable` (stable's click logic: preempt windows, stack notelock,
 * earliest-hittable-object rule). UR = 10 x population std of (press - object) in song time
 * (`unadjusted`); `adjusted` divides by the clock rate (DT 1.5, HT 0.75) like circlecore's cv
 * and lazer.
 */
import type { Timeline } from '../../protocol/replay/index.js';
import { OBJ_SLIDER, OBJ_SPINNER, preempt, type CheatBeatmap } from './beatmap.js';
import { clockRate } from './mods.js';
import { filterOutliers, populationStd } from './kernels/stats.js';

/** Keys that can hit: M1, M2, K1, K2 (a keyboard key also sets its mouse bit). */
const HIT_KEYS = 15;
const MISS_WINDOW = 400;

export function hitWindow50(od: number): number {
  return Math.trunc(150 + (50 * (5 - Math.fround(od))) / 5);
}

export function hitRadius(cs: number): number {
  return Math.fround((64 * (1 - (0.7 * (Math.fround(cs) - 5)) / 5)) / 2) * 1.00041;
}

export interface Presses {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

/** Frames where a hit key became newly pressed. */
export function pressesOf(tl: Timeline): Presses {
  const t: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  let prev = 0;
  for (let i = 0; i < tl.count; i++) {
    const k = tl.keys[i]! & HIT_KEYS;
    if ((k & ~prev) !== 0) {
      t.push(tl.t[i]!);
      x.push(tl.x[i]!);
      y.push(tl.y[i]!);
    }
    prev = k;
  }
  return { t: Float64Array.from(t), x: Float64Array.from(x), y: Float64Array.from(y) };
}

export type Matcher = 'window' | 'stable';

/** Hit errors (ms, song time) of the window matcher. */
export function hitErrorsWindow(map: CheatBeatmap, p: Presses): Float64Array {
  const o = map.objects;
  const hw50 = hitWindow50(map.od);
  const r = hitRadius(map.cs);
  const r2 = r * r;
  const errors: number[] = [];
  let pi = 0;
  let prevSliderEnd = -Infinity;
  for (let i = 0; i < o.count; i++) {
    const kind = o.kind[i]!;
    if (kind === OBJ_SPINNER) {
      prevSliderEnd = -Infinity;
      continue;
    }
    const t = o.time[i]!;
    const notBefore = kind === OBJ_SLIDER && i > 0 && o.kind[i - 1] === OBJ_SLIDER ? prevSliderEnd : -Infinity;
    while (pi < p.t.length && p.t[pi]! < t - hw50) pi++;
    let hit = -1;
    for (let j = pi; j < p.t.length && p.t[j]! < t + hw50; j++) {
      if (p.t[j]! <= notBefore) continue;
      const dx = p.x[j]! - o.x[i]!, dy = p.y[j]! - o.y[i]!;
      if (dx * dx + dy * dy <= r2) {
        hit = j;
        break;
      }
    }
    if (hit >= 0) {
      errors.push(p.t[hit]! - t);
      pi = hit + 1;
    } else {
      while (pi < p.t.length && p.t[pi]! < t + hw50) pi++;
    }
    prevSliderEnd = kind === OBJ_SLIDER ? o.endTime[i]! : -Infinity;
  }
  return Float64Array.from(errors);
}

/**
 * Hit errors of the stable click port: each press, in time order, goes to the first not yet
 * judged object whose start is within +-preempt, whose window (t - preempt .. t + hw50) and circle
 * contain it; a press on a stacked circle is ignored while the object below it in the stack is
 * still visible and unhit; only the earliest still-hittable object may take it (notelock).
 */
export function hitErrorsStable(map: CheatBeatmap, p: Presses): Float64Array {
  const o = map.objects;
  const hw50 = hitWindow50(map.od);
  const r = hitRadius(map.cs);
  const r2 = r * r;
  const pre = preempt(map.ar);
  const judged = new Uint8Array(o.count);
  const errors: number[] = [];
  let first = 0;
  for (let j = 0; j < p.t.length; j++) {
    const pt = p.t[j]!;
    // Objects whose 50-window ended are done (missed if never hit).
    while (first < o.count && (judged[first] === 1 || o.kind[first] === OBJ_SPINNER || pt >= o.time[first]! + hw50)) first++;
    for (let i = first; i < o.count && o.time[i]! <= pt + pre; i++) {
      if (judged[i] === 1 || o.kind[i] === OBJ_SPINNER) continue;
      const t = o.time[i]!;
      if (pt < t - pre || pt >= t + hw50) continue;
      const dx = p.x[j]! - o.x[i]!, dy = p.y[j]! - o.y[i]!;
      if (dx * dx + dy * dy > r2) continue;
      // Notelock: an earlier object that can still be hit blocks this one.
      let blocked = false;
      for (let k = first; k < i; k++) {
        if (judged[k] === 0 && o.kind[k] !== OBJ_SPINNER && pt < o.time[k]! + hw50) {
          blocked = true;
          break;
        }
      }
      if (blocked) break;
      judged[i] = 1;
      const err = pt - t;
      if (Math.abs(err) < Math.min(hw50, MISS_WINDOW)) errors.push(err);
      break;
    }
  }
  return Float64Array.from(errors);
}

export interface UrResult {
  /** Song-time UR (what rosu-ur-calc and the in-game display of stable show). */
  unadjusted: number;
  /** Divided by the clock rate (circlecore cv, lazer). */
  adjusted: number;
  /** Outliers (1.5 IQR) removed first, then divided by the clock rate. */
  adjustedFiltered: number;
  hits: number;
  errors: Float64Array;
}

export function unstableRate(map: CheatBeatmap, tl: Timeline, mods: number, matcher: Matcher = 'window'): UrResult {
  const presses = pressesOf(tl);
  const errors = matcher === 'window' ? hitErrorsWindow(map, presses) : hitErrorsStable(map, presses);
  const rate = clockRate(mods);
  const unadjusted = errors.length ? 10 * populationStd(errors) : NaN;
  const filtered = errors.length ? 10 * populationStd(filterOutliers(errors)) : NaN;
  return { unadjusted, adjusted: unadjusted / rate, adjustedFiltered: filtered / rate, hits: errors.length, errors };
}
