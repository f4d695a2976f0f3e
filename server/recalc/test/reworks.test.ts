/**
 * Reworks on the embedded backend: queueing with the "already in queue" check done right (a
 * waiting row blocks, a processed one does not), the processor's numbers against the calculator
 * score by score, the queue consumer, mass queueing, and the 8-byte rework_queue body.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { MemoryQueueBroker } from '../../adapters/queue/memory/memory-queue-broker.js';
import { MemoryLeaderboards } from '../../adapters/leaderboards/memory/memory-leaderboards.js';
import { MemoryEventBus } from '../../adapters/events/memory/memory-events.js';
import { PoisonMessageError } from '../../ports/queue.js';
import type { Storage } from '../../ports/storage.js';
import { ComputePool } from '../../../compute/pool.js';
import { RecalcStore } from '../store/recalc-store.js';
import { runRecalc } from '../recalc-runner.js';
import { decodeReworkRequest, encodeReworkRequest } from '../messages.js';
import { scoreInput } from '../phases.js';
import { akatsukiBonus } from '../totals.js';
import { MemoryReworkKv } from '../reworks/rework-kv.js';
import { BrokerReworkTransport } from '../reworks/rework-queue.js';
import { massQueueRework, processReworkUser, queueReworkUser, startReworkProcessor, type ReworkDeps } from '../reworks/rework-service.js';
import { seedRecalcDatabase, type Seeded } from './recalc-scenario.js';

describe('rework_queue message body', () => {
  test('8 bytes: int32 LE user id, int32 LE rework id', () => {
    const b = encodeReworkRequest({ userId: 1001, reworkId: 29 });
    assert.equal(b.toString('hex'), 'e90300001d000000');
    assert.deepEqual(decodeReworkRequest(b), { userId: 1001, reworkId: 29 });
  });
  test('any other length or non-positive ids are poison', () => {
    assert.throws(() => decodeReworkRequest(Buffer.alloc(7)), PoisonMessageError);
    assert.throws(() => decodeReworkRequest(Buffer.alloc(9)), PoisonMessageError);
    assert.throws(() => decodeReworkRequest(Buffer.alloc(8)), PoisonMessageError);
  });
});

describe('reworks (SQLite, in-process queue)', () => {
  let dir: string;
  let storage: Storage;
  let pool: ComputePool;
  let store: RecalcStore;
  let seeded: Seeded;
  let deps: ReworkDeps;
  let reworkId: number;
  const broker = new MemoryQueueBroker();
  const kv = new MemoryReworkKv();

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-reworks-'));
    storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    pool = new ComputePool({ threads: 2, mapsDir: path.join(dir, 'osu'), passwordThreads: 0 });
    store = RecalcStore.fromStorage(storage);
    seeded = await seedRecalcDatabase(storage, dir);
    // Live totals first, so old_pp and the users with pp exist.
    await runRecalc({ storage, store, pool, leaderboards: new MemoryLeaderboards(), events: new MemoryEventBus(), rules: 'akatsuki' }, { playstyles: ['relax'], filter: {} }, { broker });
    deps = { storage, store, pool, kv, transport: new BrokerReworkTransport(broker, 'rework_queue_test') };
    reworkId = await store.createRework({ name: 'relax on rosu 3.1', mode: 0, rx: 1, calculator: 'rosu-3.1' });
  });

  after(async () => {
    await pool?.close();
    await storage?.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a waiting user is "Already in queue"; restricted and unknown users are refused', async () => {
    const u = seeded.users[0]!;
    assert.deepEqual(await queueReworkUser(deps, u.id, reworkId), { success: true, message: 'Added to queue' });
    assert.deepEqual(await queueReworkUser(deps, u.id, reworkId), { success: false, message: 'Already in queue' });
    const restricted = seeded.users.find((x) => x.restricted)!;
    assert.equal((await queueReworkUser(deps, restricted.id, reworkId)).success, false);
    assert.equal((await queueReworkUser(deps, u.id, 9999)).message, 'Unknown rework');
  });

  test('processing matches the calculator score by score; a processed user can be queued again', async () => {
    const u = seeded.users[0]!;
    const result = await processReworkUser(deps, u.id, reworkId);
    const best = await storage.scores.bestOfUser('relax', u.id, 0, { rankedOnly: true, limit: 1000 });
    const news: number[] = [];
    for (const s of best.slice(0, 100)) news.push((await pool.calculate({ map: { md5: s.beatmapMd5 }, score: scoreInput(s), calculator: 'rosu-3.1' })).pp);
    news.sort((a, b) => b - a);
    const total = Math.round(news.reduce((sum, pp, i) => sum + pp * 0.95 ** i, 0) + akatsukiBonus(best.length));
    assert.equal(result.newPp, total);
    assert.equal(result.oldPp, (await storage.stats.get(u.id, 4))!.pp);
    const stats = await store.reworkStats(reworkId, u.id);
    assert.equal(stats?.newPp, total);
    assert.equal(await kv.boardRank(reworkId, u.id), 1);
    const rows = await store.reworkScoresOfUser(reworkId, u.id);
    assert.equal(rows.length, best.length);
    assert.ok(rows.every((r) => r.oldPp !== r.newPp));
    // processed_at is set: not "in queue" any more, so the user may be queued again.
    assert.equal(await store.isQueued(u.id, reworkId), false);
    assert.deepEqual(await queueReworkUser(deps, u.id, reworkId), { success: true, message: 'Added to queue' });
  });

  test('the queue consumer processes queued users; mass queueing queues every unrestricted user with pp', async () => {
    const processor = await startReworkProcessor(deps);
    try {
      const queued = await massQueueRework(deps, reworkId);
      const expected = seeded.users.filter((x) => !x.restricted).length;
      assert.equal(queued, expected);
      for (let i = 0; i < 400; i++) {
        const b = await store.reworkLeaderboard(reworkId, 0, 50);
        if (b.total === expected) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const board = await store.reworkLeaderboard(reworkId, 0, 50);
      assert.equal(board.total, expected);
      assert.deepEqual(board.users.map((x) => x.newRank), [...board.users.map((x) => x.newRank)].sort((a, b) => a - b));
      assert.equal(board.users[0]!.newRank, 1);
      for (const x of board.users) assert.equal(await kv.boardRank(reworkId, x.userId) > 0, true);
    } finally {
      await processor.stop();
    }
  });
});
