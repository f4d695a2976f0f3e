/**
 * `.osu` decoding for the TypeScript reference: the same rules as native/src/parse.rs (which
 * follows the rosu-map 0.2 decoder the reference used). Returns null-ish errors as strings.
 */
import { f } from './mathf.js';

export interface Pos {
  x: number;
  y: number;
}
export type PathType = 'catmull' | 'bezier' | 'linear' | 'perfect';
export interface ControlPoint {
  pos: Pos;
  kind: PathType | null;
}
export interface SliderData {
  expectedDist: number | null;
  repeats: number;
  controlPoints: ControlPoint[];
}
export interface HitObject {
  pos: Pos;
  startTime: number;
  slider: SliderData | null;
  spinner: boolean;
}
export interface TimingPoint {
  time: number;
  beatLen: number;
}
export interface DifficultyPoint {
  time: number;
  sliderVelocity: number;
  generateTicks: boolean;
}
export interface Beatmap {
  version: number;
  ar: number;
  od: number;
  cs: number;
  sliderMultiplier: number;
  sliderTickRate: number;
  timingPoints: TimingPoint[];
  difficultyPoints: DifficultyPoint[];
  hitObjects: HitObject[];
}

export type ParseFailure = 'not-osu-file' | 'not-standard' | 'too-many-objects';
export const MAX_OBJECTS = 200_000;

const MAX_PARSE_VALUE = 2147483647;
const MAX_COORD = 131072;
const EPS = Number.EPSILON;
// What Rust's `str::parse::<f64>` accepts.
const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
const INT_RE = /^[+-]?\d+$/;

function rustFloat(s: string): number | null {
  if (!FLOAT_RE.test(s)) return null;
  const l = s.toLowerCase().replace(/^\+/, '');
  if (l.endsWith('nan')) return Number.NaN;
  if (l.endsWith('inf') || l.endsWith('infinity')) return l.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}
function parseF64Limit(s: string, limit: number): number | null {
  const n = rustFloat(s.trim());
  if (n === null || n < -limit || n > limit || Number.isNaN(n)) return null;
  return n;
}
const parseF64 = (s: string): number | null => parseF64Limit(s, MAX_PARSE_VALUE);
function parseF32Limit(s: string, limit: number): number | null {
  const raw = rustFloat(s.trim());
  if (raw === null) return null;
  const n = f(raw);
  if (n < -limit || n > limit || Number.isNaN(n)) return null;
  return n;
}
/** Untrimmed Rust i32 parse. */
function rawI32(s: string): number | null {
  if (!INT_RE.test(s)) return null;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}
/** Trimmed, limited to ±i32::MAX (the reference's ParseNumber for i32). */
function parseI32(s: string): number | null {
  const n = rawI32(s.trim());
  return n === null || n < -MAX_PARSE_VALUE ? null : n;
}
function trimComment(line: string): string {
  const i = line.indexOf('//');
  return (i >= 0 ? line.slice(0, i) : line).trimEnd();
}
function keyValue(line: string): [string, string] {
  const parts = line.split(':');
  return [parts[0]!.trim(), (parts[1] ?? '').trim()];
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
  return new TextDecoder('utf-8').decode(bytes);
}

function search<T extends { time: number }>(points: T[], time: number): { found: boolean; i: number } {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    const t = points[mid]!.time;
    if (t < time) lo = mid + 1;
    else if (t > time) hi = mid;
    else return { found: true, i: mid };
  }
  return { found: false, i: lo };
}
export function timingPointAt(points: TimingPoint[], time: number): TimingPoint | undefined {
  const r = search(points, time);
  return points[r.found ? r.i : Math.max(0, r.i - 1)];
}
export function difficultyPointAt(points: DifficultyPoint[], time: number): DifficultyPoint | undefined {
  const r = search(points, time);
  if (r.found) return points[r.i];
  return r.i > 0 ? points[r.i - 1] : undefined;
}
function insert<T extends { time: number }>(points: T[], p: T): void {
  const r = search(points, p.time);
  if (r.found) points[r.i] = p;
  else points.splice(r.i, 0, p);
}

const samePos = (a: Pos, b: Pos): boolean => a.x === b.x && a.y === b.y;

class State {
  mode = 0;
  hasAr = false;
  ar = 5;
  od = 5;
  cs = 5;
  sliderMultiplier = 1.4;
  sliderTickRate = 1;
  timingPoints: TimingPoint[] = [];
  difficultyPoints: DifficultyPoint[] = [];
  hitObjects: HitObject[] = [];
  pendingTime = 0;
  pendingTiming: TimingPoint | null = null;
  pendingDifficulty: DifficultyPoint | null = null;
  curvePoints: ControlPoint[] = [];
  vertices: ControlPoint[] = [];

  flush(): void {
    if (this.pendingTiming) insert(this.timingPoints, this.pendingTiming);
    this.pendingTiming = null;
    const p = this.pendingDifficulty;
    this.pendingDifficulty = null;
    if (p) {
      const e = difficultyPointAt(this.difficultyPoints, p.time);
      const redundant = e
        ? p.generateTicks === e.generateTicks && Math.abs(p.sliderVelocity - e.sliderVelocity) < EPS
        : p.generateTicks && Math.abs(p.sliderVelocity - 1) < EPS;
      if (!redundant) insert(this.difficultyPoints, p);
    }
  }
  newPendingTime(time: number): void {
    if (Math.abs(time - this.pendingTime) >= EPS) this.flush();
  }

  general(line: string): void {
    const [k, v] = keyValue(trimComment(line));
    if (k === 'Mode' && (v === '0' || v === '1' || v === '2' || v === '3')) this.mode = Number(v);
  }

  difficulty(line: string): void {
    const [k, v] = keyValue(trimComment(line));
    const f32 = () => parseF32Limit(v, MAX_PARSE_VALUE);
    let n: number | null;
    switch (k) {
      case 'CircleSize':
        if ((n = f32()) !== null) this.cs = n;
        break;
      case 'OverallDifficulty':
        if ((n = f32()) !== null) {
          this.od = n;
          if (!this.hasAr) this.ar = n;
        }
        break;
      case 'ApproachRate':
        if ((n = f32()) !== null) {
          this.ar = n;
          this.hasAr = true;
        }
        break;
      case 'SliderMultiplier':
        if ((n = parseF64(v)) !== null) this.sliderMultiplier = n;
        break;
      case 'SliderTickRate':
        if ((n = parseF64(v)) !== null) this.sliderTickRate = n;
        break;
    }
  }

  timingPoint(line: string): void {
    const split = trimComment(line).split(',');
    if (split.length < 2) return;
    const time = parseF64(split[0]!);
    if (time === null) return;
    const beatLen = rustFloat(split[1]!.trim());
    if (beatLen === null || beatLen < -MAX_PARSE_VALUE || beatLen > MAX_PARSE_VALUE) return;
    const speedMultiplier = beatLen < 0 ? 100 / -beatLen : 1;
    if (split.length > 2) {
      const num = parseI32(split[2]!);
      if (num === null || num < 1) return;
    }
    const timingChange = split.length > 6 ? split[6]!.startsWith('1') : true;
    if (split.length > 7 && rawI32(split[7]!) === null) return;
    if (timingChange && Number.isNaN(beatLen)) return;
    if (timingChange) {
      this.newPendingTime(time);
      this.pendingTiming ??= { time, beatLen: Math.min(Math.max(beatLen, 6), 60000) };
      this.pendingTime = time;
    }
    const d: DifficultyPoint = { time, sliderVelocity: Math.min(Math.max(speedMultiplier, 0.1), 10), generateTicks: !Number.isNaN(beatLen) };
    this.newPendingTime(time);
    if (timingChange) this.pendingDifficulty ??= d;
    else this.pendingDifficulty = d;
    this.pendingTime = time;
  }

  hitObject(line: string): void {
    const split = trimComment(line).split(',');
    if (split.length < 5) return;
    const x = parseF32Limit(split[0]!, MAX_COORD);
    const y = parseF32Limit(split[1]!, MAX_COORD);
    if (x === null || y === null) return;
    const pos = { x: Math.trunc(x), y: Math.trunc(y) };
    const startTime = parseF64(split[2]!);
    const flags = rawI32(split[3]!);
    if (startTime === null || flags === null || rawI32(split[4]!) === null) return;
    let i = 5;
    const next = (): string | undefined => split[i++];
    if (flags & 1) {
      if (!customSoundOk(next())) return;
      this.hitObjects.push({ pos, startTime, slider: null, spinner: false });
    } else if (flags & 2) {
      const pointStr = next();
      const repeatCount = next();
      if (pointStr === undefined || repeatCount === undefined) return;
      const r = parseI32(repeatCount);
      if (r === null || r > 9000) return;
      const repeats = Math.max(0, r - 1);
      let expectedDist: number | null = null;
      const lenStr = next();
      if (lenStr !== undefined) {
        const l = parseF64Limit(lenStr, MAX_COORD);
        if (l === null) return;
        const len = Math.max(l, 0);
        if (Math.abs(len) >= EPS) expectedDist = len;
      }
      next();
      next();
      if (!customSoundOk(next())) return;
      if (!this.convertPath(pointStr, pos)) return;
      const controlPoints = this.curvePoints;
      this.curvePoints = [];
      this.hitObjects.push({ pos, startTime, slider: { expectedDist, repeats, controlPoints }, spinner: false });
    } else if (flags & 8) {
      const end = next();
      if (end === undefined || parseF64(end) === null || !customSoundOk(next())) return;
      this.hitObjects.push({ pos, startTime, slider: null, spinner: true });
    } else if (flags & 128) {
      const s = next();
      if (s !== undefined && s !== '') {
        const c = s.indexOf(':');
        if (c < 0 || !customSoundOk(s.slice(c + 1)) || parseF64(s.slice(0, c)) === null) return;
      }
      this.hitObjects.push({ pos, startTime, slider: null, spinner: true });
    }
  }

  convertPath(pointStr: string, offset: Pos): boolean {
    const parts = pointStr.split('|');
    let start = 0;
    let end = 0;
    let first = true;
    for (;;) {
      end += 1;
      if (end >= parts.length) break;
      const c = parts[end]!.charAt(0);
      if (c === '') return false;
      if (!/[A-Za-z]/.test(c)) continue;
      if (!this.convertPoints(parts.slice(start, end), parts[end + 1], first, offset)) return false;
      start = end;
      first = false;
    }
    if (end > start && !this.convertPoints(parts.slice(start, end), undefined, first, offset)) return false;
    return true;
  }

  convertPoints(points: string[], endPoint: string | undefined, first: boolean, offset: Pos): boolean {
    const readPoint = (value: string): ControlPoint | null => {
      const v = value.split(':');
      if (v.length < 2) return null;
      const x = parseF64Limit(v[0]!, MAX_COORD);
      const y = parseF64Limit(v[1]!, MAX_COORD);
      if (x === null || y === null) return null;
      return { pos: { x: f(Math.trunc(x) - offset.x), y: f(Math.trunc(y) - offset.y) }, kind: null };
    };
    const c0 = points[0]!.charAt(0);
    let type: PathType = c0 === 'B' ? 'bezier' : c0 === 'L' ? 'linear' : c0 === 'P' ? 'perfect' : 'catmull';
    const vs: ControlPoint[] = [];
    if (first) vs.push({ pos: { x: 0, y: 0 }, kind: null });
    for (const p of points.slice(1)) {
      const cp = readPoint(p);
      if (!cp) return false;
      vs.push(cp);
    }
    const endLen = endPoint !== undefined ? 1 : 0;
    if (endPoint !== undefined) {
      const cp = readPoint(endPoint);
      if (!cp) return false;
      vs.push(cp);
    }
    if (type === 'perfect') {
      if (vs.length === 3) {
        const [a, b, c] = [vs[0]!.pos, vs[1]!.pos, vs[2]!.pos];
        const l = f(f(b.y - a.y) * f(c.x - a.x));
        const r = f(f(b.x - a.x) * f(c.y - a.y));
        if (Math.abs(f(l - r)) < 1.1920929e-7) type = 'linear';
      } else type = 'bezier';
    }
    if (vs.length === 0) return false;
    vs[0]!.kind = type;
    let s = 0;
    let e = 0;
    const limit = vs.length - endLen;
    for (;;) {
      e += 1;
      if (e >= limit) break;
      if (!samePos(vs[e]!.pos, vs[e - 1]!.pos)) continue;
      if (type === 'catmull' && e > 1) continue;
      if (e === limit - 1) continue;
      vs[e - 1]!.kind = type;
      this.curvePoints.push(...vs.slice(s, e).map((v) => ({ pos: v.pos, kind: v.kind })));
      s = e + 1;
    }
    if (e > s) this.curvePoints.push(...vs.slice(s, e).map((v) => ({ pos: v.pos, kind: v.kind })));
    return true;
  }
}

function customSoundOk(info: string | undefined): boolean {
  if (info === undefined || info === '') return true;
  return info
    .split(':')
    .slice(0, 4)
    .every((p) => parseI32(p) !== null);
}

export function parseBeatmap(bytes: Uint8Array): Beatmap | ParseFailure {
  const lines = decodeText(bytes).split('\n');
  let idx = 0;
  let version = 14;
  for (;;) {
    if (idx >= lines.length) return 'not-osu-file';
    const line = lines[idx++]!.trimEnd();
    if (line === '') continue;
    if (!line.startsWith('osu file format v')) return 'not-osu-file';
    const v = parseI32(line.slice(line.lastIndexOf('v') + 1));
    if (v !== null) version = v;
    break;
  }
  const st = new State();
  let section = '';
  const known = new Set(['General', 'Editor', 'Metadata', 'Difficulty', 'Events', 'TimingPoints', 'Colours', 'HitObjects', 'Variables', 'CatchTheBeat', 'Mania']);
  for (; idx < lines.length; idx++) {
    const line = lines[idx]!.trimEnd();
    if (line === '' || line.trimStart().startsWith('//')) continue;
    if (line.startsWith('[') && line.endsWith(']') && known.has(line.slice(1, -1))) {
      section = line.slice(1, -1);
      continue;
    }
    if (section === 'General') st.general(line);
    else if (section === 'Difficulty') st.difficulty(line);
    else if (section === 'TimingPoints') st.timingPoint(line);
    else if (section === 'HitObjects') {
      if (st.hitObjects.length >= MAX_OBJECTS) return 'too-many-objects';
      st.hitObject(line);
    }
  }
  st.flush();
  if (st.mode !== 0) return 'not-standard';
  // Array.prototype.sort is stable.
  st.hitObjects.sort((a, b) => a.startTime - b.startTime);
  return {
    version,
    ar: st.ar,
    od: st.od,
    cs: st.cs,
    sliderMultiplier: st.sliderMultiplier,
    sliderTickRate: st.sliderTickRate,
    timingPoints: st.timingPoints,
    difficultyPoints: st.difficultyPoints,
    hitObjects: st.hitObjects,
  };
}
