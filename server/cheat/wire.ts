/**
 * Starts the cheat checks in a running server: the score_submission consumer (only with AMQP_URL:
 * without a broker the submission publishes nothing), the flag tables, the analysis in the compute
 * pool, replays from the blob store, maps from the beatmap store, restriction through the web
 * gate's use-case, moderator reports as staff alerts (DISCORD_WEBHOOK_REPORTS).
 */
import type { ComputePool } from '../../compute/pool.js';
import type { BanchoDeps } from '../bancho/context.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { QueueBroker } from '../ports/queue.js';
import type { KyselyStorage } from '../adapters/storage/kysely-storage.js';
import { createKyselyCheatStore } from '../adapters/cheat/kysely-cheat-store.js';
import { restrictForGate } from '../moderation/restrict-automatic.js';
import { startCheatConsumer } from './consumer.js';
import type { CheckDeps } from './check-score.js';

export interface CheatWiring {
  deps: BanchoDeps;
  compute: ComputePool;
  blobs: BlobStore;
  /** A broker to use (tests); otherwise one is opened when AMQP_URL is set. */
  queue?: QueueBroker;
  prefix?: string;
}

/** Returns the closer, or a no-op when the checks are off or there is no broker. */
export async function startCheatChecks(w: CheatWiring): Promise<() => Promise<void>> {
  const { config, log, storage, clock } = w.deps;
  if (!config.cheatChecks || (!w.queue && !config.amqpUrl)) return async () => undefined;
  if (!('db' in storage)) {
    log.warn('cheat checks off: the storage backend exposes no SQL database');
    return async () => undefined;
  }
  const cheat = createKyselyCheatStore((storage as KyselyStorage).db);
  await cheat.ensureSchema();
  let queue = w.queue;
  const owned = !queue;
  if (!queue) {
    const { openQueue } = await import('../adapters/queue/open-queue.js');
    queue = await openQueue(config, { log });
  }
  const checkDeps: CheckDeps = {
    cheat, clock,
    analyze: (req) => w.compute.analyzeReplay(req),
    getReplay: (key) => w.blobs.get(key),
    getBeatmap: (md5) => w.deps.beatmaps.osuFile(md5),
    findUser: (id) => storage.users.findById(id),
    playcount: async (id) => (await storage.stats.getAllModes(id)).reduce((n, r) => n + r.playcount, 0),
    restrict: (user, reason) => restrictForGate(w.deps, user, reason),
    // Moderator reports are staff alerts: queued, rate-limited, retried, through the egress limiter.
    report: async (text) => {
      w.deps.alerts.send({ channel: 'reports', title: 'Cheat checks', text: text.slice(0, 1900), colour: 'red' });
    },
  };
  const consumer = await startCheatConsumer(queue, checkDeps, log, { prefix: w.prefix ?? '' });
  return async () => {
    await consumer.stop();
    if (owned) await queue.close();
  };
}
