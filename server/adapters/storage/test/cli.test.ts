/**
 * The built CLI as a child process: `hayate migrate [--dry-run]` and `hayate user add|list|
 * set-privileges` against a temp SQLite DATA_DIR and a fresh MariaDB database. Checks the stored
 * row and that the password hash is bcrypt of the md5 hex.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcrypt';
import { openStorage } from '../open-storage.js';
import { createMysqlTestDatabase } from '../../../test/support/services.js';
import type { TestDatabase } from '../../../test/support/services.js';

const CLI = fileURLToPath(new URL('../../../cli/main.js', import.meta.url));
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function hayate(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface Target {
  name: string;
  setup(): Promise<{ env: Record<string, string>; config: { databaseUrl: string | undefined; dataDir: string }; cleanup(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'sqlite',
    async setup() {
      const dir = mkdtempSync(path.join(tmpdir(), 'hayate-cli-'));
      return { env: { DATA_DIR: dir }, config: { databaseUrl: undefined, dataDir: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'mysql',
    async setup() {
      const tdb: TestDatabase = await createMysqlTestDatabase('hayate_cli');
      const dir = mkdtempSync(path.join(tmpdir(), 'hayate-cli-'));
      return {
        env: { DATABASE_URL: tdb.url, DATA_DIR: dir },
        config: { databaseUrl: tdb.url, dataDir: dir },
        cleanup: async () => {
          await tdb.drop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const t of targets) {
  describe(`hayate CLI on ${t.name}`, () => {
    let ctx: Awaited<ReturnType<Target['setup']>>;
    before(async () => {
      ctx = await t.setup();
    });
    after(async () => {
      await ctx.cleanup();
    });

    test('migrate --dry-run lists the work and creates nothing', async () => {
      const r = await hayate(ctx.env, 'migrate', '--dry-run');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Would apply migration 1/);
      assert.match(r.stdout, /create table scores_ap \(ids from 6148914691236517204\)/);
      if (t.name === 'sqlite') assert.equal(existsSync(path.join(ctx.config.dataDir, 'hayate.db')), false);
    });

    test('migrate applies, then reports nothing to do', async () => {
      const r = await hayate(ctx.env, 'migrate');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Applied migration 1/);
      const again = await hayate(ctx.env, 'migrate');
      assert.equal(again.code, 0);
      assert.match(again.stdout, /Nothing to do/);
    });

    test('user add stores the row with bcrypt(md5(password))', async () => {
      const r = await hayate(ctx.env, 'user', 'add', 'Cli Person', '--password', 'a fine passphrase', '--email', 'Cli@Example.com', '--privileges', 'normal', '--country', 'jp');
      assert.equal(r.code, 0, r.stderr);
      const id = Number(/created user (\d+)/.exec(r.stdout)?.[1]);
      const storage = await openStorage(ctx.config);
      try {
        const u = await storage.users.findById(id);
        assert.ok(u);
        assert.equal(u.username, 'Cli Person');
        assert.equal(u.usernameSafe, 'cli_person');
        assert.equal(u.email, 'cli@example.com');
        assert.equal(u.privileges, 3);
        assert.equal(u.country, 'JP');
        assert.match(u.passwordHash, /^\$2[aby]\$/);
        assert.equal(await bcrypt.compare(md5('a fine passphrase'), u.passwordHash), true);
        assert.equal(await bcrypt.compare(md5('another passphrase'), u.passwordHash), false);
        assert.equal((await storage.stats.getAllModes(id)).length, 8);
      } finally {
        await storage.close();
      }
    });

    test('user add refuses a taken name and a weak password (exit 1, field messages)', async () => {
      const r = await hayate(ctx.env, 'user', 'add', 'cli_person', '--password', 'short');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /username: This username is already taken/);
      assert.match(r.stderr, /password: Password must be at least 8/);
    });

    test('user list and set-privileges', async () => {
      const set = await hayate(ctx.env, 'user', 'set-privileges', 'Cli Person', '7');
      assert.equal(set.code, 0, set.stderr);
      const list = await hayate(ctx.env, 'user', 'list');
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /Cli Person\s+7\s+JP/);
      const missing = await hayate(ctx.env, 'user', 'set-privileges', 'nobody here', 'normal');
      assert.equal(missing.code, 1);
    });

  });
}

test('an unreachable MySQL gives a clear error, not a hang', async () => {
  const r = await hayate({ DATABASE_URL: 'mysql://root@127.0.0.1:1/nope' }, 'migrate');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /hayate migrate: storage: ping failed/);
});

test('bad arguments exit 2 with the usage', async () => {
  const cases = [['user', 'add', 'X'], ['user', 'add', 'Name', '--password'], ['user', 'add', 'N', '--password', 'p', '--privileges', 'wizard'], ['migrate', '--force'], ['user']];
  const dir = mkdtempSync(path.join(tmpdir(), 'hayate-cli-'));
  try {
    const runs = await Promise.all(cases.map((args) => hayate({ DATA_DIR: dir }, ...args)));
    runs.forEach((r, i) => {
      assert.equal(r.code, 2, `${cases[i]!.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Usage/);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
