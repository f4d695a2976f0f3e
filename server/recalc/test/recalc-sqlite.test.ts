/**
 * Recalculation on the embedded backend (SQLite + in-process queue): a seeded database with wrong
 * pp and best flags ends up exactly as computing every score one by one says; dry run writes
 * nothing; a run aborted mid-phase-1 resumes without redoing finished units.
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
import type { Storage } from '../../ports/storage.js';
import { ComputePool } from '../../../compute/pool.js';
import { RecalcStore } from '../store/recalc-store.js';
import { RecalcAbortedError, RecalcStalledError, runRecalc, type RecalcParams } from '../recalc-runner.js';
import { assertRecalcResults, expectedResults, seedRecalcDatabase, snapshot, type Expected, type Seeded } from './recalc-scenario.js';

const ALL: RecalcParams = { playstyles: ['vanilla', 'relax', 'autopilot'], filter: {} };

describe('recalc on SQLite with the in-process queue', () => {
  let dir: string;
  let storage: Storage;
  let pool: ComputePool;
  let store: RecalcStore;
  const leaderboards = new MemoryLeaderboards();
  const events = new MemoryEventBus();
  const published: string[] = [];
  let seeded: Seeded;
  let expected: Expected;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-recalc-'));
    storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    pool = new ComputePool({ threads: 2, mapsDir: path.join(dir, 'osu'), profile: 'akatsuki', passwordThreads: 0 });
    store = RecalcStore.fromStorage(storage);
    seeded = await seedRecalcDatabase(storage, dir);
    expected = await expectedResults(storage, pool, seeded, 'akatsuki');
    await events.subscribe('peppy:update_cached_stats', (m) => void published.push(m));
  });

  after(async () => {
    await pool?.close();
    await storage?.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = () => ({ storage, store, pool, leaderboards, events, rules: 'akatsuki' as const });

  test('--dry-run reports the changes and writes nothing', async () => {
    const before = await snapshot(storage, seeded);
    const report = await runRecalc(deps(), ALL, { broker: new MemoryQueueBroker(), dryRun: true });
    assert.equal(report.dryRun, true);
    assert.ok(report.phase1.scores > 50);
    assert.ok(report.phase1.changed > 50, `changed ${report.phase1.changed}`);
    assert.ok(report.phase2.usersChanged > 0);
    assert.ok(report.phase2.bestRemarked > 0);
    assert.equal(await snapshot(storage, seeded), before);
    assert.equal(await leaderboards.size({ playstyle: 'vanilla', mode: 0 }), 0);
    assert.deepEqual(published, []);
  });

  test('a run aborted in phase 1 resumes without redoing finished units, and ends correct', async () => {
    const abort = new AbortController();
    await assert.rejects(
      runRecalc(deps(), ALL, {
        broker: new MemoryQueueBroker(),
        consumers: { min: 1, max: 1 },
        prefetch: 1,
        pollMs: 5,
        onProgress: (p) => {
          if (p.phase === 1 && p.done >= 2) abort.abort();
        },
        signal: abort.signal,
      }),
      RecalcAbortedError,
    );
    const job = await store.lastUnfinishedJob();
    assert.ok(job, 'the job row survives the crash');
    assert.equal(job.phase, 1);
    const doneBefore = await store.countDone(job.jobId, 1);
    assert.ok(doneBefore >= 2 && doneBefore < job.units1, `done ${doneBefore} of ${job.units1}`);

    const report = await runRecalc(deps(), ALL, { broker: new MemoryQueueBroker(), resume: true });
    assert.equal(report.jobId, job.jobId);
    assert.equal(report.resumed, true);
    assert.equal(report.phase1.skipped, doneBefore, 'finished units are not redone');
    assert.deepEqual(report.failedUnits, []);
    assert.equal((await store.getJob(job.jobId))?.state, 'done');
    await assertRecalcResults(storage, leaderboards, seeded, expected);
    assert.ok(published.length >= seeded.users.length, 'peppy:update_cached_stats published');
  });

  test('a second full run finds nothing to change', async () => {
    const before = await snapshot(storage, seeded);
    const report = await runRecalc(deps(), ALL, { broker: new MemoryQueueBroker() });
    assert.equal(report.phase1.changed, 0);
    assert.equal(report.phase2.bestRemarked, 0);
    assert.equal(report.phase2.usersChanged, 0);
    assert.equal(await snapshot(storage, seeded), before);
  });

  test('a --user filter recomputes only that user', async () => {
    const u = seeded.users[0]!;
    const report = await runRecalc(deps(), { playstyles: ['vanilla'], filter: { userId: u.id, mode: 0 } }, { broker: new MemoryQueueBroker() });
    assert.equal(report.phase2.units, 1);
    assert.equal(report.phase1.units, 1);
    assert.ok(report.phase1.scores > 0 && report.phase1.scores <= 3);
  });

  test('--scores-only then --totals-only ends where a full run does', async () => {
    const u = seeded.users[1]!;
    const mine = await storage.scores.page({ playstyle: 'vanilla', userId: u.id, mode: 0, minCompleted: 2 }, 1000);
    await storage.scores.setPp('vanilla', mine.map((s) => ({ id: s.id, pp: 5 })));
    await storage.stats.setPpAndAccuracy(u.id, 0, 1, 50);
    const scores = await runRecalc(deps(), { ...ALL, phases: 'scores' }, { broker: new MemoryQueueBroker() });
    assert.equal(scores.phase2.units, 0);
    assert.equal(scores.phase1.changed, mine.length);
    assert.equal((await storage.stats.get(u.id, 0))?.pp, 1, 'totals untouched by --scores-only');
    const totals = await runRecalc(deps(), { ...ALL, phases: 'totals' }, { broker: new MemoryQueueBroker() });
    assert.equal(totals.phase1.units, 0);
    assert.ok(totals.phase2.usersChanged >= 1);
    await assertRecalcResults(storage, leaderboards, seeded, expected);
  });

  test('--resume without an unfinished job is a clear error', async () => {
    await assert.rejects(runRecalc(deps(), ALL, { broker: new MemoryQueueBroker(), resume: true }), /no unfinished job/);
  });

  test('PP_PROFILE=official totals: all deduped scores weighted, N before dedupe, not rounded', async () => {
    const official = await expectedResults(storage, pool, seeded, 'official');
    const report = await runRecalc({ ...deps(), rules: 'official' }, { ...ALL, phases: 'totals' }, { broker: new MemoryQueueBroker() });
    assert.ok(report.phase2.usersChanged > 0, 'the official rules give other totals');
    await assertRecalcResults(storage, leaderboards, seeded, official);
    await runRecalc(deps(), { ...ALL, phases: 'totals' }, { broker: new MemoryQueueBroker() });
    await assertRecalcResults(storage, leaderboards, seeded, expected);
  });

  test('a run that stops progressing fails with RecalcStalledError and can be resumed', async () => {
    const failing = new Proxy(pool, {
      get(target, prop, receiver) {
        if (prop === 'calculateBatch') return async () => Promise.reject(new Error('database of another kind is down'));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const broker = new MemoryQueueBroker();
    await assert.rejects(
      runRecalc({ ...deps(), pool: failing }, { playstyles: ['vanilla'], filter: { userId: seeded.users[2]!.id } }, { broker, retryDelaysMs: [60_000], pollMs: 10, stallTimeoutMs: 300 }),
      (err: unknown) => err instanceof RecalcStalledError && err.phase === 1 && err.done === 0,
    );
    await broker.close();
    const report = await runRecalc(deps(), ALL, { broker: new MemoryQueueBroker(), resume: true });
    assert.equal(report.resumed, true);
    assert.deepEqual(report.failedUnits, []);
    await assertRecalcResults(storage, leaderboards, seeded, expected);
  });
});
