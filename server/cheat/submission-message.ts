/**
 * The score-submission queue message, as far as the cheat checks need it: the submission
 * publishes `ScoreSubmittedMessage` (server/scores/submit-score.ts) as JSON on the
 * `score_submission` queue after answering the client; this is a strict subset of it (unknown
 * fields are ignored, a test checks the two stay compatible at compile time).
 */
import { PoisonMessageError } from '../ports/queue.js';

export const SCORE_SUBMISSION_QUEUE = 'score_submission';

export interface CheatSubmission {
  scoreId: string;
  userId: number;
  /** 0 vanilla, 1 relax, 2 autopilot. */
  relax: number;
  beatmapMd5: string;
  /** Blob key of the uploaded (compressed) frame stream. */
  replayKey: string;
}

/** Parses a queue body; a malformed one is a PoisonMessageError (dead-lettered, never retried). */
export function parseSubmission(body: Buffer): CheatSubmission {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new PoisonMessageError('score submission message is not JSON');
  }
  if (typeof v !== 'object' || v === null) throw new PoisonMessageError('score submission message is not an object');
  const o = v as Record<string, unknown>;
  const scoreId = typeof o['scoreId'] === 'number' ? String(o['scoreId']) : o['scoreId'];
  if (typeof scoreId !== 'string' || !/^\d{1,19}$/.test(scoreId)) throw new PoisonMessageError('scoreId missing');
  const userId = o['userId'];
  if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0) throw new PoisonMessageError('userId missing');
  const relax = o['relax'] ?? 0;
  if (relax !== 0 && relax !== 1 && relax !== 2) throw new PoisonMessageError('relax must be 0, 1 or 2');
  const md5 = o['beatmapMd5'];
  if (typeof md5 !== 'string' || !/^[0-9a-f]{32}$/i.test(md5)) throw new PoisonMessageError('beatmapMd5 missing');
  const replayKey = o['replayKey'];
  if (typeof replayKey !== 'string' || replayKey.length === 0) throw new PoisonMessageError('replayKey missing');
  return { scoreId, userId, relax, beatmapMd5: md5.toLowerCase(), replayKey };
}
