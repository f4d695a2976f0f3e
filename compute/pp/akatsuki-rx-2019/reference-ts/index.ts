/**
 * Plain-TypeScript implementation of the same `osu_2019` relax algorithm as native/ (f32 emulated
 * with Math.fround). Not used in production: it is the benchmark baseline (bench/relax.bench.ts)
 * and a second opinion in compute/test/relax-2019.test.ts.
 */
import { PpInputError, type ScoreParams } from '../../calculator.js';
import { TooComplex } from './curve.js';
import { calculateDifficulty, TooManyNested } from './difficulty.js';
import { parseBeatmap } from './parse.js';
import { calculatePerformance, UnreachableAccuracy } from './pp.js';

export interface ReferenceResult {
  stars: number;
  pp: number;
  ppAim: number;
  ppSpeed: number;
  ppAcc: number;
  aimStrain: number;
  speedStrain: number;
  ar: number;
  od: number;
  maxCombo: number;
  nCircles: number;
  nSliders: number;
  nSpinners: number;
  effectiveMissCount: number;
}

export function calculateReference(osu: Uint8Array, params: ScoreParams): ReferenceResult {
  if (osu.byteLength === 0) throw new PpInputError('beatmap is empty');
  const map = parseBeatmap(osu);
  if (map === 'not-osu-file') throw new PpInputError('not an .osu file');
  if (map === 'not-standard') throw new PpInputError('beatmap is not an osu!standard map');
  if (map === 'too-many-objects') throw new PpInputError('beatmap is too large');
  if (map.hitObjects.length === 0) throw new PpInputError('beatmap has no hit objects');
  let d;
  try {
    d = calculateDifficulty(map, params.mods);
  } catch (e) {
    if (e instanceof TooComplex || e instanceof TooManyNested) throw new PpInputError(`beatmap is too complex: ${e.message}`);
    throw e;
  }
  let p;
  try {
    p = calculatePerformance(
      d,
      { mods: params.mods, combo: params.combo, misses: params.misses ?? 0, accuracy: params.accuracy, n300: params.n300, n100: params.n100, n50: params.n50 },
      map.hitObjects.length,
    );
  } catch (e) {
    if (e instanceof UnreachableAccuracy) throw new PpInputError(e.message);
    throw e;
  }
  return {
    stars: d.stars,
    pp: p.pp,
    ppAim: p.ppAim,
    ppSpeed: p.ppSpeed,
    ppAcc: p.ppAcc,
    aimStrain: d.aimStrain,
    speedStrain: d.speedStrain,
    ar: d.ar,
    od: d.od,
    maxCombo: d.maxCombo,
    nCircles: d.nCircles,
    nSliders: d.nSliders,
    nSpinners: d.nSpinners,
    effectiveMissCount: p.effectiveMissCount,
  };
}
