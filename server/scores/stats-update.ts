/**
 * The user_stats change of one play (score-and-web.md §2.11), as a pure function of the old row,
 * the play and (when the play is a new best with pp) the user's scores re-read after the insert.
 */
import type { VanillaMode } from '../../protocol/osu/modes.js';
import type { Grade } from '../../protocol/osu/score-data.js';
import type { HitCounts } from '../../protocol/osu/score-rules.js';
import type { UserStatsRow } from '../ports/storage.js';
import type { BestScoreForTotals } from '../ports/submission-store.js';
import { userTotals, type TotalsRules } from '../recalc/totals.js';

export interface PlayForStats {
  mode: VanillaMode;
  passed: boolean;
  /** completed = 3 after this play. */
  best: boolean;
  score: number;
  maxCombo: number;
  pp: number;
  counts: HitCounts;
  /** Server-computed grade of this play. */
  grade: Grade;
  /** The `st` form field (ms); score-service adds it for failed plays too. */
  scoreTimeMs: number;
  /** Map has a leaderboard: ranked, approved, qualified or loved (2..5). */
  hasLeaderboard: boolean;
  /** Ranked or approved (2, 3): ranked score and grade counters. */
  givesRankedScore: boolean;
  /** The best this play replaces (only when `best`). */
  previousBest: { score: number; grade: Grade } | undefined;
}

const GRADE_COLUMN: Partial<Record<Grade, 'xhCount' | 'xCount' | 'shCount' | 'sCount' | 'aCount' | 'bCount' | 'cCount' | 'dCount'>> = {
  XH: 'xhCount',
  X: 'xCount',
  SH: 'shCount',
  S: 'sCount',
  A: 'aCount',
  B: 'bCount',
  C: 'cCount',
  D: 'dCount',
};

/** Hits counted in total_hits: catch leaves out 50s (droplets), taiko and mania add geki and katu. */
export function hitsOf(mode: VanillaMode, c: HitCounts): number {
  let n = c.count300 + c.count100;
  if (mode !== 2) n += c.count50;
  if (mode === 1 || mode === 3) n += c.countGeki + c.countKatu;
  return n;
}

export function applyPlayToStats(old: UserStatsRow, play: PlayForStats, bests: BestScoreForTotals[] | undefined, rules: TotalsRules): UserStatsRow {
  const next: UserStatsRow = { ...old };
  next.playcount += 1;
  next.playtime += Math.floor(Math.max(0, play.scoreTimeMs) / 1000);
  next.totalScore += BigInt(play.score);
  next.totalHits += hitsOf(play.mode, play.counts);
  if (!play.passed || !play.hasLeaderboard) return next;
  next.maxCombo = Math.max(next.maxCombo, play.maxCombo);
  if (play.best && play.pp !== 0 && bests) {
    const totals = userTotals(rules, bests.map((b) => ({ ...b, ranked: true })));
    next.pp = totals.pp;
    next.avgAccuracy = totals.accuracy;
  }
  if (play.best && play.givesRankedScore) {
    next.rankedScore += BigInt(play.score);
    const col = GRADE_COLUMN[play.grade];
    if (col) next[col] += 1;
    if (play.previousBest) {
      next.rankedScore -= BigInt(play.previousBest.score);
      if (next.rankedScore < 0n) next.rankedScore = 0n;
      const prev = GRADE_COLUMN[play.previousBest.grade];
      if (prev) next[prev] = Math.max(0, next[prev] - 1);
    }
  }
  return next;
}

/** Ranked statuses (client codes): 2 ranked, 3 approved, 4 qualified, 5 loved. */
export const hasLeaderboard = (ranked: number): boolean => ranked >= 2 && ranked <= 5;
export const givesPp = (ranked: number): boolean => ranked === 2 || ranked === 3;
