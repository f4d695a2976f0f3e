/**
 * `hayate recalc` as a child process on an embedded (SQLite) data directory: option errors,
 * `--dry-run --json` writes nothing, a real run leaves every score and total correct.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { ComputePool } from '../../../compute/pool.js';
import { RecalcStore } from '../store/recalc-store.js';
import type { RecalcReport } from '../recalc-runner.js';
import { assertRecalcResults, expectedResults, seedRecalcDatabase, snapshot, type Expected, type Seeded } from './recalc-scenario.js';

const MAIN = fileURLToPath(new URL('../../../server/cli/main.js', import.meta.url));

function hayate(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATA_DIR: dataDir, COMPUTE_THREADS: '1', LOG_LEVEL: 'warn' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'recalc', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('hayate recalc (CLI, SQLite)', () => {
  let dir: string;
  let seeded: Seeded;
  let expected: Expected;
  let before0: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-recalc-cli-'));
    const storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    const pool = new ComputePool({ threads: 1, mapsDir: path.join(dir, 'osu'), passwordThreads: 0 });
    try {
      seeded = await seedRecalcDatabase(storage, dir, { scoresPerUserMap: 2 });
      expected = await expectedResults(storage, pool, seeded, 'akatsuki');
      before0 = await snapshot(storage, seeded);
    } finally {
      await pool.close();
      await storage.close();
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('bad options exit 2 with a message', async () => {
    const r = await hayate(dir, ['--mode', '7']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--mode must be between 0 and 3/);
    const c = await hayate(dir, ['--consumers', '3..1']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /MIN\.\.MAX/);
  });

  test('--dry-run --json reports changes and writes nothing', async () => {
    const r = await hayate(dir, ['--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RecalcReport;
    assert.equal(report.dryRun, true);
    assert.ok(report.phase1.changed > 0);
    const storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    try {
      assert.equal(await snapshot(storage, seeded), before0);
    } finally {
      await storage.close();
    }
  });

  test('a real run writes the expected pp and totals, with periodic progress lines off a TTY', async () => {
    const r = await hayate(dir, []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /phase 1: \d+ maps/);
    assert.match(r.stderr, /recalc phase 2: \d+\/\d+ units/);
    const storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    try {
      await assertRecalcResults(storage, undefined, seeded, expected);
    } finally {
      await storage.close();
    }
  });

  test('--rework ID queues every unrestricted user with pp and processes the queue', async () => {
    let reworkId: number;
    let storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    try {
      const store = RecalcStore.fromStorage(storage);
      await store.ensureSchema();
      reworkId = await store.createRework({ name: 'cli rework', mode: 0, rx: 1, calculator: 'rosu-3.1' });
    } finally {
      await storage.close();
    }
    const r = await hayate(dir, ['--rework', String(reworkId)]);
    assert.equal(r.code, 0, r.stderr);
    const unrestricted = seeded.users.filter((u) => !u.restricted).length;
    assert.match(r.stdout, new RegExp(`queued ${unrestricted} users for rework ${reworkId}`));
    assert.match(r.stdout, /queue processed/);
    storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
    try {
      const board = await RecalcStore.fromStorage(storage).reworkLeaderboard(reworkId, 0, 50);
      assert.equal(board.total, unrestricted);
      assert.ok(board.users.every((u) => u.newPp > 0 && u.oldPp > 0));
    } finally {
      await storage.close();
    }
    const unknown = await hayate(dir, ['--rework', '999']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no rework 999/);
  });
});
