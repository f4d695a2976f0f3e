/**
 * Global and country pp leaderboards, as Redis sorted sets with Akatsuki's exact key names
 * (`ripple:leaderboard:<std|taiko|ctb|mania>`, `ripple:relaxboard:…`, `ripple:autoboard:…`, and
 * the same with `:<country lowercase>` appended) so akatsuki-api and the website read them
 * unchanged. An in-process adapter gives the embedded mode the same behaviour.
 */
import type { Playstyle, VanillaMode } from '../../protocol/osu/modes.js';
import { MODE_BOARD_NAMES } from '../../protocol/osu/modes.js';

export interface BoardRef {
  playstyle: Playstyle;
  mode: VanillaMode;
  /** ISO alpha-2; undefined = the global board. `XX` has no country board. */
  country?: string;
}

const BOARD_PREFIX: Record<Playstyle, string> = {
  vanilla: 'ripple:leaderboard',
  relax: 'ripple:relaxboard',
  autopilot: 'ripple:autoboard',
};

/** The Redis key Akatsuki uses for a board. */
export function leaderboardKey(board: BoardRef): string {
  const base = `${BOARD_PREFIX[board.playstyle]}:${MODE_BOARD_NAMES[board.mode]}`;
  return board.country === undefined ? base : `${base}:${board.country.toLowerCase()}`;
}

export interface Leaderboards {
  /** Sets the user's pp on the global board and, unless country is XX, the country board. */
  set(playstyle: Playstyle, mode: VanillaMode, country: string, userId: number, pp: number): Promise<void>;
  /** Removes the user from the global and country board of one mode. */
  remove(playstyle: Playstyle, mode: VanillaMode, country: string, userId: number): Promise<void>;
  /** Removes the user from all 3 × 4 boards and their country variants (restriction). */
  removeEverywhere(userId: number, country: string): Promise<void>;
  /** 1-based rank; 0 when absent (rank #1 is 1, never falsy — fixes the SS quirk). */
  rank(board: BoardRef, userId: number): Promise<number>;
  /** User ids with pp, best first. */
  top(board: BoardRef, offset: number, limit: number): Promise<Array<{ userId: number; pp: number }>>;
  size(board: BoardRef): Promise<number>;
  /** Releases connections (Redis adapter); optional so simple fakes need not implement it. */
  close?(): Promise<void>;
}
