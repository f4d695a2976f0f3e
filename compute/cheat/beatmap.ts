/**
 * The parsed, stacked osu!standard beatmap the hit matcher needs (cheat-detection.md §2.2, §2.9):
 * object times, end times, stacked positions (HR flip first), and the float32 difficulty values.
 * `.osu` decoding and slider paths reuse the pp reference port (compute/pp/akatsuki-rx-2019/
 * reference-ts), so the two never disagree on what a map contains.
 */
import { Curve } from '../pp/akatsuki-rx-2019/reference-ts/curve.js';
import { difficultyPointAt, parseBeatmap, timingPointAt } from '../pp/akatsuki-rx-2019/reference-ts/parse.js';
import { MOD_EZ, MOD_HR } from './mods.js';

export const OBJ_CIRCLE = 0;
export const OBJ_SLIDER = 1;
export const OBJ_SPINNER = 2;
const STACK_DISTANCE = 3;
const PLAYFIELD_H = 384;

export interface HitObjects {
  count: number;
  kind: Uint8Array;
  time: Float64Array;
  endTime: Float64Array;
  /** Stacked positions (after the HR flip). */
  x: Float64Array;
  y: Float64Array;
}

export interface CheatBeatmap {
  version: number;
  od: number;
  cs: number;
  ar: number;
  objects: HitObjects;
}

export class BeatmapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BeatmapError';
  }
}

const f32 = Math.fround;

/** Difficulty with HR (×1.4, cap 10; CS ×1.3) or EZ (×0.5), in float32 like stable. */
export function adjustedDifficulty(value: number, mods: number, hrFactor: number): number {
  let v = f32(value);
  if ((mods & MOD_HR) !== 0) v = f32(Math.min(10, f32(v * hrFactor)));
  else if ((mods & MOD_EZ) !== 0) v = f32(v * 0.5);
  return v;
}

export function preempt(ar: number): number {
  return ar < 5 ? 1200 + (600 * (5 - ar)) / 5 : 1200 - (750 * (ar - 5)) / 5;
}

function stackLeniency(bytes: Uint8Array): number {
  const m = /^\s*StackLeniency\s*:\s*([-+0-9.eE]+)/m.exec(new TextDecoder('utf-8').decode(bytes.subarray(0, 8192)));
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) ? f32(v) : 0.7;
}

interface Obj {
  kind: number;
  time: number;
  endTime: number;
  x: number;
  y: number;
  endX: number;
  endY: number;
  /** Path end (progress 1, ignoring repeats): what the old stacking algorithm compares. */
  pathEndX: number;
  pathEndY: number;
  stack: number;
}

const dist = (ax: number, ay: number, bx: number, by: number): number => Math.hypot(ax - bx, ay - by);

/** Stacking for file format >= 6 (lazer OsuBeatmapProcessor.applyStacking over the whole map). */
function stackNew(objs: Obj[], pre: number, leniency: number): void {
  const n = objs.length;
  const threshold = pre * leniency;
  let extendedEnd = n - 1;
  let extendedStart = 0;
  for (let i = extendedEnd; i > 0; i--) {
    let n2 = i;
    let objI = objs[i]!;
    if (objI.stack !== 0 || objI.kind === OBJ_SPINNER) continue;
    if (objI.kind === OBJ_CIRCLE) {
      while (--n2 >= 0) {
        const objN = objs[n2]!;
        if (objN.kind === OBJ_SPINNER) continue;
        if (objI.time - objN.endTime > threshold) break;
        if (n2 < extendedStart) {
          objN.stack = 0;
          extendedStart = n2;
        }
        if (objN.kind === OBJ_SLIDER && dist(objN.endX, objN.endY, objI.x, objI.y) < STACK_DISTANCE) {
          const offset = objI.stack - objN.stack + 1;
          for (let j = n2 + 1; j <= i; j++) {
            const objJ = objs[j]!;
            if (dist(objN.endX, objN.endY, objJ.x, objJ.y) < STACK_DISTANCE) objJ.stack -= offset;
          }
          break;
        }
        if (dist(objN.x, objN.y, objI.x, objI.y) < STACK_DISTANCE) {
          objN.stack = objI.stack + 1;
          objI = objN;
        }
      }
    } else if (objI.kind === OBJ_SLIDER) {
      while (--n2 >= 0) {
        const objN = objs[n2]!;
        if (objN.kind === OBJ_SPINNER) continue;
        if (objI.time - objN.time > threshold) break;
        if (dist(objN.endX, objN.endY, objI.x, objI.y) < STACK_DISTANCE) {
          objN.stack = objI.stack + 1;
          objI = objN;
        }
      }
    }
  }
  void extendedEnd;
}

/** Stacking for file format < 6 (lazer applyStackingOld). */
function stackOld(objs: Obj[], pre: number, leniency: number): void {
  const threshold = pre * leniency;
  for (let i = 0; i < objs.length; i++) {
    const cur = objs[i]!;
    if (cur.stack !== 0 && cur.kind !== OBJ_SLIDER) continue;
    let startTime = cur.endTime;
    let sliderStack = 0;
    const p2x = cur.kind === OBJ_SLIDER ? cur.pathEndX : cur.x;
    const p2y = cur.kind === OBJ_SLIDER ? cur.pathEndY : cur.y;
    for (let j = i + 1; j < objs.length; j++) {
      const o = objs[j]!;
      if (o.time - threshold > startTime) break;
      if (dist(o.x, o.y, cur.x, cur.y) < STACK_DISTANCE) {
        cur.stack++;
        startTime = o.endTime;
      } else if (dist(o.x, o.y, p2x, p2y) < STACK_DISTANCE) {
        sliderStack++;
        o.stack -= sliderStack;
        startTime = o.endTime;
      }
    }
  }
}

/** Parses an osu!standard `.osu` and lays out its objects for `mods` (HR flip, stacking). */
export function loadCheatBeatmap(bytes: Uint8Array, mods: number): CheatBeatmap {
  const map = parseBeatmap(bytes);
  if (typeof map === 'string') throw new BeatmapError(`beatmap: ${map}`);
  const od = adjustedDifficulty(map.od, mods, 1.4);
  const cs = adjustedDifficulty(map.cs, mods, 1.3);
  const ar = adjustedDifficulty(map.ar, mods, 1.4);
  const hr = (mods & MOD_HR) !== 0;
  const curve = new Curve();
  const objs: Obj[] = map.hitObjects.map((h) => {
    const base = { time: h.startTime, x: h.pos.x, y: h.pos.y, stack: 0 };
    if (h.spinner) return { ...base, kind: OBJ_SPINNER, endTime: h.startTime, endX: h.pos.x, endY: h.pos.y, pathEndX: h.pos.x, pathEndY: h.pos.y };
    if (!h.slider) return { ...base, kind: OBJ_CIRCLE, endTime: h.startTime, endX: h.pos.x, endY: h.pos.y, pathEndX: h.pos.x, pathEndY: h.pos.y };
    const s = h.slider;
    const beatLen = timingPointAt(map.timingPoints, h.startTime)?.beatLen ?? 1000;
    const sv = difficultyPointAt(map.difficultyPoints, h.startTime)?.sliderVelocity ?? 1;
    const vel = (100 * map.sliderMultiplier * sv) / beatLen;
    curve.compute(s.controlPoints, s.expectedDist);
    const spans = s.repeats + 1;
    const end = curve.positionAt(1);
    const pathEndX = h.pos.x + end.x;
    const pathEndY = h.pos.y + end.y;
    const back = spans % 2 === 0;
    return {
      ...base, kind: OBJ_SLIDER, endTime: h.startTime + (spans * curve.dist()) / vel,
      endX: back ? h.pos.x : pathEndX, endY: back ? h.pos.y : pathEndY, pathEndX, pathEndY,
    };
  });
  // Spinner end times come from the file's fourth parameter, which the pp parser drops: they only
  // matter for stacking (a spinner ends no stack) and are never hit, so start time is enough here.
  if (hr) {
    for (const o of objs) {
      o.y = PLAYFIELD_H - o.y;
      o.endY = PLAYFIELD_H - o.endY;
      o.pathEndY = PLAYFIELD_H - o.pathEndY;
    }
  }
  const leniency = stackLeniency(bytes);
  if (map.version >= 6) stackNew(objs, preempt(ar), leniency);
  else stackOld(objs, preempt(ar), leniency);
  const scale = f32((1 - (0.7 * (cs - 5)) / 5) / 2);
  const n = objs.length;
  const out: HitObjects = {
    count: n, kind: new Uint8Array(n), time: new Float64Array(n), endTime: new Float64Array(n),
    x: new Float64Array(n), y: new Float64Array(n),
  };
  objs.forEach((o, i) => {
    const off = o.stack * scale * -6.4;
    out.kind[i] = o.kind;
    out.time[i] = o.time;
    out.endTime[i] = o.endTime;
    out.x[i] = o.x + off;
    out.y[i] = o.y + off;
  });
  return { version: map.version, od, cs, ar, objects: out };
}
