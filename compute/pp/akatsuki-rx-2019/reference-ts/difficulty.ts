/** Objects, strains and stars for the TypeScript reference (mirrors native/src/objects.rs and difficulty.rs). */
import { Curve } from './curve.js';
import { add, length, normalize, scale, sub } from './curve.js';
import { atan2f, f, maxf, minf, powf, sinf, sqrtf } from './mathf.js';
import { difficultyPointAt, timingPointAt, type Beatmap, type HitObject, type Pos } from './parse.js';

export const MAX_NESTED = 5_000_000;
export class TooManyNested extends Error {}

interface OsuObject {
  time: number;
  pos: Pos;
  endPos: Pos;
  travel: number | null;
}

export interface DifficultyAttributes {
  aimStrain: number;
  speedStrain: number;
  stars: number;
  ar: number;
  od: number;
  nCircles: number;
  nSliders: number;
  nSpinners: number;
  maxCombo: number;
}

export function clockRate(mods: number): number {
  return mods & 64 ? 1.5 : mods & 256 ? 0.75 : 1;
}

function difficultyRange(d: number, min: number, mid: number, max: number): number {
  if (d > 5) return mid + ((max - mid) * (d - 5)) / 5;
  if (d < 5) return mid - ((mid - min) * (5 - d)) / 5;
  return mid;
}

export function mapAttributes(map: Beatmap, mods: number): { ar: number; od: number; cs: number; clock: number } {
  const clock = clockRate(mods);
  const mult = (v: number): number => (mods & 16 ? Math.min(f(v * f(1.4)), 10) : mods & 2 ? f(v * 0.5) : v);
  const clamp10 = (v: number): number => Math.min(Math.max(v, 0), 10);
  const rawAr = mult(clamp10(map.ar));
  const rawOd = mult(clamp10(map.od));
  let cs = map.cs;
  if (mods & 16) cs = Math.min(f(cs * f(1.3)), 10);
  else if (mods & 2) cs = f(cs * 0.5);
  const preempt = difficultyRange(rawAr, 1800, 1200, 450) / clock;
  const ar = preempt > 1200 ? (1800 - preempt) / 120 : (1200 - preempt) / 150 + 5;
  const great = difficultyRange(rawOd, 80, 50, 20) / clock;
  return { ar, od: (80 - great) / 6, cs, clock };
}

class Builder {
  maxCombo = 0;
  nCircles = 0;
  nSliders = 0;
  nSpinners = 0;
  private curve = new Curve();
  constructor(
    private map: Beatmap,
    private radius: number,
    private scaling: number,
  ) {}

  build(h: HitObject): OsuObject {
    this.maxCombo += 1;
    const time = f(h.startTime);
    if (h.spinner) {
      this.nSpinners += 1;
      return { time, pos: h.pos, endPos: h.pos, travel: null };
    }
    if (!h.slider) {
      this.nCircles += 1;
      return { time, pos: h.pos, endPos: h.pos, travel: 0 };
    }
    this.nSliders += 1;
    const s = h.slider;
    const map = this.map;
    const start = h.startTime;
    const beatLen = timingPointAt(map.timingPoints, start)?.beatLen ?? 1000;
    const dp = difficultyPointAt(map.difficultyPoints, start);
    const sv = dp ? dp.sliderVelocity : 1;
    const generateTicks = dp ? dp.generateTicks : true;
    const scoringDist = 100 * map.sliderMultiplier * sv;
    const vel = scoringDist / beatLen;
    const follow = f(this.radius * 3);
    const tickMult = map.version < 8 ? 1 / sv : 1;
    let tickDist = generateTicks ? (scoringDist / map.sliderTickRate) * tickMult : Infinity;
    const spanCount = s.repeats + 1;
    this.curve.compute(s.controlPoints, s.expectedDist);
    const curveDist = this.curve.dist();
    const endTime = start + (spanCount * curveDist) / vel;
    const totalDuration = endTime - start;
    const spanDuration = totalDuration / spanCount;

    let endPos = h.pos;
    let travel = 0;
    let count = 0;
    const curve = this.curve;
    const visit = (t: number): void => {
      count += 1;
      let progress = (t - start) / spanDuration;
      if (progress % 2 >= 1) progress = 1 - (progress % 1);
      else progress %= 1;
      const curr = add(h.pos, curve.positionAt(progress));
      const diff = sub(curr, endPos);
      let dist = length(diff);
      if (dist > follow) {
        dist = f(dist - follow);
        endPos = add(endPos, scale(normalize(diff), dist));
        travel = f(travel + dist);
      }
    };

    const len = Math.min(curveDist, 100000);
    tickDist = tickDist < 0 ? 0 : tickDist > len ? len : tickDist;
    const minDistFromEnd = vel * 10;
    let currDist = tickDist;
    const budget = Math.max(0, MAX_NESTED - this.maxCombo);
    if (tickDist !== 0) {
      const ticks: number[] = [];
      while (currDist < len - minDistFromEnd) {
        if (count >= budget) throw new TooManyNested('too many nested slider objects');
        const t = start + (currDist / len) * spanDuration;
        visit(t);
        ticks.push(t);
        currDist += tickDist;
      }
      if (count + (ticks.length + 1) * s.repeats >= budget) throw new TooManyNested('too many nested slider objects');
      for (let span = 1; span <= s.repeats; span++) {
        visit(start + spanDuration * span);
        const offset = span * spanDuration;
        if (span & 1) {
          const base = start + start + spanDuration;
          for (let k = ticks.length - 1; k >= 0; k--) visit(offset + base - ticks[k]!);
        } else for (const t of ticks) visit(offset + t);
      }
    }
    const finalSpanStart = start + s.repeats * spanDuration;
    const a = start + totalDuration / 2;
    const b = finalSpanStart + spanDuration - 36;
    visit(maxf(a, b));
    this.maxCombo += count;
    return { time, pos: h.pos, endPos, travel: f(travel * this.scaling) };
  }
}

interface DiffObject {
  spinner: boolean;
  time: number;
  prev: [number, number] | null;
  jump: number;
  travel: number;
  angle: number | null;
  delta: number;
  strainTime: number;
}

function diffObject(base: OsuObject, prev: OsuObject, prevVals: [number, number] | null, pp: OsuObject | null, clock: number, scaling: number): DiffObject {
  const delta = f(f(base.time - prev.time) / clock);
  const spinner = base.travel === null;
  const jump = spinner ? 0 : length(scale(sub(base.pos, prev.endPos), scaling));
  let angle: number | null = null;
  if (pp) {
    const v1 = sub(pp.endPos, prev.pos);
    const v2 = sub(base.pos, prev.endPos);
    const dot = f(f(v1.x * v2.x) + f(v1.y * v2.y));
    const det = f(f(v1.x * v2.y) - f(v1.y * v2.x));
    angle = Math.abs(atan2f(det, dot));
  }
  return { spinner, time: base.time, prev: prevVals, jump, travel: prev.travel ?? 0, angle, delta, strainTime: maxf(delta, 50) };
}

const AIM_ANGLE_BONUS_BEGIN = f(Math.PI / 3);
const SPEED_ANGLE_BONUS_BEGIN = f(5 * f(Math.PI / 6));
const PI_OVER_2 = f(Math.PI / 2);
const PI_OVER_4 = f(Math.PI / 4);
const dim = (v: number): number => powf(v, f(0.99));

function aimStrain(c: DiffObject): number {
  if (c.spinner) return 0;
  let result = 0;
  if (c.prev && c.angle !== null && c.angle > AIM_ANGLE_BONUS_BEGIN) {
    const s = sinf(f(c.angle - AIM_ANGLE_BONUS_BEGIN));
    const bonus = sqrtf(f(f(f(s * s) * maxf(f(c.prev[0] - 90), 0)) * maxf(f(c.jump - 90), 0)));
    result = f(f(1.5 * dim(maxf(bonus, 0))) / maxf(107, c.prev[1]));
  }
  const j = dim(c.jump);
  const t = dim(c.travel);
  const dist = f(f(j + t) + sqrtf(f(t * j)));
  return maxf(f(result + f(dist / maxf(c.strainTime, 107))), f(dist / c.strainTime));
}

function speedStrain(c: DiffObject): number {
  if (c.spinner) return 0;
  const dist = minf(125, f(c.travel + c.jump));
  const dt = maxf(45, c.delta);
  let speedBonus = 1;
  if (dt < 75) {
    const b = f(f(75 - dt) / 40);
    speedBonus = f(speedBonus + f(b * b));
  }
  let angleBonus = 1;
  if (c.angle !== null && c.angle < SPEED_ANGLE_BONUS_BEGIN) {
    const a = c.angle;
    const b = sinf(f(1.5 * f(SPEED_ANGLE_BONUS_BEGIN - a)));
    angleBonus = f(1 + f(f(b * b) / f(3.57)));
    if (a < PI_OVER_2) {
      angleBonus = f(1.28);
      if (dist < 90 && a < PI_OVER_4) angleBonus = f(angleBonus + f(f(1 - angleBonus) * minf(f(f(90 - dist) / 10), 1)));
      else if (dist < 90) {
        angleBonus = f(angleBonus + f(f(f(1 - angleBonus) * minf(f(f(90 - dist) / 10), 1)) * sinf(f(f(PI_OVER_2 - a) / PI_OVER_4))));
      }
    }
  }
  const p = f(f(1 + f(f(speedBonus - 1) * 0.75)) * angleBonus);
  return f(f(p * f(f(0.95) + f(speedBonus * powf(f(dist / 125), 3.5)))) / c.strainTime);
}

class Skill {
  strain = 1;
  peak = 1;
  peaks: number[] = [];
  prevTime: number | null = null;
  constructor(
    private base: number,
    private multiplier: number,
    private value: (c: DiffObject) => number,
  ) {}
  private decay(ms: number): number {
    return powf(this.base, f(ms / 1000));
  }
  savePeak(): void {
    this.peaks.push(this.peak);
  }
  startNewSectionFrom(time: number): void {
    this.peak = f(this.strain * this.decay(f(time - (this.prevTime ?? time))));
  }
  process(c: DiffObject): void {
    this.strain = f(this.strain * this.decay(c.delta));
    this.strain = f(this.strain + f(this.value(c) * this.multiplier));
    this.peak = maxf(this.peak, this.strain);
    this.prevTime = c.time;
  }
  difficultyValue(): number {
    this.peaks.sort((a, b) => b - a);
    let d = 0;
    let w = 1;
    for (const s of this.peaks) {
      d = f(d + f(s * w));
      w = f(w * f(0.9));
    }
    return d;
  }
}

export function calculateDifficulty(map: Beatmap, mods: number): DifficultyAttributes {
  const attrs = mapAttributes(map, mods);
  const out: DifficultyAttributes = { aimStrain: 0, speedStrain: 0, stars: 0, ar: attrs.ar, od: attrs.od, nCircles: 0, nSliders: 0, nSpinners: 0, maxCombo: 0 };
  if (map.hitObjects.length < 2) return out;
  const clock = f(attrs.clock);
  const sectionLen = f(400 * clock);
  const radius = f(f(64 * f(1 - f(f(f(0.7) * f(attrs.cs - 5)) / 5))) / 2);
  let scaling = f(52 / radius);
  if (radius < 30) scaling = f(scaling * f(1 + f(minf(f(30 - radius), 5) / 50)));

  const builder = new Builder(map, radius, scaling);
  const aim = new Skill(f(0.15), 26.25, aimStrain);
  const speed = new Skill(f(0.3), 1400, speedStrain);
  let sectionEnd = f(Math.ceil(f(f(map.hitObjects[0]!.startTime) / sectionLen)) * sectionLen);
  let prev = builder.build(map.hitObjects[0]!);
  const second = builder.build(map.hitObjects[1]!);
  let h = diffObject(second, prev, null, null, clock, scaling);
  while (h.time > sectionEnd) sectionEnd = f(sectionEnd + sectionLen);
  aim.process(h);
  speed.process(h);
  let prevVals: [number, number] = [h.jump, h.strainTime];
  let prevPrev: OsuObject = prev;
  prev = second;
  for (let i = 2; i < map.hitObjects.length; i++) {
    const curr = builder.build(map.hitObjects[i]!);
    h = diffObject(curr, prev, prevVals, prevPrev, clock, scaling);
    while (h.time > sectionEnd) {
      aim.savePeak();
      aim.startNewSectionFrom(sectionEnd);
      speed.savePeak();
      speed.startNewSectionFrom(sectionEnd);
      sectionEnd = f(sectionEnd + sectionLen);
    }
    aim.process(h);
    speed.process(h);
    prevVals = [h.jump, h.strainTime];
    prevPrev = prev;
    prev = curr;
  }
  aim.savePeak();
  speed.savePeak();
  const aimS = f(sqrtf(aim.difficultyValue()) * f(0.0675));
  const speedS = f(sqrtf(speed.difficultyValue()) * f(0.0675));
  out.aimStrain = aimS;
  out.speedStrain = speedS;
  out.stars = f(f(aimS + speedS) + f(Math.abs(f(aimS - speedS)) / 2));
  out.nCircles = builder.nCircles;
  out.nSliders = builder.nSliders;
  out.nSpinners = builder.nSpinners;
  out.maxCombo = builder.maxCombo;
  return out;
}
