/**
 * Migrations on both backends: a fresh database, a second run (no-op), a dry run (changes
 * nothing), and an existing Akatsuki-shaped database with rows and missing columns (rows
 * untouched, only the gaps filled, existing id sequences kept).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { KyselyStorage } from '../kysely-storage.js';
import { AKATSUKI_TABLES } from '../migrations/akatsuki-tables.js';
import { formatReport, inspectSchema, migrate, MIGRATIONS } from '../migrations/migrator.js';
import type { SchemaState } from '../migrations/migrator.js';
import { openMysql } from '../mysql/open-mysql.js';
import { openSqlite } from '../sqlite/open-sqlite.js';
import { createMysqlTestDatabase } from '../../../test/support/services.js';

interface Backend {
  name: 'sqlite' | 'mysql';
  open(): Promise<{ storage: KyselyStorage; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'hayate-migr-'));
      const storage = openSqlite(path.join(dir, 'hayate.db'));
      return { storage, cleanup: async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    name: 'mysql',
    async open() {
      const tdb = await createMysqlTestDatabase('hayate_migr');
      const storage = openMysql(tdb.url, { connectionLimit: 2 });
      return { storage, cleanup: async () => { await storage.close(); await tdb.drop(); } };
    },
  },
];

/** A comparable, order-independent picture of the schema. */
function snapshot(s: SchemaState): Record<string, { columns: string[]; indexes: string[] }> {
  const out: Record<string, { columns: string[]; indexes: string[] }> = {};
  for (const [t, st] of [...s.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    out[t] = { columns: [...st.columns].sort(), indexes: st.indexes.map((i) => i.join(',')).sort() };
  }
  return out;
}

/** Legacy Akatsuki shape: fewer columns, no country/whitelist, ids well inside the ranges. */
async function createLegacyTables(storage: KyselyStorage): Promise<void> {
  const db = storage.db;
  const mysql = storage.dialect === 'mysql';
  const ai = mysql ? 'INT NOT NULL AUTO_INCREMENT PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  await sql.raw(`CREATE TABLE users (id ${ai}, username VARCHAR(19) NOT NULL, username_safe VARCHAR(19) NOT NULL, password_md5 VARCHAR(64) NOT NULL,
    email VARCHAR(254) NOT NULL, register_datetime INT NOT NULL, privileges INT NOT NULL, notes ${mysql ? 'LONGTEXT' : 'TEXT'} NULL)`).execute(db);
  await sql.raw(`CREATE UNIQUE INDEX legacy_username_safe ON users (username_safe)`).execute(db);
  await sql.raw(`INSERT INTO users (id, username, username_safe, password_md5, email, register_datetime, privileges, notes) VALUES
    (1000, 'Old One', 'old_one', '$2b$12$old', 'old@example.com', 1400000000, 3, 'legacy note'),
    (1001, 'Old Two', 'old_two', '$2b$12$two', 'two@example.com', 1400000001, 1048576, NULL)`).execute(db);
  await sql.raw(`CREATE TABLE scores (id ${ai}, beatmap_md5 VARCHAR(32) NOT NULL, userid INT NOT NULL, score INT NOT NULL, pp FLOAT NOT NULL,
    checksum CHAR(32) NOT NULL, completed TINYINT NOT NULL)`).execute(db);
  // Drift: Akatsuki's index name `userid` already used for another column list.
  await sql.raw(`CREATE INDEX ${mysql ? 'userid' : 'scores__userid'} ON scores (score, userid)`).execute(db);
  await sql.raw(`INSERT INTO scores (id, beatmap_md5, userid, score, pp, checksum, completed) VALUES
    (700000000, 'aaaa', 1000, 12345, 100.5, 'c1', 3), (700000001, 'bbbb', 1001, 54321, 50.25, 'c2', 2)`).execute(db);
}

for (const b of backends) {
  describe(`migrations on ${b.name}`, () => {
    describe('fresh database', () => {
      let o: Awaited<ReturnType<Backend['open']>>;
      before(async () => { o = await b.open(); });
      after(async () => { await o.cleanup(); });

      test('dry run plans every table and changes nothing', async () => {
        const before = snapshot(await inspectSchema(o.storage.db, b.name));
        const r = await migrate(o.storage.db, b.name, { dryRun: true });
        assert.equal(r.dryRun, true);
        assert.equal(r.steps.length, MIGRATIONS.length);
        const created = r.steps[0]!.actions.filter((a) => a.description.startsWith('create table')).map((a) => a.table);
        assert.deepEqual(created.sort(), ['hayate_migrations', ...AKATSUKI_TABLES.map((t) => t.name)].sort());
        assert.deepEqual(snapshot(await inspectSchema(o.storage.db, b.name)), before);
      });

      test('applies, then a second run has nothing to do and the schema is unchanged', async () => {
        const first = await migrate(o.storage.db, b.name);
        assert.equal(first.steps.length, MIGRATIONS.length);
        const schema = snapshot(await inspectSchema(o.storage.db, b.name));
        for (const t of AKATSUKI_TABLES) {
          assert.ok(schema[t.name], `table ${t.name} exists`);
          for (const c of t.columns) assert.ok(schema[t.name]!.columns.includes(c.name.toLowerCase()), `${t.name}.${c.name}`);
        }
        assert.ok(schema.scores!.indexes.includes('checksum'), 'unique checksum index');
        const second = await migrate(o.storage.db, b.name);
        assert.deepEqual(second.steps, []);
        assert.deepEqual(snapshot(await inspectSchema(o.storage.db, b.name)), schema);
        const dry = await migrate(o.storage.db, b.name, { dryRun: true });
        assert.deepEqual(dry.steps, []);
      });

      test('fresh score tables start at the Akatsuki id ranges', async () => {
        const v = await o.storage.scores.insert('vanilla', scoreRow('f1'));
        const a = await o.storage.scores.insert('autopilot', scoreRow('f2'));
        const r = await o.storage.scores.insert('relax', scoreRow('f3'));
        assert.equal(v, 500_000_000n);
        assert.equal(a, 6_148_914_691_236_517_204n);
        assert.equal(r, 1n);
      });
    });

    describe('existing Akatsuki database with rows', () => {
      let o: Awaited<ReturnType<Backend['open']>>;
      before(async () => {
        o = await b.open();
        await createLegacyTables(o.storage);
      });
      after(async () => { await o.cleanup(); });

      test('dry run reports the gaps and changes nothing', async () => {
        const before = snapshot(await inspectSchema(o.storage.db, b.name));
        const r = await migrate(o.storage.db, b.name, { dryRun: true });
        const descriptions = r.steps.flatMap((s) => s.actions.map((a) => a.description));
        assert.ok(descriptions.includes('add column users.country'));
        assert.ok(descriptions.includes('add unique index on scores(checksum)'));
        assert.ok(!descriptions.includes('create table users'));
        assert.ok(!descriptions.some((d) => d.includes('users(username_safe)')), 'existing unique index (other name) is recognised');
        assert.match(formatReport(r), /Existing tables gaining missing columns or indexes \(nothing is dropped or changed\): scores, users\./);
        assert.deepEqual(snapshot(await inspectSchema(o.storage.db, b.name)), before);
      });

      test('migrate keeps every row and adds only what is missing', async () => {
        const usersBefore = await sql<Record<string, unknown>>`SELECT id, username, username_safe, password_md5, email, register_datetime, privileges, notes FROM users ORDER BY id`.execute(o.storage.db);
        const scoresBefore = await sql<Record<string, unknown>>`SELECT id, beatmap_md5, userid, score, checksum, completed FROM scores ORDER BY id`.execute(o.storage.db);
        const r = await migrate(o.storage.db, b.name);
        assert.equal(r.steps.length, MIGRATIONS.length);
        const usersAfter = await sql<Record<string, unknown>>`SELECT id, username, username_safe, password_md5, email, register_datetime, privileges, notes FROM users ORDER BY id`.execute(o.storage.db);
        const scoresAfter = await sql<Record<string, unknown>>`SELECT id, beatmap_md5, userid, score, checksum, completed FROM scores ORDER BY id`.execute(o.storage.db);
        assert.deepEqual(usersAfter.rows, usersBefore.rows);
        assert.deepEqual(scoresAfter.rows, scoresBefore.rows);
        // New columns got their defaults; the repository reads the legacy rows.
        const u = await o.storage.users.findById(1000);
        assert.equal(u?.country, 'XX');
        assert.equal(u?.notes, 'legacy note');
        assert.equal(u?.silenceEnd, 0);
        const s = await o.storage.scores.findById('vanilla', 700_000_000n);
        assert.equal(s?.pp, 100.5);
        assert.equal(s?.playMode, 0);
        // The existing sequence continues: the range start applies to new tables only.
        assert.equal(await o.storage.scores.insert('vanilla', scoreRow('legacy-next')), 700_000_002n);
        // Missing tables were created.
        assert.equal((await o.storage.users.count()), 2);
        assert.deepEqual(await o.storage.channels.list(), []);
        const again = await migrate(o.storage.db, b.name);
        assert.deepEqual(again.steps, []);
        // The index Akatsuki calls `userid` was added under a derived name beside the drifted one.
        const idx = (await inspectSchema(o.storage.db, b.name)).get('scores')!.indexes.map((i) => i.join(','));
        assert.ok(idx.includes('userid') && idx.includes('score,userid'), idx.join(' | '));
      });
    });
  });
}

function scoreRow(checksum: string) {
  return {
    beatmapMd5: 'cccc', userId: 1, score: 1, maxCombo: 1, fullCombo: false, mods: 0, count300: 1, count100: 0, count50: 0, countKatu: 0,
    countGeki: 0, countMiss: 0, time: 1, playMode: 0 as const, completed: 2 as const, accuracy: 100, pp: 1, checksum,
  };
}
