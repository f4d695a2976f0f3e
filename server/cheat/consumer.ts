/**
 * Consumes the score-submission queue and runs the cheat check of each score (off the request
 * path: the HTTP answer was sent before the message was published). A handler failure retries
 * with the queue's backoff; a malformed message is dead-lettered at once.
 */
import type { Consumer, QueueBroker } from '../ports/queue.js';
import type { Logger } from '../log.js';
import { checkSubmittedScore, type CheckDeps } from './check-score.js';
import { parseSubmission, SCORE_SUBMISSION_QUEUE } from './submission-message.js';

export interface CheatConsumerOptions {
  /** Queue name prefix (tests); '' in production. */
  prefix?: string;
  /** Scores analysed at once (each takes a pool worker). Default 2. */
  prefetch?: number;
}

export async function startCheatConsumer(queue: QueueBroker, deps: CheckDeps, log: Logger, opts: CheatConsumerOptions = {}): Promise<Consumer> {
  const name = `${opts.prefix ?? ''}${SCORE_SUBMISSION_QUEUE}`;
  await queue.declare(name);
  return queue.consume(name, async (m) => {
    const msg = parseSubmission(m.body);
    const r = await checkSubmittedScore(deps, msg);
    if (r.status === 'flagged') log.warn('cheat check flagged a score', { scoreId: msg.scoreId, userId: msg.userId, probability: r.probability, reasons: r.reasons, level: r.level });
  }, { prefetch: opts.prefetch ?? 2 });
}
