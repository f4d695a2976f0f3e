/**
 * What score submission needs from the database beyond the shared repositories
 * (score-and-web.md §2.5): the previous best and map ranks, the one durable transaction that
 * stores a play (demote the old best, insert, user_stats, beatmap counters, most-played), first
 * places, pp caps, multiplayer game scores, achievements, restriction bookkeeping and the
 * submission log. Akatsuki's table and column names; one implementation for both databases
 * (server/adapters/storage/repositories/submission.ts).
 */
import type { EffectiveModeValue, Playstyle, VanillaMode } from '../../protocol/osu/modes.js';
import type { ScoreId, ScoreRow, UserStatsRow } from './storage.js';

/** A best score as the user's pp total needs it. */
export interface BestScoreForTotals {
  beatmapMd5: string;
  pp: number;
  accuracy: number;
}

export interface CommitPlay {
  playstyle: Playstyle;
  score: Omit<ScoreRow, 'id'>;
  /** When the play is the new best: the old best (completed 3) on the map becomes 2 first. */
  demotePreviousBest: boolean;
  /** Which user_stats row to update. */
  statsMode: EffectiveModeValue;
  /** rx of user_beatmaps (0 vanilla, 1 relax, 2 autopilot). */
  rx: 0 | 1 | 2;
  /**
   * Reads the user's scores again inside the transaction (after the insert) when true: the
   * `bests` handed to `stats` then include the new score.
   */
  recomputeTotals: { rules: 'akatsuki' | 'official' } | undefined;
  /** New user_stats row from the old one (undefined = no row: nothing written) and the re-read scores. */
  stats: (old: UserStatsRow | undefined, bests: BestScoreForTotals[] | undefined) => UserStatsRow | undefined;
}

export interface CommittedPlay {
  id: ScoreId;
  statsBefore: UserStatsRow | undefined;
  statsAfter: UserStatsRow | undefined;
  /** beatmaps.playcount / passcount after this play. */
  beatmapPlaycount: number;
  beatmapPasscount: number;
}

export interface PpLimits {
  pp: number;
  relaxPp: number;
  flashlightPp: number;
  relaxFlashlightPp: number;
  autopilotPp: number;
  autopilotFlashlightPp: number;
}

export interface AchievementDefinition {
  id: number;
  file: string;
  name: string;
  desc: string;
  /** null = any mode. */
  mode: number | null;
}

export interface MatchGameScore {
  matchId: number;
  gameId: number;
  userId: number;
  mode: VanillaMode;
  count300: number;
  count100: number;
  count50: number;
  countMiss: number;
  countGeki: number;
  countKatu: number;
  score: number;
  accuracy: number;
  maxCombo: number;
  mods: number;
  passed: boolean;
  team: number;
}

export interface SubmissionLog {
  scoreId: ScoreId;
  uninstallIdHash: string;
  diskSignatureHash: string;
  clientVersion: string;
  clientHash: string;
  /** Milliseconds (stored as TIME(6)). */
  scoreTimeElapsedMs: number;
  osuAuthToken: string | null;
}

export interface SubmissionStore {
  /** The user's completed = 3 row on the map in this mode, if any. */
  previousBest(playstyle: Playstyle, userId: number, beatmapMd5: string, mode: VanillaMode): Promise<ScoreRow | undefined>;
  checksumExists(playstyle: Playstyle, checksum: string): Promise<boolean>;
  /**
   * 1-based map rank of a stored score among completed = 3 rows of public users (or its owner):
   * 1 + rows with a better sort column (score for vanilla, pp otherwise), or equal and earlier.
   */
  mapRank(playstyle: Playstyle, scoreId: ScoreId): Promise<number>;
  /** The durable write of one play, all in one transaction. */
  commit(play: CommitPlay): Promise<CommittedPlay>;
  ppLimits(mode: VanillaMode): Promise<PpLimits | undefined>;
  /** Inserts the pp_limits row of each mode that has none (never changes an existing row). */
  ensurePpLimits(defaults: PpLimits): Promise<void>;
  /** Upserts scores_first (PK md5, mode, rx). */
  setFirstPlace(beatmapMd5: string, mode: VanillaMode, rx: 0 | 1 | 2, scoreId: ScoreId, userId: number): Promise<void>;
  addMatchGameScore(s: MatchGameScore): Promise<void>;
  achievements(): Promise<AchievementDefinition[]>;
  unlockedAchievements(userId: number, mode: EffectiveModeValue): Promise<Set<number>>;
  /** INSERT IGNORE semantics: an already unlocked one is left alone. */
  unlockAchievements(userId: number, mode: EffectiveModeValue, ids: readonly number[], at: number): Promise<void>;
  logSubmission(log: SubmissionLog): Promise<void>;
  /** Whether the user logged in with this hardware (hw_user: mac = adapters md5, unique_id, disk_id). */
  knownHardware(userId: number, mac: string, uniqueId: string, diskId: string): Promise<boolean>;
  setLatestPpAwarded(userId: number, mode: EffectiveModeValue, at: number): Promise<void>;
}
