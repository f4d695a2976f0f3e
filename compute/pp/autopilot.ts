/**
 * Akatsuki's autopilot (pp-compute.md §3.2), emulated. Their fork is rosu-pp of 2024-11 (= our
 * rosu-2.0 build) with AP changes: aim rating 0, flashlight x0.4, no distance term in the speed
 * evaluator, no aim pp and no high-AR bonus on speed pp. Neither public build has exactly that, so:
 *
 * 1. the speed rating (and speed note count, difficult-strain count) without the distance term
 *    is estimated by scaling rosu-2.0's values by the ratio rosu-3.1 gives between AP (with its
 *    extra x0.5 undone) and no AP (3.1 applies the same "no distance" treatment);
 * 2. aim := 0, flashlight x0.4, and AR capped at 10.33 so rosu-2.0's speed pp gets no high-AR
 *    bonus; the HD bonus that the cap inflates is undone by scaling the speed rating passed to
 *    Performance (stars use the unscaled one);
 * 3. stars are recomputed from those ratings with rosu-2.0's star formula;
 * 4. rosu-2.0's Performance runs on these plain attributes, mods without AP.
 *
 * Residual against the real fork on the shared map (compute/test/pp-akatsuki.test.ts):
 * pp +0.39 % (SS), +0.64 % (98 %, 1 miss), +0.64 % (HDDT 99 %), +0.69 % (counts, 4 misses);
 * stars +0.03..0.04 %. The spec's 3.1-only recipe (§3.2) was 1.2-2.4 % away.
 */
import { Mods } from '../../protocol/osu/mods.js';
import type { PlainAttributes } from './rosu-lib.js';

/** rosu's difficulty-to-performance curve (same in 2.0 and 3.1). */
function ratingToPerformance(x: number): number {
  return Math.pow(5 * Math.max(1, x / 0.0675) - 4, 3) / 100000;
}

/** Inverse of ratingToPerformance above its floor (x >= 0.0675). */
function performanceToRating(p: number): number {
  return (0.0675 * (Math.cbrt(p * 100000) + 4)) / 5;
}

/** rosu-pp 2.0's osu! star formula with aim = 0 (multiplier 1.14 there, 1.15 in 3.x). */
export function autopilotStars(speed: number, flashlight: number, hasFlashlight: boolean): number {
  const pSpeed = ratingToPerformance(speed);
  const pFl = hasFlashlight ? 25 * flashlight * flashlight : 0;
  const base = Math.pow(Math.pow(pSpeed, 1.1) + Math.pow(pFl, 1.1), 1 / 1.1);
  if (base <= 1e-5) return 0;
  return Math.cbrt(1.14) * 0.027 * (Math.cbrt((100000 / Math.pow(2, 1 / 1.1)) * base) + 4);
}

/**
 * @param v2 rosu-2.0 difficulty attributes for the mods without AP
 * @param v3ap rosu-3.1 attributes with AP
 * @param v3 rosu-3.1 attributes for the mods without AP
 */
export function autopilotAttributes(v2: PlainAttributes, v3ap: PlainAttributes, v3: PlainAttributes, mods: number): PlainAttributes {
  const num = (a: PlainAttributes, k: string): number => (typeof a[k] === 'number' ? (a[k] as number) : 0);
  const speedNoAp3 = num(v3, 'speed');
  const speedRatio = speedNoAp3 > 0 ? (2 * num(v3ap, 'speed')) / speedNoAp3 : 0;
  const sncNoAp3 = num(v3, 'speedNoteCount');
  const sncRatio = sncNoAp3 > 0 ? num(v3ap, 'speedNoteCount') / sncNoAp3 : 0;
  const sdscNoAp3 = num(v3, 'speedDifficultStrainCount');
  const sdscRatio = sdscNoAp3 > 0 ? num(v3ap, 'speedDifficultStrainCount') / sdscNoAp3 : 0;
  const speed = num(v2, 'speed') * speedRatio;
  const flashlight = num(v2, 'flashlight') * 0.4;
  const ar = num(v2, 'ar');
  // Capping AR (to drop the high-AR bonus) also enlarges rosu-2.0's HD bonus 1 + 0.04 (12 - AR);
  // the speed value is proportional to ratingToPerformance(speed), so scaling that by the ratio
  // of the true to the inflated HD factor restores the fork's HD bonus exactly.
  let perfSpeed = speed;
  if (mods & Mods.Hidden && ar > 10.33) {
    const k = (1 + 0.04 * (12 - ar)) / (1 + 0.04 * (12 - 10.33));
    perfSpeed = performanceToRating(ratingToPerformance(speed) * k);
  }
  return {
    ...v2,
    aim: 0,
    speed: perfSpeed,
    flashlight,
    speedNoteCount: num(v2, 'speedNoteCount') * sncRatio,
    speedDifficultStrainCount: num(v2, 'speedDifficultStrainCount') * sdscRatio,
    ar: Math.min(ar, 10.33),
    // The real AR, reported in results (stripped before the attributes reach rosu).
    arOriginal: ar,
    stars: autopilotStars(speed, flashlight, (mods & Mods.Flashlight) !== 0),
  };
}
