/**
 * Game modes. The wire carries a vanilla mode 0..3; the server keeps an "effective" mode 0..8
 * that folds relax and autopilot in (shared/spec/bancho-protocol.md §7.1).
 */
import { Mods } from './mods.js';

export const GameMode = { Osu: 0, Taiko: 1, Catch: 2, Mania: 3 } as const;
export type VanillaMode = 0 | 1 | 2 | 3;

/** Effective modes as stored in user_stats.mode (7 does not exist; 8 is std autopilot). */
export const EffectiveMode = {
  Osu: 0,
  Taiko: 1,
  Catch: 2,
  Mania: 3,
  OsuRelax: 4,
  TaikoRelax: 5,
  CatchRelax: 6,
  OsuAutopilot: 8,
} as const;
export type EffectiveModeValue = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 8;
export const EFFECTIVE_MODES: readonly EffectiveModeValue[] = [0, 1, 2, 3, 4, 5, 6, 8];

/** Which score table / leaderboard family a play belongs to. */
export type Playstyle = 'vanilla' | 'relax' | 'autopilot';

export function effectiveMode(vanilla: VanillaMode, mods: number): EffectiveModeValue {
  if (mods & Mods.Relax) return vanilla === 3 ? 3 : ((vanilla + 4) as EffectiveModeValue);
  if (mods & Mods.Autopilot) return vanilla === 0 ? 8 : vanilla;
  return vanilla;
}

export function vanillaOf(mode: EffectiveModeValue): VanillaMode {
  return (mode === 8 ? 0 : mode % 4) as VanillaMode;
}

export function playstyleOf(mode: EffectiveModeValue): Playstyle {
  if (mode === 8) return 'autopilot';
  return mode >= 4 ? 'relax' : 'vanilla';
}

export function isVanillaMode(n: number): n is VanillaMode {
  return n === 0 || n === 1 || n === 2 || n === 3;
}

export function isEffectiveMode(n: number): n is EffectiveModeValue {
  return (EFFECTIVE_MODES as readonly number[]).includes(n);
}

/** Mode names used by Akatsuki's Redis leaderboards (`ripple:leaderboard:<name>`). */
export const MODE_BOARD_NAMES = ['std', 'taiko', 'ctb', 'mania'] as const;
