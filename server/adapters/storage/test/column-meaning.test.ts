/**
 * Repositories write what each Akatsuki column is: datetime/timestamp columns get UTC datetimes,
 * int columns get unix seconds. Checked on the raw columns after going through the port, on
 * SQLite, on a fresh Hayate MariaDB database, and on a MariaDB database built from Akatsuki's
 * schema fixture alone (strict mode, where an int in a datetime column is refused).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { KyselyStorage } from '../kysely-storage.js';
import { openStorage } from '../open-storage.js';
import { createMysqlTestDatabase } from '../../../test/support/services.js';
import { createAkatsukiFixtureDatabase } from '../../../test/support/akatsuki-fixture-db.js';

interface Target {
  name: string;
  open(): Promise<{ storage: KyselyStorage; cleanup(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'hayate-cols-'));
      const storage = (await openStorage({ databaseUrl: undefined, dataDir: dir })) as KyselyStorage;
      return { storage, cleanup: async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    name: 'mysql (fresh Hayate schema)',
    async open() {
      const tdb = await createMysqlTestDatabase('hayate_cols');
      const storage = (await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true })) as KyselyStorage;
      return { storage, cleanup: async () => { await storage.close(); await tdb.drop(); } };
    },
  },
  {
    name: 'mysql (Akatsuki fixture database)',
    async open() {
      const tdb = await createAkatsukiFixtureDatabase('hayate_cols_akfx');
      const storage = (await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true })) as KyselyStorage;
      return { storage, cleanup: async () => { await storage.close(); await tdb.drop(); } };
    },
  },
];

/** 2026-12-04 14:51:45 UTC: the value of the failed login. */
const T = 1_796_395_905;
const T_TEXT = '2026-12-04 14:51:45';
const T2 = T + 60;
const T2_TEXT = '2026-12-04 14:52:45';

for (const target of targets) {
  describe(`column meaning on ${target.name}`, () => {
    let storage: KyselyStorage;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ storage, cleanup } = await target.open());
    });
    after(async () => { await cleanup(); });

    const raw = async <R>(q: ReturnType<typeof sql<R>>): Promise<R[]> => (await q.execute(storage.db)).rows;

    test('ip_user: last_used_at is a datetime, id an auto-increment key, occurencies counts', async () => {
      await storage.hardware.logIp(41, '203.0.113.7', T);
      await storage.hardware.logIp(41, '203.0.113.7', T2);
      await storage.hardware.logIp(42, '2001:db8::1', T);
      const rows = await raw(sql<{ id: number; userid: number; occurencies: number; last_used_at: string }>`SELECT id, userid, occurencies, last_used_at FROM ip_user ORDER BY id`);
      assert.deepEqual(rows.map((r) => [Number(r.userid), Number(r.occurencies), String(r.last_used_at)]), [[41, 2, T2_TEXT], [42, 1, T_TEXT]]);
      assert.ok(Number(rows[0]!.id) >= 1 && Number(rows[1]!.id) > Number(rows[0]!.id));
    });

    test('hw_user: created_at is filled with a datetime by the column default', async () => {
      await storage.hardware.logHardware(41, 'mac', 'uid', 'disk');
      const [r] = await raw(sql<{ created_at: string; occurencies: number }>`SELECT created_at, occurencies FROM hw_user WHERE userid = 41`);
      assert.match(String(r!.created_at), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      assert.equal(Number(r!.occurencies), 1);
    });

    test('messages: created_at, read_at, deleted_at are datetimes and read back as unix seconds', async () => {
      const id = await storage.messages.store({ senderId: 41, recipientId: 42, recipientChannel: null, content: 'hi there ✓', createdAt: T });
      await storage.messages.store({ senderId: 41, recipientId: null, recipientChannel: '#osu', content: 'public', createdAt: T2 });
      const unread = await storage.messages.unreadFor(42);
      assert.deepEqual(unread.map((m) => [m.id, m.createdAt, m.readAt, m.content]), [[id, T, null, 'hi there ✓']]);
      assert.equal(await storage.messages.countSentSince(41, T2), 1, 'since compares datetimes');
      assert.equal(await storage.messages.countSentSince(41, T), 2);
      await storage.messages.markRead([id], T2);
      assert.equal(await storage.messages.softDeleteSince(41, T2, T2), 1);
      const rows = await raw(sql<{ created_at: string; read_at: string | null; deleted_at: string | null }>`SELECT created_at, read_at, deleted_at FROM messages ORDER BY id`);
      assert.deepEqual(rows.map((r) => [String(r.created_at), r.read_at && String(r.read_at), r.deleted_at && String(r.deleted_at)]), [
        [T_TEXT, T2_TEXT, null],
        [T2_TEXT, null, T2_TEXT],
      ]);
    });

    test('matches, match_games, match_events: timestamps', async () => {
      const m = await storage.matches.create('room', false, T);
      const g = await storage.matches.addGame({ matchId: m, beatmapId: 315, mode: 0, mods: 0, scoringType: 0, teamType: 0, startTime: T });
      await storage.matches.addEvent({ matchId: m, gameId: g, userId: 41, eventType: 'MATCH_GAME_PLAYTHROUGH', timestamp: T2 });
      await storage.matches.endGame(g, T2);
      await storage.matches.end(m, T2);
      assert.deepEqual(await storage.matches.games(m), [{ id: g, beatmapId: 315, endTime: T2 }]);
      const [mr] = await raw(sql<{ start_time: string; end_time: string }>`SELECT start_time, end_time FROM matches WHERE id = ${m}`);
      assert.deepEqual([String(mr!.start_time), String(mr!.end_time)], [T_TEXT, T2_TEXT]);
      const [gr] = await raw(sql<{ start_time: string; end_time: string }>`SELECT start_time, end_time FROM match_games WHERE id = ${g}`);
      assert.deepEqual([String(gr!.start_time), String(gr!.end_time)], [T_TEXT, T2_TEXT]);
      const [er] = await raw(sql<{ ts: string }>`SELECT ${sql.ref('timestamp')} AS ts FROM match_events WHERE match_id = ${m}`);
      assert.equal(String(er!.ts), T2_TEXT);
    });

    test('users: register_datetime and latest_activity are unix seconds', async () => {
      const id = await storage.users.create({ username: 'Col Test', email: 'col@example.com', passwordHash: '$2y$04$x', privileges: 3, registerDatetime: T });
      await storage.users.setSilence(id, T2, 'spam');
      const [r] = await raw(sql<{ register_datetime: number; latest_activity: number; silence_end: number }>`SELECT register_datetime, latest_activity, silence_end FROM users WHERE id = ${id}`);
      assert.deepEqual([Number(r!.register_datetime), Number(r!.latest_activity), Number(r!.silence_end)], [T, T, T2]);
    });

    test('latin1 columns: a silence reason, a note and a setting with characters outside latin1 are stored, those characters as ?', async () => {
      const id = await storage.users.create({ username: 'Latin Test', email: 'latin@example.com', passwordHash: '$2b$04$x', privileges: 3 });
      await storage.users.setSilence(id, T2, 'spam ł ✓ 😀 é');
      await storage.users.appendNote(id, 'restricted: ✓ é');
      await storage.settings.set('login_notification', 0, 'welcome 🎉 é');
      const u = await storage.users.findById(id);
      assert.equal(u?.silenceReason, 'spam ? ? ? é');
      assert.equal(u?.notes?.endsWith('restricted: ? é'), true, String(u?.notes));
      assert.equal(await storage.settings.getString('login_notification'), 'welcome ? é');
    });

    test('beatmaps: a new row gets rating 10 (no default in Akatsuki)', async () => {
      await storage.beatmaps.upsert({
        beatmapId: 315, beatmapsetId: 141, beatmapMd5: 'a'.repeat(32), songName: 'A - B [C]', fileName: 'a.osu', ar: 9, od: 8, mode: 0, maxCombo: 100,
        hitLength: 60, bpm: 180, ranked: 2, latestUpdate: T, rankedStatusFreezed: false, playcount: 0, passcount: 0, countCircles: 1, countSliders: 2, countSpinners: 0,
      });
      const [r] = await raw(sql<{ rating: number }>`SELECT rating FROM beatmaps WHERE beatmap_id = 315`);
      assert.equal(Number(r!.rating), 10);
    });
  });
}

test('fromSqlDatetime / toSqlDatetime: UTC text both ways; old unix-seconds ints and Dates are read too; garbage is a StorageError', async () => {
  const { fromSqlDatetime, toSqlDatetime } = await import('../repositories/context.js');
  const { StorageError } = await import('../../../ports/storage.js');
  assert.equal(toSqlDatetime(T), T_TEXT);
  assert.equal(fromSqlDatetime(T_TEXT), T);
  assert.equal(fromSqlDatetime(`${T_TEXT}.1234`), T, 'fractional seconds (datetime(4)) are dropped');
  assert.equal(fromSqlDatetime(T), T);
  assert.equal(fromSqlDatetime(new Date(T * 1000)), T);
  assert.equal(fromSqlDatetime(null), null);
  assert.throws(() => fromSqlDatetime('yesterday'), StorageError);
  assert.throws(() => toSqlDatetime(Number.NaN), StorageError);
});
