/**
 * Read-only score lookups for chat commands (`!last`/`!recent`, `!top`), across the three score
 * tables (`scores`, `scores_relax`, `scores_ap`), so they see score-service's submissions as well
 * as Hayate's own.
 */
import type { Playstyle } from '../../protocol/osu/modes.js';
import type { ScoreId } from './storage.js';

export interface ScoreRef {
  playstyle: Playstyle;
  id: ScoreId;
  /** Unix seconds (`scores.time`). */
  time: number;
}

export interface ScoreLookups {
  /** The user's most recent scores over every playstyle, newest first. */
  recentOfUser(userId: number, limit: number): Promise<ScoreRef[]>;
}
