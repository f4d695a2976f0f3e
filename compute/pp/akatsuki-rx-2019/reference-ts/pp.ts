/** The 2019 relax performance formula for the TypeScript reference (mirrors native/src/pp.rs). */
import { cube, f, log10f, maxf, minf, pow24, powf, round, toU32 } from './mathf.js';
import type { DifficultyAttributes } from './difficulty.js';

export interface ScoreInput {
  mods: number;
  combo?: number;
  misses: number;
  accuracy?: number;
  n300?: number;
  n100?: number;
  n50?: number;
}

export interface PerformanceResult {
  pp: number;
  ppAim: number;
  ppSpeed: number;
  ppAcc: number;
  effectiveMissCount: number;
  n300: number;
  n100: number;
  n50: number;
  accuracy: number;
}

const u32 = (x: number): number => x >>> 0;

/** See native/src/pp.rs: where the reference would wrap its u32 counts we refuse instead. */
export class UnreachableAccuracy extends Error {
  constructor() {
    super('accuracy cannot be reached with this object count and misses');
  }
}
const mulU32 = (a: number, b: number): number => Number((BigInt(a) * BigInt(b)) & 0xffffffffn);

function countsFromAccuracy(accPercent: number, missesIn: number, n: number): [number, number, number, number] {
  const acc = f(f(accPercent) / 100);
  const misses = Math.min(missesIn, n);
  const target = toU32(round(f(f(acc * n) * 6)));
  if (target < n - misses) throw new UnreachableAccuracy();
  const delta = target - (n - misses);
  let n300 = Math.floor(delta / 5);
  let n100 = delta % 5;
  if (n300 + n100 + misses > n) throw new UnreachableAccuracy();
  let n50 = n - n300 - n100 - misses;
  const k = Math.min(n300, Math.floor(n50 / 4));
  n300 -= k;
  n100 = u32(n100 + mulU32(k, 5));
  n50 = u32(n50 - mulU32(k, 4));
  const num = u32(u32(mulU32(n300, 6) + mulU32(n100, 2)) + n50);
  return [n300, n100, n50, f(f(num) / f(mulU32(n, 6)))];
}

function completeCounts(i: ScoreInput, n: number): [number, number, number, number] {
  const sat = (a: number, b: number): number => Math.max(0, a - b);
  const remaining = sat(sat(sat(sat(n, i.n300 ?? 0), i.n100 ?? 0), i.n50 ?? 0), i.misses);
  let c: [number, number, number];
  if (remaining > 0) {
    if (i.n300 === undefined) c = [remaining, i.n100 ?? 0, i.n50 ?? 0];
    else if (i.n100 === undefined) c = [i.n300, remaining, i.n50 ?? 0];
    else if (i.n50 === undefined) c = [i.n300, i.n100, remaining];
    else c = [u32(i.n300 + remaining), i.n100, i.n50];
  } else c = [i.n300 ?? 0, i.n100 ?? 0, i.n50 ?? 0];
  const num = u32(u32(c[2] + mulU32(c[1], 2)) + mulU32(c[0], 6));
  return [c[0], c[1], c[2], f(f(f(num) / f(n)) / 6)];
}

const lenBonus = (t: number): number =>
  f(f(f(0.88) + f(f(0.4) * minf(f(t / 2000), 1))) + f(f((t > 2000 ? 1 : 0) * 0.5) * log10f(f(t / 2000))));

const missPenalty = (m: number, t: number): number => f(f(0.97) * powf(f(1 - powf(f(m / t), 0.5)), f(1 + f(m / 1.5))));

function arFactor(ar: number): number {
  let x = ar > 10.33 ? 0.3 * (ar - 10.33) : 0;
  if (ar < 8) x = 0.025 * (8 - ar);
  return f(x);
}

export function calculatePerformance(a: DifficultyAttributes, i: ScoreInput, mapObjects: number): PerformanceResult {
  const nObjects = a.nCircles + a.nSliders + a.nSpinners;
  const [n300, n100, n50, acc] = i.accuracy !== undefined ? countsFromAccuracy(i.accuracy, i.misses, mapObjects) : completeCounts(i, nObjects);
  const t = f(Math.min(u32(u32(u32(n300 + n100) + n50) + i.misses), nObjects));
  const hd = (i.mods & 8) !== 0;
  const fl = (i.mods & 1024) !== 0;

  let multiplier = f(1.09);
  // Effective misses.
  let cb = 0;
  const combo = f(i.combo ?? a.maxCombo);
  if (a.nSliders > 0) {
    const fc = f(f(a.maxCombo) - f(f(0.1) * a.nSliders));
    if (combo < fc) cb = f(fc / maxf(combo, 1));
  }
  cb = minf(cb, f(f(n100 + n50) + i.misses));
  const emc = maxf(cb, i.misses);
  if (i.mods & 4096) multiplier = f(multiplier * f(1 - powf(f(a.nSpinners / t), f(0.85))));

  const lb = lenBonus(t);
  const od32 = f(a.od);
  // Aim.
  const rawAim = i.mods & 4 ? f(Math.pow(a.aimStrain, 0.8)) : a.aimStrain;
  let aim = f(cube(f(f(5 * maxf(f(rawAim / f(0.0675)), 1)) - 4)) / 100000);
  aim = f(aim * lb);
  if (emc > 0) aim = f(aim * missPenalty(emc, t));
  aim = f(aim * f(1 + f(arFactor(a.ar) * lb)));
  if (hd) aim = f(aim * f(1 + f(f(0.05) * f(11 - a.ar))));
  if (fl) {
    const b1 = f(f(0.3) * minf(f(t / 200), 1));
    const b2 = f(f((t > 200 ? 1 : 0) * f(0.25)) * minf(f(f(t - 200) / 300), 1));
    const b3 = f(f((t > 500 ? 1 : 0) * f(t - 500)) / 1600);
    aim = f(aim * f(f(f(1 + b1) + b2) + b3));
  }
  aim = f(aim * f(f(0.3) + f(acc / 2)));
  aim = f(aim * f(f(0.98) + f(f(od32 * od32) / 2500)));
  // Speed.
  let speed = f(cube(f(f(5 * maxf(f(a.speedStrain / f(0.0675)), 1)) - 4)) / 100000);
  speed = f(speed * lb);
  if (emc > 0) speed = f(speed * missPenalty(emc, t));
  if (a.ar > 10.33) speed = f(speed * f(1 + f(arFactor(a.ar) * lb)));
  if (hd) speed = f(speed * f(1 + f(f(0.05) * f(11 - a.ar))));
  speed = f(speed * f(f(f(0.93) + f(f(od32 * od32) / 750)) * powf(acc, f(f(f(14.5) - f(Math.max(a.od, 8))) / 2))));
  const thr = f(t / 500);
  speed = f(speed * powf(f(0.98), n50 < thr ? 0 : f(n50 - thr)));
  // Accuracy.
  const nc = a.nCircles;
  const better = f((nc > 0 ? 1 : 0) * maxf(f(f(f(f(f(n300 - f(t - nc)) * 6) + f(n100 * 2)) + n50) / f(nc * 6)), 0));
  let accV = f(f(powf(f(1.52163), od32) * pow24(better)) * f(2.83));
  accV = f(accV * minf(powf(f(nc / 1000), f(0.3)), f(1.15)));
  if (hd) accV = f(accV * f(1.08));
  if (fl) accV = f(accV * f(1.02));

  let dep = 1;
  const nerf = round((a.aimStrain / a.speedStrain) * 100) / 100;
  if (nerf < 1.09) {
    dep = maxf(f(f(0.86) - Math.abs(f(1 - acc))), 0.5);
    aim = f(aim * dep);
  }
  const sum = f(f(powf(aim, f(1.185)) + powf(speed, f(f(0.83) * dep))) + powf(accV, f(1.14)));
  const pp = f(powf(sum, f(1 / f(1.1))) * multiplier);
  return { pp, ppAim: aim, ppSpeed: speed, ppAcc: accV, effectiveMissCount: emc, n300, n100, n50, accuracy: acc };
}
