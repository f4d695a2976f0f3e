/**
 * `hayate cheat recheck / level / clear` as child processes on an embedded SQLite DATA_DIR with a
 * stolen replay pair in the directory blob store.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite } from '../../adapters/storage/sqlite/open-sqlite.js';
import { migrate } from '../../adapters/storage/migrations/migrator.js';
import { SQLITE_FILE_NAME } from '../../adapters/storage/sqlite/open-sqlite.js';
import { DirectoryBlobStore } from '../../adapters/blobs/directory-blob-store.js';
import { replayKey } from '../../ports/blob-store.js';
import { NORMAL_USER } from '../../domain/privileges.js';
import { readOsr } from '../../../protocol/replay/index.js';
import { replayBytes } from '../../../protocol/replay/test/fixtures.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
let dir = '';
let thief = 0;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' };
    delete env['DATABASE_URL'];
    delete env['REDIS_URL'];
    delete env['AMQP_URL'];
    const child = spawn(process.execPath, [MAIN, 'cheat', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hayate-cheat-cli-'));
  const storage = openSqlite(join(dir, SQLITE_FILE_NAME));
  await migrate(storage.db, storage.dialect);
  const blobs = new DirectoryBlobStore(dir);
  const victim = await storage.users.create({ username: 'victim', email: 'v@x', passwordHash: 'x', privileges: NORMAL_USER });
  thief = await storage.users.create({ username: 'thief', email: 't@x', passwordHash: 'x', privileges: NORMAL_USER });
  const a = readOsr(replayBytes('cc-stolen_replay1.osr'));
  const b = readOsr(replayBytes('cc-stolen_replay2.osr'));
  const ins = async (userid: number, mods: number, time: number): Promise<number> =>
    Number((await storage.db.insertInto('scores').values({ beatmap_md5: 'f'.repeat(32), userid, mods, time, completed: 3, pp: 10 }).executeTakeFirst()).insertId);
  const v = await ins(victim, a.header.mods, Date.UTC(2025, 0, 1) / 1000);
  await blobs.put(replayKey(v), Buffer.from(a.frames));
  const t = await ins(thief, b.header.mods, Date.UTC(2025, 5, 1) / 1000);
  await blobs.put(replayKey(t), Buffer.from(b.frames));
  await storage.close();
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('recheck flags the stolen replay, level explains it, clear removes only older-version flags unless asked', async () => {
  const r = await run(['recheck', '--since', '2025-03-01']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rechecked 1 score\(s\) since 2025-03-01 with hayate-cheat-1: 1 flagged/);
  const l = await run(['level', 'thief']);
  assert.equal(l.code, 0, l.stderr);
  const info = JSON.parse(l.stdout) as { level: number; counts: { A: number }; flags: Array<{ reasons: string[] }> };
  assert.equal(info.level, 1);
  assert.equal(info.counts.A, 1);
  assert.deepEqual(info.flags[0]!.reasons, ['STEAL']);
  const c1 = await run(['clear', '--reason', 'STEAL']);
  assert.match(c1.stdout, /cleared 0 flag/); // written by the current version
  const c2 = await run(['clear', '--reason', 'steal', '--user', String(thief), '--all-versions']);
  assert.match(c2.stdout, /cleared 1 flag/);
  const l2 = JSON.parse((await run(['level', String(thief)])).stdout) as { level: number; flags: unknown[] };
  assert.equal(l2.level, 1, 'levels never fall automatically');
  assert.equal(l2.flags.length, 0);
  assert.equal((await run(['level', 'nobody'])).code, 1);
  assert.equal((await run(['bogus'])).code, 2);
});
