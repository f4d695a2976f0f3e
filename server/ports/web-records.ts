/**
 * The small tables behind the stable client's /web/ side calls (shared/spec/score-and-web.md §1):
 * replay view counts, client anticheat flags, map ratings, favourites, seasonal backgrounds,
 * in-game comments, the total score count. Column meanings are Akatsuki's.
 */
import type { EffectiveModeValue } from '../../protocol/osu/modes.js';

export type CommentWho = 'normal' | 'player' | 'admin' | 'donor';

export interface CommentRow {
  userId: number;
  /** ms into the song. */
  time: number;
  who: CommentWho;
  specialFormat: string | null;
  comment: string;
}

export interface NewComment extends CommentRow {
  beatmapId: number;
  beatmapsetId: number;
  scoreId: number;
}

/** Which rows of `comments` a target means (beatmap_id / beatmapset_id / score_id). */
export type CommentTarget = { kind: 'map'; id: number } | { kind: 'song'; id: number } | { kind: 'replay'; id: number };

export interface WebRecordsRepository {
  /** user_stats.replays_watched + 1 for (user, mode). */
  incrementReplaysWatched(userId: number, mode: EffectiveModeValue): Promise<void>;
  addLastfmFlag(userId: number, at: number, flags: number, text: string): Promise<void>;
  hasRated(userId: number, beatmapMd5: string): Promise<boolean>;
  /** Inserts the vote, writes AVG(rating) into beatmaps.rating and returns it. */
  addRating(userId: number, beatmapMd5: string, rating: number): Promise<number>;
  /** False (nothing written) when the set is already a favourite. */
  addFavourite(userId: number, beatmapsetId: number, at: number): Promise<boolean>;
  favourites(userId: number): Promise<number[]>;
  seasonalBackgrounds(): Promise<string[]>;
  comments(target: CommentTarget): Promise<CommentRow[]>;
  /** Whether the user already commented on the target with `time` within ±windowMs of `time`. */
  hasCommentNear(userId: number, target: CommentTarget, time: number, windowMs: number): Promise<boolean>;
  addComment(c: NewComment): Promise<void>;
  /** Rows of scores + scores_relax + scores_ap. */
  totalScores(): Promise<number>;
}
