/**
 * `hayate user ban|restrict|silence|freeze|set-privileges …` as a child process, on SQLite and on
 * MariaDB with Redis: the database change, the rap_logs row (through `hayate CLI`, as the bot),
 * the Discord alert (loopback fake) and, with Redis, the `peppy:*` event every process applies.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../../config.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import { openStorage } from '../../adapters/storage/open-storage.js';
import type { Storage } from '../../ports/storage.js';
import { THROUGH } from '../../moderation/deps.js';
import { createMysqlTestDatabase, REDIS_URL, type TestDatabase } from '../../test/support/services.js';
import { migrateDatabase } from '../../test/support/migrate-test-database.js';
import { startFakeDiscord, type FakeDiscord } from '../../test/support/fake-discord.js';

const CLI = fileURLToPath(new URL('../main.js', import.meta.url));

function hayate(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, LOG_LEVEL: 'error', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

for (const backend of ['sqlite', 'mysql+redis'] as const) {
  describe(`hayate user moderation (${backend})`, () => {
    let dir: string;
    let db: TestDatabase | undefined;
    let env: Record<string, string>;
    let storage: Storage;
    let discord: FakeDiscord;
    let target: number;
    let staff: number;
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'hayate-cli-mod-'));
      discord = await startFakeDiscord();
      env = { DATA_DIR: dir, DISCORD_WEBHOOK_LOGS: discord.urls.logs };
      if (backend === 'mysql+redis') {
        db = await createMysqlTestDatabase('hayate_climod');
        env.DATABASE_URL = db.url;
        env.REDIS_URL = REDIS_URL;
        await migrateDatabase(loadConfig(env));
      }
      storage = await openStorage(loadConfig(env));
      target = await storage.users.create({ username: 'Cli Target', email: 'clit@example.test', passwordHash: 'x', privileges: NORMAL_USER });
      staff = await storage.users.create({ username: 'Cli Staff', email: 'clis@example.test', passwordHash: 'x', privileges: NORMAL_USER | Privileges.AdminManageBans });
    });
    after(async () => {
      await storage.close();
      await db?.drop();
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('ban: privileges, audit row as the bot through "hayate CLI", Discord alert', async () => {
      let received: string[] = [];
      let sub: Redis | undefined;
      if (backend === 'mysql+redis') {
        sub = new Redis(REDIS_URL);
        await sub.subscribe('peppy:ban');
        received = [];
        sub.on('message', (_channel: string, message: string) => received.push(message));
      }
      try {
        const r = await hayate(env, 'user', 'ban', 'cli_target', '--reason', 'chargeback fraud');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /banned Cli Target/);
        const u = (await storage.users.findById(target))!;
        assert.equal(u.privileges & (Privileges.CanLogin | Privileges.PubliclyVisible), 0);
        const [log] = await storage.moderation.auditLogs({ userId: 999, limit: 1 });
        assert.deepEqual({ text: log!.text, through: log!.through }, { text: `has banned Cli Target (${target}) for chargeback fraud`, through: THROUGH.cli });
        const alert = await discord.waitFor((e) => e.title === 'User Banned');
        assert.match(alert.text, /has banned \[Cli Target\]/);
        if (sub) {
          for (let i = 0; !received.includes(String(target)); i++) {
            assert.ok(i < 500, 'peppy:ban never arrived');
            await new Promise((res) => setTimeout(res, 10));
          }
        }
      } finally {
        await sub?.quit();
      }
      assert.equal((await hayate(env, 'user', 'unban', String(target), '--reason', 'paid back')).code, 0);
      assert.equal((await storage.users.findById(target))!.privileges & NORMAL_USER, NORMAL_USER);
    });

    test('restrict, silence --for, freeze, set-privileges; refusals and bad arguments', async () => {
      assert.equal((await hayate(env, 'user', 'restrict', 'Cli Target', '--reason', 'farm account')).code, 0);
      assert.equal((await storage.users.findById(target))!.privileges & Privileges.PubliclyVisible, 0);
      const s = await hayate(env, 'user', 'silence', 'Cli Target', '--for', '2h', '--reason', 'slurs');
      assert.equal(s.code, 0, s.stderr);
      const u = (await storage.users.findById(target))!;
      assert.ok(u.silenceEnd > Date.now() / 1000 + 7000 && u.silenceReason === 'slurs');
      assert.equal((await hayate(env, 'user', 'freeze', 'Cli Target', '--reason', 'liveplay please')).code, 0);
      assert.equal((await storage.users.findById(target))!.frozen, 1);
      assert.equal(await storage.moderation.freezeReason(target), 'liveplay please');
      const again = await hayate(env, 'user', 'freeze', 'Cli Target', '--reason', 'twice');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already frozen/);
      const sp = await hayate(env, 'user', 'set-privileges', 'Cli Staff', 'normal');
      assert.equal(sp.code, 0, sp.stderr);
      assert.equal((await storage.users.findById(staff))!.privileges, NORMAL_USER);
      assert.match((await storage.moderation.auditLogs({ limit: 1 }))[0]!.text, new RegExp(`has changed the privileges of Cli Staff \\(${staff}\\) from ${NORMAL_USER | Privileges.AdminManageBans} to ${NORMAL_USER}`));
      const missing = await hayate(env, 'user', 'ban', 'nobody at all', '--reason', 'x');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /No user named nobody at all/);
      for (const args of [['ban', 'Cli Target'], ['silence', 'Cli Target', '--reason', 'x'], ['silence', 'Cli Target', '--for', '9x', '--reason', 'x'], ['restrict']]) {
        const r = await hayate(env, 'user', ...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      }
    });
  });
}
