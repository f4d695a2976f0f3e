/**
 * Recalculation on the production backends: a fresh MariaDB database, RabbitMQ with unique queue
 * names, Redis leaderboards with a unique key prefix. The seeded database ends up exactly as
 * computing every score one by one says, also when the consumer's RabbitMQ connection is killed
 * while a batch is in the pool (its unacknowledged messages come back and nothing is lost or
 * counted twice).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { AmqpQueueBroker } from '../../adapters/queue/amqp/amqp-queue-broker.js';
import { RedisLeaderboards } from '../../adapters/leaderboards/redis/redis-leaderboards.js';
import { MemoryEventBus } from '../../adapters/events/memory/memory-events.js';
import { closeRabbitConnection } from '../../adapters/queue/test/support/rabbitmq-connections.js';
import { AMQP_URL, REDIS_URL, createMysqlTestDatabase, uniqueName, type TestDatabase } from '../../test/support/services.js';
import type { Storage } from '../../ports/storage.js';
import type { PpBatchRequest } from '../../../compute/pool.js';
import { ComputePool } from '../../../compute/pool.js';
import { RecalcStore } from '../store/recalc-store.js';
import { runRecalc, startRecalcWorkers, type RecalcParams } from '../recalc-runner.js';
import { MemoryQueueBroker } from '../../adapters/queue/memory/memory-queue-broker.js';
import { MemoryReworkKv } from '../reworks/rework-kv.js';
import { BrokerReworkTransport } from '../reworks/rework-queue.js';
import { processReworkUser, queueReworkUser } from '../reworks/rework-service.js';
import { assertRecalcResults, expectedResults, seedRecalcDatabase, snapshot, type Expected, type Seeded } from './recalc-scenario.js';

const ALL: RecalcParams = { playstyles: ['vanilla', 'relax', 'autopilot'], filter: {} };

describe('recalc on MariaDB with RabbitMQ and Redis', () => {
  let dir: string;
  let db: TestDatabase;
  let storage: Storage;
  let pool: ComputePool;
  let store: RecalcStore;
  let leaderboards: RedisLeaderboards;
  const events = new MemoryEventBus();
  const prefix = uniqueName('recalc') + ':';
  const queues = { scores: uniqueName('hayate.recalc.scores'), users: uniqueName('hayate.recalc.users') };
  const connectionName = uniqueName('hayate_recalc_consumer');
  let broker: AmqpQueueBroker;
  let seeded: Seeded;
  let expected: Expected;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-recalc-my-'));
    db = await createMysqlTestDatabase();
    storage = await openStorage({ dataDir: dir, databaseUrl: db.url }, { migrate: true });
    pool = new ComputePool({ threads: 2, mapsDir: path.join(dir, 'osu'), profile: 'akatsuki', passwordThreads: 0 });
    store = RecalcStore.fromStorage(storage);
    leaderboards = new RedisLeaderboards({ url: REDIS_URL, keyPrefix: prefix });
    await leaderboards.ready();
    broker = await AmqpQueueBroker.connect(AMQP_URL, { connectionName });
    seeded = await seedRecalcDatabase(storage, dir);
    expected = await expectedResults(storage, pool, seeded, 'akatsuki');
  });

  after(async () => {
    if (broker) {
      await broker.delete(queues.scores).catch(() => {});
      await broker.delete(queues.users).catch(() => {});
      await broker.close();
    }
    if (leaderboards) {
      const keys = await leaderboards.redis.keys(`${prefix}*`);
      if (keys.length > 0) await leaderboards.redis.del(...keys);
      await leaderboards.close();
    }
    await pool?.close();
    await storage?.close();
    await db?.drop();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('--dry-run writes nothing', async () => {
    const before = await snapshot(storage, seeded);
    const report = await runRecalc({ storage, store, pool, leaderboards, events, rules: 'akatsuki' }, ALL, { broker, queues, dryRun: true });
    assert.ok(report.phase1.changed > 50);
    assert.equal(await snapshot(storage, seeded), before);
  });

  test('a consumer connection killed mid-batch loses and duplicates nothing', async () => {
    let killed = 0;
    let batches = 0;
    // The pool as the consumers see it: the second batch waits until the broker has closed the
    // consumer's connection, so its message can no longer be acknowledged and comes back.
    const faulty = new Proxy(pool, {
      get(target, prop, receiver) {
        if (prop === 'calculateBatch') {
          return async (req: PpBatchRequest) => {
            batches++;
            if (batches === 2) killed = await closeRabbitConnection(connectionName);
            return target.calculateBatch(req);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const report = await runRecalc({ storage, store, pool: faulty, leaderboards, events, rules: 'akatsuki' }, ALL, {
      broker,
      queues,
      consumers: { min: 2, max: 2 },
      prefetch: 2,
      retryDelaysMs: [200, 500, 1000],
    });
    assert.ok(killed >= 1, 'the consumer connection was closed by the broker');
    assert.deepEqual(report.failedUnits, []);
    assert.equal(report.phase1.units, (await store.countDone(report.jobId, 1)));
    await assertRecalcResults(storage, leaderboards, seeded, expected);
    assert.equal(await broker.depth(queues.scores), 0);
    assert.equal(await broker.depth(queues.users), 0);
    assert.deepEqual(await broker.takeDeadLetters(queues.scores, 10), []);
  });

  test('two processes share the queues: a worker helps, every score is computed exactly once', async () => {
    const all = (await Promise.all((['vanilla', 'relax', 'autopilot'] as const).map((p) => storage.scores.page({ playstyle: p, minCompleted: 2 }, 100_000)))).flat();
    for (const p of ['vanilla', 'relax', 'autopilot'] as const) {
      const mine = await storage.scores.page({ playstyle: p, minCompleted: 2 }, 100_000);
      await store.setPpBulk(p, mine.map((x) => ({ id: x.id, pp: 1 })));
    }
    // The "other process": its own RabbitMQ connection and compute pool.
    const otherBroker = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_recalc_worker') });
    const otherPool = new ComputePool({ threads: 1, mapsDir: path.join(dir, 'osu'), profile: 'akatsuki', passwordThreads: 0 });
    // Queues of its own: a consumer of the previous test (whose connection was killed and
    // re-established under load) must not take this job's units and count them elsewhere.
    const own = { scores: uniqueName('hayate.recalc.scores2'), users: uniqueName('hayate.recalc.users2') };
    const workers = await startRecalcWorkers({ storage, store, pool: otherPool, leaderboards, events, rules: 'akatsuki' }, { broker: otherBroker, queues: own, consumers: { min: 2, max: 2 }, prefetch: 1 });
    try {
      const report = await runRecalc({ storage, store, pool, leaderboards, events, rules: 'akatsuki' }, ALL, { broker, queues: own, consumers: { min: 1, max: 1 }, prefetch: 1 });
      assert.ok(workers.counters.scores > 0, 'the worker process computed some maps');
      assert.ok(report.phase1.scores > 0, 'so did the process that started the job');
      assert.equal(report.phase1.scores + workers.counters.scores, all.length, 'each score computed once');
    } finally {
      await workers.stop();
      await broker.delete(own.scores).catch(() => {});
      await broker.delete(own.users).catch(() => {});
      await otherBroker.close();
      await otherPool.close();
    }
    await assertRecalcResults(storage, leaderboards, seeded, expected);
  });

  test('rework tables on MariaDB: queue, process, leaderboard, scores, search', async () => {
    const memBroker = new MemoryQueueBroker();
    const kv = new MemoryReworkKv();
    const deps = { storage, store, pool, kv, transport: new BrokerReworkTransport(memBroker, 'rq') };
    try {
      const reworkId = await store.createRework({ name: 'mysql rework', mode: 0, rx: 1, calculator: '' });
      const listed = (await store.listReworks()).find((r) => r.reworkId === reworkId)!;
      assert.equal(listed.calculator, '');
      assert.ok(Math.abs(listed.updatedAt - Date.now() / 1000) < 120, `updated_at ${listed.updatedAt}`);
      const u = seeded.users[0]!;
      assert.equal((await queueReworkUser(deps, u.id, reworkId)).message, 'Added to queue');
      assert.equal((await queueReworkUser(deps, u.id, reworkId)).message, 'Already in queue');
      const r = await processReworkUser(deps, u.id, reworkId);
      // '' = the profile's calculator, i.e. the live one: new pp equal the live pp, totals too.
      assert.equal(r.newPp, (await storage.stats.get(u.id, 4))!.pp);
      assert.equal(await store.isQueued(u.id, reworkId), false);
      const board = await store.reworkLeaderboard(reworkId, 0, 10);
      assert.equal(board.total, 1);
      assert.deepEqual([board.users[0]!.userId, board.users[0]!.newRank, board.users[0]!.oldRank], [u.id, 1, 1]);
      const scores = await store.reworkScoresOfUser(reworkId, u.id);
      assert.ok(scores.length > 0);
      for (const s of scores) assert.ok(Math.abs(s.newPp - s.oldPp) <= 1e-3 * Math.max(1, s.oldPp), `score ${s.scoreId}: ${s.oldPp} → ${s.newPp}`);
      assert.ok(scores.every((s) => s.songName !== ''));
      assert.deepEqual(await store.searchReworkUsers(reworkId, 'PLAYER 0'), [{ userId: u.id, userName: 'recalc player 0' }]);
      assert.deepEqual((await store.reworksOfUser(u.id)).map((x) => x.reworkId), [reworkId]);
    } finally {
      await memBroker.close();
    }
  });

  test('a second run is a no-op (idempotent writes)', async () => {
    const before = await snapshot(storage, seeded);
    const report = await runRecalc({ storage, store, pool, leaderboards, events, rules: 'akatsuki' }, ALL, { broker, queues });
    assert.equal(report.phase1.changed, 0);
    assert.equal(report.phase2.usersChanged, 0);
    assert.equal(await snapshot(storage, seeded), before);
  });
});
