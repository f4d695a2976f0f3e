/**
 * Hayate's schema against Akatsuki's (the fixture in ../akatsuki-schema/):
 * - the generated specs and Kysely types are what the generator writes from the committed TSVs;
 * - a fresh Hayate MySQL database has, for every shared table, the fixture's columns (type,
 *   nullability, default, extra, charset, collation, order) and indexes (name, uniqueness,
 *   columns), and nothing more;
 * - the fixture database helper reproduces the fixture exactly;
 * - `hayate migrate` on that Akatsuki database adds only Hayate's own table (`--dry-run` says so)
 *   and changes nothing of Akatsuki's;
 * - the SQLite twin keeps each column's meaning (ints INTEGER, datetimes TEXT) and every unique key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { sql } from 'kysely';
import { generate, outputPaths } from '../akatsuki-schema/generate.js';
import type { FixtureTable } from '../akatsuki-schema/parse.js';
import { BOOKKEEPING_TABLES, loadFixture, sharedTables } from '../akatsuki-schema/parse.js';
import { openSqlite } from '../sqlite/open-sqlite.js';
import { openStorage } from '../open-storage.js';
import { createMysqlTestDatabase } from '../../../test/support/services.js';
import type { TestDatabase } from '../../../test/support/services.js';
import { createAkatsukiFixtureDatabase } from '../../../test/support/akatsuki-fixture-db.js';

const CLI = fileURLToPath(new URL('../../../cli/main.js', import.meta.url));
const fixture = loadFixture();
const shared = sharedTables(fixture);

function hayate(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** One line per column and per index, as information_schema reports them (defaults normalised). */
interface LiveSchema {
  columns: Map<string, string[]>;
  indexes: Map<string, string[]>;
}

async function readLive(url: string): Promise<LiveSchema> {
  const conn = await mysql.createConnection(url);
  try {
    const [cols] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT TABLE_NAME t, COLUMN_NAME c, ORDINAL_POSITION p, COLUMN_TYPE ty, IS_NULLABLE n, COLUMN_DEFAULT d, EXTRA x,
         CHARACTER_SET_NAME cs, COLLATION_NAME co FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    const [idx] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT TABLE_NAME t, INDEX_NAME i, NON_UNIQUE u, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) c
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE ORDER BY TABLE_NAME, INDEX_NAME`,
    );
    const live: LiveSchema = { columns: new Map(), indexes: new Map() };
    const push = (m: Map<string, string[]>, t: string, line: string) => m.set(t, [...(m.get(t) ?? []), line]);
    for (const r of cols) {
      // information_schema says NULL (SQL) for "no default" and 'NULL' for DEFAULT NULL; the TSV writes both as NULL.
      const d = r.d === null || r.d === 'NULL' ? 'NULL' : String(r.d);
      push(live.columns, r.t, [r.c, r.p, r.ty, r.n, d, r.x, r.cs ?? 'NULL', r.co ?? 'NULL'].join(' | '));
    }
    for (const r of idx) push(live.indexes, r.t, [r.i, Number(r.u) === 0 ? 'unique' : 'non-unique', r.c].join(' | '));
    return live;
  } finally {
    await conn.end();
  }
}

function expectedColumns(t: FixtureTable): string[] {
  return t.columns.map((c) =>
    [c.name, c.position, c.type, c.nullable ? 'YES' : 'NO', c.default ?? 'NULL', c.extra, c.charset ?? 'NULL', c.collation ?? 'NULL'].join(' | '),
  );
}
const expectedIndexes = (t: FixtureTable): string[] =>
  t.indexes.map((i) => [i.name, i.unique ? 'unique' : 'non-unique', i.columns.join(',')].join(' | ')).sort();

function assertMatchesFixture(live: LiveSchema, tables: readonly FixtureTable[]): void {
  for (const t of tables) {
    assert.deepEqual(live.columns.get(t.name), expectedColumns(t), `columns of ${t.name}`);
    assert.deepEqual([...(live.indexes.get(t.name) ?? [])].sort(), expectedIndexes(t), `indexes of ${t.name}`);
  }
}

test('the committed generated files are what the generator writes from the fixture', () => {
  const out = generate();
  const paths = outputPaths();
  assert.equal(readFileSync(paths.specs, 'utf8'), out.specs, 'migrations/akatsuki-tables.generated.ts is stale: run akatsuki-schema/generate.js');
  assert.equal(readFileSync(paths.types, 'utf8'), out.types, 'database.generated.ts is stale: run akatsuki-schema/generate.js');
});

test('the fixture covers what it says (64 tables, 473 columns, 208 indexes) and the shared set leaves out only bookkeeping', () => {
  assert.equal(fixture.length, 64);
  assert.equal(fixture.reduce((n, t) => n + t.columns.length, 0), 473);
  assert.equal(fixture.reduce((n, t) => n + t.indexes.length, 0), 208);
  assert.deepEqual(fixture.filter((t) => !shared.includes(t)).map((t) => t.name).sort(), [...BOOKKEEPING_TABLES].sort());
});

describe('fresh Hayate MySQL database', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createMysqlTestDatabase('hayate_akschema');
    const s = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true });
    await s.close();
  });
  after(async () => { await tdb.drop(); });

  test('every shared table equals the fixture column by column and index by index', async () => {
    const live = await readLive(tdb.url);
    assertMatchesFixture(live, shared);
  });

  test('no Akatsuki bookkeeping table is created, and Hayate adds only its own tables', async () => {
    const live = await readLive(tdb.url);
    const extra = [...live.columns.keys()].filter((t) => !shared.some((s) => s.name === t));
    assert.deepEqual(extra.sort(), ['hayate_migrations']);
  });

  test('fresh score tables start at the production id ranges', async () => {
    const conn = await mysql.createConnection(tdb.url);
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>(
        `SELECT TABLE_NAME t, CAST(AUTO_INCREMENT AS CHAR) a FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('scores','scores_relax','scores_ap') ORDER BY TABLE_NAME`,
      );
      assert.deepEqual(rows.map((r) => [r.t, String(r.a)]), [['scores', '500000000'], ['scores_ap', '6148914691236517204'], ['scores_relax', '1']]);
    } finally {
      await conn.end();
    }
  });
});

describe('Akatsuki fixture database (built from the TSVs alone)', () => {
  let tdb: TestDatabase;
  let dir: string;
  before(async () => {
    tdb = await createAkatsukiFixtureDatabase('hayate_akfx_schema', { productionScoreIds: false });
    dir = mkdtempSync(path.join(tmpdir(), 'hayate-akfx-'));
  });
  after(async () => {
    await tdb.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('reproduces every table of the fixture exactly, bookkeeping included', async () => {
    const live = await readLive(tdb.url);
    assertMatchesFixture(live, fixture);
    assert.equal(live.columns.size, fixture.length);
  });

  test('`hayate migrate --dry-run` says it would only create hayate_migrations, and changes nothing', async () => {
    const before = await readLive(tdb.url);
    const r = await hayate({ DATABASE_URL: tdb.url, DATA_DIR: dir }, 'migrate', '--dry-run');
    assert.equal(r.code, 0, r.stderr);
    const actions = r.stdout.split('\n').filter((l) => l.startsWith('  - '));
    assert.deepEqual(actions, ['  - create table hayate_migrations']);
    assert.match(r.stdout, /Would apply migration 2/);
    assert.match(r.stdout, /Existing tables: none would be altered/);
    assert.doesNotMatch(r.stdout, /warning/);
    assert.deepEqual(await readLive(tdb.url), before);
  });

  test('`hayate migrate` adds hayate_migrations and alters nothing of Akatsuki; a second run has nothing to do', async () => {
    const r = await hayate({ DATABASE_URL: tdb.url, DATA_DIR: dir }, 'migrate');
    assert.equal(r.code, 0, r.stderr);
    const live = await readLive(tdb.url);
    assertMatchesFixture(live, fixture);
    assert.deepEqual([...live.columns.keys()].filter((t) => !fixture.some((f) => f.name === t)), ['hayate_migrations']);
    const again = await hayate({ DATABASE_URL: tdb.url, DATA_DIR: dir }, 'migrate');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to do/);
  });
});

describe('SQLite twin', () => {
  let dir: string;
  let storage: ReturnType<typeof openSqlite>;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hayate-akschema-'));
    const s = await openStorage({ databaseUrl: undefined, dataDir: dir });
    await s.close();
    storage = openSqlite(path.join(dir, 'hayate.db'));
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every shared column, in order, with its meaning kept: ints INTEGER, floats REAL, datetimes and text TEXT', async () => {
    for (const t of shared) {
      const info = await sql<{ name: string; type: string; notnull: number }>`${sql.raw(`PRAGMA table_info("${t.name}")`)}`.execute(storage.db);
      const want = t.columns.map((c) => {
        const cls = /^(tinyint|smallint|mediumint|int|bigint)\b/.test(c.type)
          ? 'INTEGER'
          : /^(float|double|decimal)\b/.test(c.type)
            ? 'REAL'
            : /blob/.test(c.type)
              ? 'BLOB'
              : 'TEXT';
        // An auto-increment key is NOT NULL by being the rowid.
        return `${c.name} ${cls} ${c.nullable || c.extra.includes('auto_increment') ? 'null' : 'not null'}`;
      });
      const got = info.rows.map((r) => `${r.name} ${r.type} ${r.notnull ? 'not null' : 'null'}`);
      assert.deepEqual(got, want, t.name);
    }
  });

  test('every unique key of the fixture exists (same columns)', async () => {
    for (const t of shared) {
      const list = await sql<{ name: string; unique: number }>`${sql.raw(`PRAGMA index_list("${t.name}")`)}`.execute(storage.db);
      const have: string[] = [];
      for (const ix of list.rows.filter((r) => r.unique)) {
        const cols = await sql<{ name: string; seqno: number }>`${sql.raw(`PRAGMA index_info("${ix.name}")`)}`.execute(storage.db);
        have.push(cols.rows.sort((a, b) => a.seqno - b.seqno).map((r) => r.name).join(','));
      }
      const info = await sql<{ name: string; pk: number }>`${sql.raw(`PRAGMA table_info("${t.name}")`)}`.execute(storage.db);
      const pk = info.rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name).join(',');
      if (pk) have.push(pk);
      for (const u of t.indexes.filter((i) => i.unique)) assert.ok(have.includes(u.columns.join(',')), `${t.name} unique (${u.columns.join(',')})`);
    }
  });

  test('datetime defaults are UTC datetime text', async () => {
    await sql`INSERT INTO hw_user (userid, mac, unique_id, disk_id) VALUES (1, 'm', 'u', 'd')`.execute(storage.db);
    const r = await sql<{ created_at: string }>`SELECT created_at FROM hw_user`.execute(storage.db);
    assert.match(r.rows[0]!.created_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});
