/**
 * Reads behind the in-game beatmap leaderboard (`/web/osu-osz2-getscores.php`,
 * shared/spec/score-and-web.md §3.4): one row per user, best first, rank = position. A separate
 * port from ScoresRepository because these queries are shaped for the board (joins to users and
 * clans, per-user de-duplication) rather than for single scores.
 */
import type { Playstyle, VanillaMode } from '../../protocol/osu/modes.js';
import type { ScoreId } from './storage.js';

export type BoardSort = 'score' | 'pp';

export interface BoardQuery {
  playstyle: Playstyle;
  beatmapMd5: string;
  playMode: VanillaMode;
  /** The requesting user: always sees their own rows, even when restricted. */
  requesterId: number;
  sort: BoardSort;
  /** `best`: completed = 3; `passed`: completed IN (2, 3) (the "selected mods" board). */
  completed: 'best' | 'passed';
  /** Exact mods (the "selected mods" board). */
  mods?: number;
  /** users.country (the "country" board). */
  country?: string;
  /** Only these users (the "friends" board; include the requester). */
  userIds?: readonly number[];
}

export interface BoardEntry {
  scoreId: ScoreId;
  userId: number;
  username: string;
  /** The user's clan tag, null without a clan. */
  clanTag: string | null;
  score: number;
  /** As stored (FLOAT), not rounded: the line shows its integer part. */
  pp: number;
  maxCombo: number;
  count50: number;
  count100: number;
  count300: number;
  countMiss: number;
  countKatu: number;
  countGeki: number;
  fullCombo: boolean;
  mods: number;
  time: number;
  /** 1-based position on the board the entry was read from. */
  rank: number;
}

/** users columns the board depends on. */
export interface LeaderboardPrefs {
  vanillaPpLeaderboards: boolean;
  /** NULL in the database → null. */
  leaderboardSize: number | null;
}

export interface MapLeaderboardsRepository {
  /** The first `limit` users of the board, best first. */
  top(q: BoardQuery, limit: number): Promise<BoardEntry[]>;
  /** How many distinct users the (filtered) board holds. */
  countUsers(q: BoardQuery): Promise<number>;
  /** The user's own best entry on the board `q` describes (rank left 0: see rankOf). */
  bestOf(q: BoardQuery, userId: number): Promise<BoardEntry | undefined>;
  /** 1 + the number of other users on the board holding a better row than the score `scoreId`. */
  rankOf(q: BoardQuery, scoreId: ScoreId, userId: number): Promise<number>;
  prefsOf(userId: number): Promise<LeaderboardPrefs | undefined>;
  /** Whether any beatmaps row has this file name (an outdated local copy: "update available"). */
  beatmapFileNameExists(fileName: string): Promise<boolean>;
  /** beatmaps.rating, null when the row or the value is missing. */
  ratingOf(beatmapMd5: string): Promise<number | null>;
}
