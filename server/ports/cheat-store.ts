/**
 * Storage of the cheat checks (issue 13): per-score flags keyed by (score, relax table, check
 * version), per-player levels, and the two Akatsuki columns the analysis also fills
 * (`scores*.replay_analysis` / `replay_analysis_at`). Nothing is ever deleted: clearing a flag
 * stamps it, restriction is a visibility change made elsewhere.
 */
import type { FlagClass } from '../../compute/cheat/levels.js';

export interface NewCheatFlag {
  scoreId: string;
  /** 0 vanilla (scores), 1 relax (scores_relax), 2 autopilot (scores_ap). */
  relax: number;
  userId: number;
  checkVersion: string;
  probability: number;
  reasons: number;
  flagClass: FlagClass;
  explanation: string;
  /** Unix seconds. */
  createdAt: number;
}

export interface CheatFlagRow extends NewCheatFlag {
  id: number;
  clearedAt: number | null;
  clearedReason: string | null;
  /** Set by the restriction cascade (the score is hidden pending review). */
  blacklisted: boolean;
}

export interface CheatLevelRow {
  userId: number;
  level: number;
  reason: string;
  updatedAt: number;
}

export interface ClearFlagsFilter {
  /** Flags carrying any of these reason bits. */
  reasonBits?: number;
  /** Flags written by any check version other than this one. */
  notCheckVersion?: string;
  userId?: number;
}

/** What the steal check needs of another player's score on the same map. */
export interface MapScoreRef {
  scoreId: string;
  userId: number;
  mods: number;
}

export interface ScoreFacts {
  userId: number;
  beatmapMd5: string;
  mods: number;
  /** Unix seconds. */
  time: number;
  completed: number;
  counts: { n300: number; n100: number; n50: number; nmiss: number };
}

export interface CheatStore {
  /** Creates the flag and level tables when missing (idempotent). */
  ensureSchema(): Promise<void>;
  /** Inserts, or replaces the same (score, relax, check version) row: re-running a check is idempotent. */
  putFlag(flag: NewCheatFlag): Promise<void>;
  /** Flags of a player created at or after `since`, not cleared. */
  activeFlags(userId: number, since: number): Promise<CheatFlagRow[]>;
  /** Stamps matching flags as cleared; returns how many. */
  clearFlags(filter: ClearFlagsFilter, reason: string, at: number): Promise<number>;
  /** Marks a player's flags since `since` as blacklisted (restriction cascade); returns how many. */
  blacklistFlags(userId: number, since: number): Promise<number>;
  getLevel(userId: number): Promise<CheatLevelRow | undefined>;
  setLevel(row: CheatLevelRow): Promise<void>;
  /** Players at or above a level (watchlist, shadow filter). */
  usersAtLevel(minLevel: number): Promise<number[]>;
  /** Akatsuki's `scores*.replay_analysis` JSON and its time. */
  storeAnalysis(scoreId: string, relax: number, json: string, at: number): Promise<void>;
  /** One rap_logs row (Akatsuki's admin log), `through` = 'Hayate cheat checks'. */
  logAction(userId: number, text: string, at: number): Promise<void>;
  scoreFacts(scoreId: string, relax: number): Promise<ScoreFacts | undefined>;
  /** Completed scores played at or after `since`, by id after `afterId` (re-check batches). */
  scoresSince(relax: number, since: number, afterId: number, limit: number): Promise<Array<{ scoreId: string; userId: number; beatmapMd5: string }>>;
  /** Best completed scores of other players on the map (steal-check candidates), best first. */
  otherScoresOnMap(beatmapMd5: string, relax: number, excludeUserId: number, limit: number): Promise<MapScoreRef[]>;
}
