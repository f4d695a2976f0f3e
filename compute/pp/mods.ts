/**
 * Mod input hygiene. rosu-pp-js silently drops unknown acronyms, separators and conflicting mods
 * (pp-compute.md §1.2), so every mod value is parsed, validated and normalised here before it
 * reaches a worker: a wrong mod is a clear `PpInputError`, never a silently different pp value.
 */
import { MOD_ACRONYMS, Mods } from '../../protocol/osu/mods.js';
import type { VanillaMode } from '../../protocol/osu/modes.js';
import { PpInputError } from './calculator.js';

/** Every bit stable defines (bits 0..30). */
const KNOWN_BITS = MOD_ACRONYMS.reduce((acc, [bit]) => acc | bit, 0) >>> 0;

const KEY_MODS =
  Mods.Key1 | Mods.Key2 | Mods.Key3 | Mods.Key4 | Mods.Key5 | Mods.Key6 | Mods.Key7 | Mods.Key8 | Mods.Key9 | Mods.KeyCoop;

/** Mania-only mods besides the key mods. */
const MANIA_ONLY = Mods.FadeIn | Mods.Random;

const BY_ACRONYM = new Map<string, number>(MOD_ACRONYMS.map(([bit, acr]) => [acr, bit]));
// Common alternative spellings.
BY_ACRONYM.set('SV2', Mods.ScoreV2);
BY_ACRONYM.set('AU', Mods.Autoplay);

/**
 * Parses mods given as an integer (stable bit flags), a decimal string ("72") or acronyms
 * ("HDDT", "+HD,DT", "hd dt", "NM" / "" for none). Does not validate combinations.
 */
export function parseMods(input: number | string): number {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0 || input > 0xffffffff) {
      throw new PpInputError(`mods must be a non-negative 32-bit integer, got ${input}`);
    }
    const unknown = (input & ~KNOWN_BITS) >>> 0;
    if (unknown !== 0) throw new PpInputError(`unknown mod bits 0x${unknown.toString(16)} in ${input}`);
    return input >>> 0;
  }
  if (typeof input !== 'string') throw new PpInputError(`mods must be a number or a string`);
  const s = input.trim();
  if (/^\d+$/.test(s)) return parseMods(Number(s));
  const letters = s.replace(/^\+/, '').replace(/[\s,|+]+/g, '').toUpperCase();
  if (letters === '' || letters === 'NM' || letters === 'NOMOD') return 0;
  if (letters.length % 2 !== 0) throw new PpInputError(`mods ${JSON.stringify(input)}: expected two-letter acronyms like HDDT`);
  let bits = 0;
  for (let i = 0; i < letters.length; i += 2) {
    const acr = letters.slice(i, i + 2);
    const bit = BY_ACRONYM.get(acr);
    if (bit === undefined) throw new PpInputError(`mods ${JSON.stringify(input)}: unknown mod ${acr}`);
    bits |= bit;
  }
  return bits >>> 0;
}

/**
 * Validates a combination for a mode and returns the normalised bits: NC implies DT, PF implies
 * SD (stable always sends both, this accepts the single bit too). Contradictions are errors.
 */
export function normaliseMods(mods: number, mode: VanillaMode): number {
  let m = parseMods(mods);
  if (m & Mods.Nightcore) m |= Mods.DoubleTime;
  if (m & Mods.Perfect) m |= Mods.SuddenDeath;
  const has = (bits: number): boolean => (m & bits) === bits;
  const conflict = (a: number, b: number, what: string): void => {
    if (has(a) && has(b)) throw new PpInputError(`mods ${modsToString(m)}: ${what} cannot be combined`);
  };
  conflict(Mods.Easy, Mods.HardRock, 'EZ and HR');
  conflict(Mods.DoubleTime, Mods.HalfTime, 'DT/NC and HT');
  conflict(Mods.NoFail, Mods.SuddenDeath, 'NF and SD/PF');
  conflict(Mods.Relax, Mods.Autopilot, 'RX and AP');
  conflict(Mods.Relax, Mods.NoFail, 'RX and NF');
  conflict(Mods.Autopilot, Mods.NoFail, 'AP and NF');
  conflict(Mods.Relax, Mods.SuddenDeath, 'RX and SD/PF');
  conflict(Mods.Autopilot, Mods.SuddenDeath, 'AP and SD/PF');
  conflict(Mods.Autopilot, Mods.SpunOut, 'AP and SO');
  if (m & (Mods.Autoplay | Mods.Cinema)) throw new PpInputError(`mods ${modsToString(m)}: autoplay/cinema plays give no pp`);
  if (mode === 3 && m & (Mods.Relax | Mods.Autopilot)) throw new PpInputError(`mods ${modsToString(m)}: RX/AP do not exist in osu!mania`);
  if (mode !== 0 && m & Mods.Autopilot) throw new PpInputError(`mods ${modsToString(m)}: AP exists only in osu!std`);
  if (mode !== 3 && m & (KEY_MODS | MANIA_ONLY)) throw new PpInputError(`mods ${modsToString(m)}: key/FI/RD mods exist only in osu!mania`);
  const keys = m & KEY_MODS;
  if ((keys & (keys - 1)) !== 0) throw new PpInputError(`mods ${modsToString(m)}: more than one key mod`);
  return m >>> 0;
}

/** Mods that never change difficulty attributes (dropped from difficulty cache keys). */
const DIFFICULTY_IRRELEVANT =
  Mods.NoFail | Mods.SuddenDeath | Mods.Perfect | Mods.SpunOut | Mods.ScoreV2 | Mods.Nightcore | Mods.Autoplay | Mods.Cinema;

/**
 * The part of normalised mods that can change difficulty attributes. Deliberately a superset of
 * what each mode needs (over-specific keys only cost cache hits, never wrong numbers).
 */
export function difficultyMods(mods: number): number {
  return (mods & ~DIFFICULTY_IRRELEVANT) >>> 0;
}

/** "HDDT" style, in stable's bit order; "NM" for none. */
export function modsToString(mods: number): string {
  let out = '';
  for (const [bit, acr] of MOD_ACRONYMS) {
    if (bit === Mods.DoubleTime && mods & Mods.Nightcore) continue; // NC shows as NC, not DTNC
    if (bit === Mods.SuddenDeath && mods & Mods.Perfect) continue;
    if (mods & bit) out += acr;
  }
  return out === '' ? 'NM' : out;
}
