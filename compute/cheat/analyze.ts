/**
 * One replay's full analysis as the `hayate analyze` CLI and the worker pool report it:
 * frametime, snaps (filtered by hit objects when the map is known), UR, and with a second replay
 * similarity and correlation. Pure; no I/O.
 */
import type { Timeline } from '../../protocol/replay/index.js';
import { OBJ_SPINNER, type CheatBeatmap } from './beatmap.js';
import { DEFAULT_SNAP_ANGLE, DEFAULT_SNAP_DISTANCE, type SnapList } from './kernels/heuristics.js';
import { defaultKernels, type CheatKernels } from './kernels/index.js';
import { clockRate, hasHR } from './mods.js';
import { hitRadius, hitWindow50, unstableRate, type Matcher } from './ur.js';

export interface Snap {
  time: number;
  angle: number;
  distance: number;
}

export interface FrametimeResult {
  /** Median frame time divided by the clock rate (circlecore's default). */
  cv: number;
  /** Median frame time in song time. */
  ucv: number;
}

export function frametime(tl: Timeline, mods: number, k: CheatKernels = defaultKernels()): FrametimeResult {
  const ucv = k.frametimeMedian(tl.t);
  return { cv: ucv / clockRate(mods), ucv };
}

function toSnaps(s: SnapList, keep: (i: number) => boolean = () => true): Snap[] {
  const out: Snap[] = [];
  for (let i = 0; i < s.time.length; i++) if (keep(i)) out.push({ time: s.time[i]!, angle: s.angle[i]!, distance: s.distance[i]! });
  return out;
}

/** Index of the object whose start time is closest to t (ties: the earlier one). */
function closestObject(map: CheatBeatmap, t: number): number {
  const times = map.objects.time;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  if (lo >= times.length) return times.length - 1;
  return t - times[lo - 1]! <= times[lo]! - t ? lo - 1 : lo;
}

export interface SnapsResult {
  /** Filtered by hit objects when a map is given, else equal to `unfiltered`. */
  snaps: Snap[];
  unfiltered: Snap[];
}

/** circlecore `snaps` with `only_on_hitobjs`: keep snaps inside the closest object's circle and 50-window. */
export function snaps(tl: Timeline, map: CheatBeatmap | null, maxAngle = DEFAULT_SNAP_ANGLE, minDistance = DEFAULT_SNAP_DISTANCE, k: CheatKernels = defaultKernels()): SnapsResult {
  const raw = k.snapsRaw(tl.t, tl.x, tl.y, maxAngle, minDistance);
  const unfiltered = toSnaps(raw);
  if (!map || map.objects.count === 0) return { snaps: unfiltered, unfiltered };
  const hw50 = hitWindow50(map.od);
  const r = hitRadius(map.cs);
  const o = map.objects;
  const filtered = toSnaps(raw, (i) => {
    const k = closestObject(map, raw.time[i]!);
    if (o.kind[k] === OBJ_SPINNER) return false;
    const inside = Math.hypot(raw.x[i]! - o.x[k]!, raw.y[i]! - o.y[k]!) <= r;
    return inside && o.time[k]! - hw50 < raw.time[i]! && raw.time[i]! < o.time[k]! + hw50;
  });
  return { snaps: filtered, unfiltered };
}

export interface StealResult {
  similarity: number;
  correlation: number;
}

export interface TrackedReplay {
  timeline: Timeline;
  /** Legacy mods; null when unknown (both flips are tried and the better kept). */
  mods: number | null;
}

/** Similarity (mean distance, osu!px) and correlation between two replays of the same map. */
export function compareReplays(a: TrackedReplay, b: TrackedReplay, k: CheatKernels = defaultKernels()): StealResult {
  if (a.mods === null || b.mods === null) {
    const plain = k.compare(a.timeline, b.timeline, false);
    const flipped = k.compare(a.timeline, b.timeline, true);
    return {
      similarity: Math.min(plain.similarity, flipped.similarity),
      correlation: Math.max(plain.correlation, flipped.correlation),
    };
  }
  return k.compare(a.timeline, b.timeline, hasHR(a.mods) !== hasHR(b.mods));
}

export interface UrSummary {
  adjusted: number;
  unadjusted: number;
  hits: number;
}

export function urSummary(map: CheatBeatmap, tl: Timeline, mods: number, matcher: Matcher = 'stable'): UrSummary {
  const r = unstableRate(map, tl, mods, matcher);
  return { adjusted: r.adjusted, unadjusted: r.unadjusted, hits: r.hits };
}
