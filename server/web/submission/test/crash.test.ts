/**
 * The server is killed between the durable write and the response: after a restart the play is
 * there exactly once, its stats counted once, and the client's retry of the same play gets
 * `error: no` (duplicate checksum) instead of a second row. SQLite and MariaDB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../config.js';
import { openStorage } from '../../../adapters/storage/open-storage.js';
import { createMysqlTestDatabase } from '../../../test/support/services.js';
import { migrateDatabase } from '../../../test/support/migrate-test-database.js';
import { buildSubmission, CRASH_MAP_MD5, CRASH_PASSWORD, CRASH_USER, hardwareOf, postSubmission } from './submission-client.js';
import { SUBMISSION_PATH } from '../route.js';

const CHILD = fileURLToPath(new URL('./crash-child.js', import.meta.url));

async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before listening`)));
  });
  return { child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

const exited = (child: ChildProcess): Promise<NodeJS.Signals | number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.signalCode ?? child.exitCode)
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

for (const backend of ['sqlite', 'mysql'] as const) {
  test(`killed after the durable write (${backend}): the play is there exactly once after restart`, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-crash-'));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    const db = backend === 'mysql' ? await createMysqlTestDatabase('hayate_crash') : undefined;
    try {
      if (db) {
        env.DATABASE_URL = db.url;
        await migrateDatabase(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url }));
      }
      const submission = await buildSubmission({
        data: {
          beatmapMd5: CRASH_MAP_MD5, username: CRASH_USER, count300: 390, count100: 10, count50: 0, countGeki: 0, countKatu: 0, countMiss: 0,
          score: 1_234_567, maxCombo: 480, perfect: false, clientGrade: 'A', mods: 0, passed: true, mode: 0, clientTime: '240101120000', osuVersion: '20240101', clientFlags: 0,
        },
        password: CRASH_PASSWORD,
        hardware: hardwareOf(CRASH_USER),
      });

      const first = await startChild({ ...env, CRASH_SETUP: '1' });
      await assert.rejects(
        fetch(`${first.url}/crash${SUBMISSION_PATH}`, { method: 'POST', headers: { 'content-type': submission.contentType, ...submission.headers }, body: new Uint8Array(submission.body) }),
        'the connection dies with the process',
      );
      assert.equal(await exited(first.child), 'SIGKILL');

      const second = await startChild(env);
      try {
        // The client retries the same play: refused as a duplicate, nothing added.
        assert.equal((await postSubmission(second.url, submission)).body, 'error: no');
      } finally {
        second.child.kill('SIGTERM');
        await exited(second.child);
      }

      const storage = await openStorage(loadConfig(env));
      try {
        const user = await storage.users.findBySafeName(CRASH_USER);
        const rows = await storage.scores.page({ playstyle: 'vanilla', userId: user!.id }, 10);
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.checksum, submission.checksum);
        assert.equal(rows[0]!.completed, 3);
        const stats = await storage.stats.get(user!.id, 0);
        assert.equal(stats!.playcount, 1, 'stats were written in the same transaction as the score');
        assert.equal(stats!.totalScore, 1_234_567n);
        assert.equal((await storage.beatmaps.findByMd5(CRASH_MAP_MD5))!.playcount, 1);
      } finally {
        await storage.close();
      }
    } finally {
      await db?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}
