/** Which board keys one leaderboard write touches; shared by both adapters. */
import type { Playstyle, VanillaMode } from '../../../protocol/osu/modes.js';
import { leaderboardKey } from '../../ports/leaderboards.js';

export const PLAYSTYLES: readonly Playstyle[] = ['vanilla', 'relax', 'autopilot'];
export const VANILLA_MODES: readonly VanillaMode[] = [0, 1, 2, 3];

/** `XX` (unknown country) has no country board; an empty country is treated the same way. */
export function hasCountryBoard(country: string): boolean {
  return country !== '' && country.toUpperCase() !== 'XX';
}

/** The global board and, when the country has one, the country board. */
export function boardKeys(playstyle: Playstyle, mode: VanillaMode, country: string): string[] {
  const keys = [leaderboardKey({ playstyle, mode })];
  if (hasCountryBoard(country)) keys.push(leaderboardKey({ playstyle, mode, country }));
  return keys;
}

/** All 3 × 4 global boards plus their country variants (restriction). */
export function allBoardKeys(country: string): string[] {
  const keys: string[] = [];
  for (const p of PLAYSTYLES) for (const m of VANILLA_MODES) keys.push(...boardKeys(p, m, country));
  return keys;
}
