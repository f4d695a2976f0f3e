/**
 * Pure rules of a submitted score, as Akatsuki's score-service applies them (score-and-web.md
 * §2.4, §2.5 step 8 and 11, §2.7, §2.8, §2.15 mod strings, §2.11 level).
 */
import { createHash } from 'node:crypto';
import { MOD_ACRONYMS, Mods } from './mods.js';
import type { VanillaMode } from './modes.js';
import type { Grade, ScoreData } from './score-data.js';

export interface HitCounts {
  count300: number;
  count100: number;
  count50: number;
  countGeki: number;
  countKatu: number;
  countMiss: number;
}

/** Accuracy in percent (0..100); no judged object → 0 (§2.7). */
export function accuracyOf(mode: VanillaMode, c: HitCounts): number {
  let num: number;
  let den: number;
  switch (mode) {
    case 0:
      num = 300 * c.count300 + 100 * c.count100 + 50 * c.count50;
      den = 300 * (c.count300 + c.count100 + c.count50 + c.countMiss);
      break;
    case 1:
      num = c.count300 + 0.5 * c.count100;
      den = c.count300 + c.count100 + c.countMiss;
      break;
    case 2:
      num = c.count300 + c.count100 + c.count50;
      den = c.count300 + c.count100 + c.count50 + c.countKatu + c.countMiss;
      break;
    case 3:
      num = 50 * c.count50 + 100 * c.count100 + 200 * c.countKatu + 300 * (c.count300 + c.countGeki);
      den = 300 * (c.count300 + c.count100 + c.count50 + c.countGeki + c.countKatu + c.countMiss);
      break;
  }
  return den === 0 ? 0 : (num / den) * 100;
}

const SILVER_MASK = Mods.Hidden | Mods.Flashlight | Mods.FadeIn;

/** The server-side grade (§2.8); silver XH/SH with HD, FL or FadeIn. Failed plays are F. */
export function gradeOf(mode: VanillaMode, mods: number, c: HitCounts, accuracy: number, passed = true): Grade {
  if (!passed) return 'F';
  const silver = (mods & SILVER_MASK) !== 0;
  const x = silver ? 'XH' : 'X';
  const s = silver ? 'SH' : 'S';
  if (mode === 0 || mode === 1) {
    const objects = c.count300 + c.count100 + c.count50 + c.countMiss;
    if (objects === 0) return 'D';
    const r300 = c.count300 / objects;
    const r50 = c.count50 / objects;
    if (r300 === 1) return x;
    if (r300 > 0.9 && r50 <= 0.01 && c.countMiss === 0) return s;
    if ((r300 > 0.8 && c.countMiss === 0) || r300 > 0.9) return 'A';
    if ((r300 > 0.7 && c.countMiss === 0) || r300 > 0.8) return 'B';
    if (r300 > 0.6) return 'C';
    return 'D';
  }
  const [sMin, aMin, bMin, cMin] = mode === 2 ? [98, 94, 90, 85] : [95, 90, 80, 70];
  if (accuracy === 100) return x;
  if (accuracy > sMin!) return s;
  if (accuracy > aMin!) return 'A';
  if (accuracy > bMin!) return 'B';
  if (accuracy > cMin!) return 'C';
  return 'D';
}

const KEY_MODS =
  Mods.Key1 | Mods.Key2 | Mods.Key3 | Mods.Key4 | Mods.Key5 | Mods.Key6 | Mods.Key7 | Mods.Key8 | Mods.Key9 | Mods.KeyCoop;

/**
 * score-service's `Mods.conflict` (§2.5 step 11): a combination the client cannot produce, so
 * the submitter restricts. Returns the reason, or undefined when the combination is legal.
 */
export function modConflict(mods: number): string | undefined {
  const has = (m: number): boolean => (mods & m) !== 0;
  if (has(Mods.DoubleTime) && has(Mods.HalfTime)) return 'DT+HT';
  if (has(Mods.Nightcore) && !has(Mods.DoubleTime)) return 'NC without DT';
  if (has(Mods.Easy) && has(Mods.HardRock)) return 'EZ+HR';
  if (has(Mods.Relax) && has(Mods.Autopilot)) return 'RX+AP';
  if (has(Mods.Hidden) && has(Mods.FadeIn)) return 'HD+FI';
  let keys = mods & KEY_MODS;
  let count = 0;
  while (keys) {
    keys &= keys - 1;
    count++;
  }
  if (count > 1) return 'more than one key mod';
  return undefined;
}

/**
 * §2.5 step 8: Autoplay is never rankable; on std/catch *maps* with ≥ 7000 objects ScoreV2 is
 * required (int32 score overflow), anywhere else it is refused. Returns the reason or undefined.
 */
export function unrankableMods(mods: number, mapMode: number, objectCount: number): string | undefined {
  if (mods & Mods.Autoplay) return 'autoplay';
  const v2 = (mods & Mods.ScoreV2) !== 0;
  const needsV2 = (mapMode === 0 || mapMode === 2) && objectCount >= 7000;
  if (needsV2 && !v2) return 'ScoreV2 required on a map with 7000 objects or more';
  if (!needsV2 && v2) return 'ScoreV2';
  return undefined;
}

/** `HDDT`-style acronyms in bit order, `NM` for none; DT hidden under NC, SD under PF (§2.14). */
export function modsString(mods: number): string {
  let m = mods;
  if (m & Mods.Nightcore) m &= ~Mods.DoubleTime;
  if (m & Mods.Perfect) m &= ~Mods.SuddenDeath;
  let out = '';
  for (const [bit, acronym] of MOD_ACRONYMS) if (m & bit) out += acronym;
  return out === '' ? 'NM' : out;
}

/**
 * The client's online checksum (§2.4; bancho.py's formula, unverified against a live client, so
 * Hayate only logs a mismatch).
 */
export function onlineChecksum(d: ScoreData, clientHash: string, storyboardMd5: string): string {
  const tf = (b: boolean): string => (b ? 'True' : 'False');
  const s =
    `chickenmcnuggets${d.count300 + d.count100}o15${d.count50}${d.countGeki}smustard${d.countKatu}${d.countMiss}uu` +
    `${d.beatmapMd5}${d.maxCombo}${tf(d.perfect)}${d.username}${d.score}${d.clientGrade}${d.mods}Q${tf(d.passed)}` +
    `${d.mode}${d.osuVersion}${d.clientTime}${clientHash}${storyboardMd5}`;
  return md5Hex(s);
}

const md5Hex = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** Score required for level n (Ripple's table, §2.11). */
export function levelRequirement(n: number): number {
  if (n <= 1) return 1;
  if (n <= 100) return Math.floor((5000 / 3) * (4 * n ** 3 - 3 * n ** 2 - n) + Math.floor(1.25 * 1.8 ** (n - 60)));
  return 26_931_190_829 + 100_000_000_000 * (n - 100);
}

/** Integer level for a total score. */
export function levelOf(totalScore: number): number {
  let n = 1;
  while (levelRequirement(n + 1) <= totalScore) n++;
  return n;
}
