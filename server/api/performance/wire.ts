/**
 * Wiring of the performance-service API for server/main.ts: the recalc store (its tables are
 * ensured here), the rework key-value store (Redis when REDIS_URL is set), the rework queue
 * (RabbitMQ's real `rework_queue` when AMQP_URL is set, in-process otherwise) with its processor,
 * and the routes. Returns the function that undoes it all.
 */
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { HttpRouter } from '../../http/types.js';
import type { Storage } from '../../ports/storage.js';
import type { Leaderboards } from '../../ports/leaderboards.js';
import type { PasswordHasher } from '../../ports/passwords.js';
import type { ComputePool } from '../../../compute/pool.js';
import { MemoryQueueBroker } from '../../adapters/queue/memory/memory-queue-broker.js';
import { RecalcStore } from '../../recalc/store/recalc-store.js';
import { openReworkKv } from '../../recalc/reworks/rework-kv.js';
import { AmqpReworkTransport, BrokerReworkTransport, type ReworkQueueTransport } from '../../recalc/reworks/rework-queue.js';
import { startReworkProcessor, type ReworkDeps } from '../../recalc/reworks/rework-service.js';
import { mountPerformanceApi } from './routes.js';

export interface PerformanceWiring {
  config: Config;
  storage: Storage;
  leaderboards: Leaderboards;
  passwords: PasswordHasher;
  compute: ComputePool;
  log: Logger;
  keyPrefix?: string;
  /** Consume the rework queue in this process (default true). */
  processReworks?: boolean;
}

export async function mountPerformanceService(router: HttpRouter, w: PerformanceWiring): Promise<() => Promise<void>> {
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) await c().catch((err: unknown) => w.log.warn('performance API close failed', { err }));
  };
  try {
    const store = RecalcStore.fromStorage(w.storage);
    await store.ensureSchema();
    const kv = await openReworkKv(w.config, w.keyPrefix !== undefined ? { keyPrefix: w.keyPrefix } : {});
    closers.push(() => kv.close());
    let transport: ReworkQueueTransport;
    if (w.config.amqpUrl) {
      transport = await AmqpReworkTransport.connect(w.config.amqpUrl, { log: w.log });
    } else {
      const broker = new MemoryQueueBroker();
      closers.push(() => broker.close());
      transport = new BrokerReworkTransport(broker);
    }
    closers.push(() => transport.close());
    const rework: ReworkDeps = { storage: w.storage, store, pool: w.compute, kv, transport, log: w.log };
    if (w.processReworks !== false) {
      const processor = await startReworkProcessor(rework, { prefetch: 1 });
      closers.push(() => processor.stop());
    }
    mountPerformanceApi(router, { storage: w.storage, pool: w.compute, store, kv, leaderboards: w.leaderboards, passwords: w.passwords, rework });
    return close;
  } catch (err) {
    await close();
    throw err;
  }
}
