/**
 * Wires score submission: pp from the compute pool (the calculator picked by PP_PROFILE, rounded
 * as performance-service rounds), replays through the blob store, the beatmap lookup, and the
 * score-submission queue (RabbitMQ `score_submission` when AMQP_URL is set; nothing otherwise).
 */
import type { HttpRouter } from '../../http/types.js';
import type { BanchoDeps } from '../../bancho/context.js';
import type { ComputePool } from '../../../compute/pool.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { QueueBroker } from '../../ports/queue.js';
import type { BeatmapRow } from '../../ports/storage.js';
import { round2f32 } from '../../api/performance/calculate.js';
import { mountSubmissionRoute } from './route.js';
import type { PpFunction, ScoreSubmittedMessage, SubmitDeps } from '../../scores/submit-score.js';

export const SCORE_SUBMISSION_QUEUE = 'score_submission';

export interface SubmissionWiring {
  compute: ComputePool | undefined;
  blobs: BlobStore;
  /** Prefix of the queue name (tests); '' in production. */
  keyPrefix?: string;
  /** A broker to publish to (tests); otherwise one is opened when AMQP_URL is set. */
  queue?: QueueBroker;
  /** Route path (tests mount a second copy); default the client's. */
  path?: string;
}

/** Beatmap by md5 through the beatmap store (stored rows, then its online sources). */
export const beatmapFinder = (deps: BanchoDeps) => (md5: string): Promise<BeatmapRow | undefined> => deps.beatmaps.byMd5(md5);

export function poolPp(compute: ComputePool | undefined, deps: Pick<BanchoDeps, 'log' | 'beatmaps'>): PpFunction {
  const log = deps.log;
  return async (map, play) => {
    if (!compute) return { pp: 0, stars: 0 };
    try {
      // Puts DATA_DIR/osu/<md5>.osu in place (downloading it if needed) so the pool can read it.
      await deps.beatmaps.osuFile(map.beatmapMd5);
      const r = await compute.calculate({
        map: { md5: map.beatmapMd5 },
        score: { mode: play.mode as 0 | 1 | 2 | 3, mods: play.mods, accuracy: Math.min(100, Math.max(0, play.accuracy)), misses: play.misses, combo: play.combo },
      });
      return { pp: round2f32(r.pp), stars: round2f32(r.stars) };
    } catch (err) {
      // score-service stores pp 0 when performance-service fails; so do we, and say so.
      log.warn('pp calculation failed; storing 0', { err, md5: map.beatmapMd5 });
      return { pp: 0, stars: 0 };
    }
  };
}

/**
 * pp_limits rows for a fresh database. score-service treats a missing row as a cap of 0 (every
 * passed play on a ranked map restricts), so each mode gets a row; these values (its integration
 * tests' 30 000, the SMALLINT ceiling) cap nothing until an operator sets real ones.
 */
export const DEFAULT_PP_LIMITS = { pp: 30000, relaxPp: 30000, flashlightPp: 30000, relaxFlashlightPp: 30000, autopilotPp: 30000, autopilotFlashlightPp: 30000 };

export async function mountScoreSubmission(router: HttpRouter, deps: BanchoDeps, w: SubmissionWiring): Promise<() => Promise<void>> {
  await deps.storage.submissions.ensurePpLimits(DEFAULT_PP_LIMITS);
  let queue = w.queue;
  let owned = false;
  if (!queue && deps.config.amqpUrl) {
    const { openQueue } = await import('../../adapters/queue/open-queue.js');
    queue = await openQueue(deps.config, { log: deps.log });
    owned = true;
  }
  const queueName = `${w.keyPrefix ?? ''}${SCORE_SUBMISSION_QUEUE}`;
  if (queue) await queue.declare(queueName);
  const publishSubmission = async (m: ScoreSubmittedMessage): Promise<void> => {
    if (!queue) return;
    await queue.publish(queueName, Buffer.from(JSON.stringify(m)), { kind: 'score_submission' });
  };
  const submit: SubmitDeps = submissionDeps(deps, w, publishSubmission);
  mountSubmissionRoute(router, submit, w.path);
  return async () => {
    if (owned && queue) await queue.close();
  };
}

/** The use-case's dependencies (tests mount extra copies with fault injection). */
export function submissionDeps(deps: BanchoDeps, w: Pick<SubmissionWiring, 'compute' | 'blobs'>, publishSubmission: SubmitDeps['publishSubmission'] = async () => {}): SubmitDeps {
  return {
    bancho: deps,
    blobs: w.blobs,
    pp: poolPp(w.compute, deps),
    publishSubmission,
    findBeatmap: beatmapFinder(deps),
  };
}
