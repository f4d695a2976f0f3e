/**
 * Hayate on Akatsuki's own database: a MariaDB database built from the Akatsuki schema fixture
 * alone, migrated by Hayate (which adds only its bookkeeping table), Redis, two processes. The
 * bancho scenarios that write to shared tables run against it: login with each bcrypt prefix
 * (`$2a$`, `$2b$`, `$2y$`: real hashes, the production inline hasher), chat with offline
 * messages, spectating, a match whose history lands in matches / match_games / match_events,
 * and in-game registration. On this schema a datetime column refuses an int (strict mode), which
 * is what broke every login before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { createInlineBcryptHasher } from '../../adapters/passwords/bcrypt-inline.js';
import { NORMAL_USER } from '../../domain/privileges.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { freshName, loginMany, newUser, PASSWORD } from './bancho-helpers.js';
import { spectatorGroupScenario } from './spectate-scenarios.js';
import { fullMatchScenario } from './multiplayer-scenarios.js';
import { REAL_HASHES } from '../../adapters/passwords/test/real-hashes.js';

const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

describe('bancho on the Akatsuki fixture database (two processes, Redis)', () => {
  let server: TestServer;
  let db: KyselyStorage['db'];
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2, database: 'akatsuki-fixture', passwords: createInlineBcryptHasher(4) });
    db = (server.servers[0]!.deps.storage as KyselyStorage).db;
  });
  after(async () => {
    await server?.close();
  });

  test('Hayate added only its own table to the Akatsuki schema', async () => {
    const r = await sql<{ t: string }>`SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'hayate%'`.execute(db);
    assert.deepEqual(r.rows.map((x) => x.t), ['hayate_migrations']);
  });

  for (const [prefix, hash] of Object.entries(REAL_HASHES)) {
    test(`login with a ${prefix} password hash (ip_user and hw_user rows as Akatsuki keeps them)`, async () => {
      const name = freshName('hash');
      const storage = server.servers[0]!.deps.storage;
      const id = await storage.users.create({ username: name, email: `${name}@example.test`, passwordHash: hash, privileges: NORMAL_USER, country: 'JP' });
      const client = await BanchoClient.login(server.url, name, PASSWORD, { headers: { 'X-Forwarded-For': '203.0.113.50' } });
      assert.equal(client.userId, id);
      const ip = await sql<{ last_used_at: string; occurencies: number }>`SELECT last_used_at, occurencies FROM ip_user WHERE userid = ${id}`.execute(db);
      assert.equal(ip.rows.length, 1);
      assert.match(String(ip.rows[0]!.last_used_at), DATETIME);
      const hw = await sql<{ created_at: string }>`SELECT created_at FROM hw_user WHERE userid = ${id}`.execute(db);
      assert.equal(hw.rows.length, 1);
      assert.match(String(hw.rows[0]!.created_at), DATETIME);
      await assert.rejects(BanchoClient.login(server.url, name, 'wrong horse'), 'a wrong password still fails');
    });
  }

  test('the hardware field without its trailing ":" logs in and records the same hardware', async () => {
    const { id, name } = await newUser(server, 'nocol');
    const client = await BanchoClient.login(server.url, name, PASSWORD, { hashesTrailingColon: false });
    assert.equal(client.userId, id);
    const again = await BanchoClient.login(server.urls[1]!, name, PASSWORD);
    assert.equal(again.userId, id);
    const hw = await sql<{ occurencies: number }>`SELECT occurencies FROM hw_user WHERE userid = ${id}`.execute(db);
    assert.deepEqual(hw.rows.map((r) => Number(r.occurencies)), [2], 'both logins counted on one hardware row');
  });

  test('chat: a DM to an offline user is stored with datetimes and delivered at the next login', async () => {
    const [a] = await loginMany(server, 'afx', 1);
    const { id, name } = await newUser(server, 'bfx');
    await a!.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text: 'see you ✓', recipient: name, senderId: 0 }));
    const stored = await sql<{ created_at: string; read_at: string | null }>`SELECT created_at, read_at FROM messages WHERE recipient_id = ${id}`.execute(db);
    assert.equal(stored.rows.length, 1);
    assert.match(String(stored.rows[0]!.created_at), DATETIME);
    assert.equal(stored.rows[0]!.read_at, null);
    const b = await BanchoClient.login(server.urls[1]!, name, PASSWORD);
    const msg = b.loginPackets.find((p) => p.name === 'SEND_MESSAGE');
    assert.deepEqual(msg?.data, { sender: a!.username, text: 'see you ✓', recipient: name, senderId: a!.userId });
    const read = await sql<{ read_at: string | null }>`SELECT read_at FROM messages WHERE recipient_id = ${id}`.execute(db);
    assert.match(String(read.rows[0]!.read_at), DATETIME);
  });

  test('spectating across processes', () => spectatorGroupScenario(server, true));

  test('a full match: history rows land in matches, match_games and match_events with timestamps', async () => {
    const before = await sql<{ n: number | string }>`SELECT COALESCE(MAX(id), 0) AS n FROM matches`.execute(db);
    await fullMatchScenario(server, true);
    const m = await sql<{ id: number; start_time: string; end_time: string | null }>`SELECT id, start_time, end_time FROM matches WHERE id > ${Number(before.rows[0]!.n)}`.execute(db);
    assert.equal(m.rows.length, 1);
    const matchId = Number(m.rows[0]!.id);
    assert.match(String(m.rows[0]!.start_time), DATETIME);
    assert.match(String(m.rows[0]!.end_time), DATETIME, 'the disbanded match is closed');
    const g = await sql<{ start_time: string; end_time: string | null }>`SELECT start_time, end_time FROM match_games WHERE match_id = ${matchId}`.execute(db);
    assert.equal(g.rows.length, 1);
    assert.match(String(g.rows[0]!.start_time), DATETIME);
    assert.match(String(g.rows[0]!.end_time), DATETIME);
    const e = await sql<{ event_type: string; ts: string }>`SELECT event_type, ${sql.ref('timestamp')} AS ts FROM match_events WHERE match_id = ${matchId} ORDER BY id`.execute(db);
    assert.ok(e.rows.length >= 8, `events: ${e.rows.map((r) => r.event_type).join(',')}`);
    assert.equal(e.rows[0]!.event_type, 'MATCH_CREATION');
    assert.equal(e.rows.at(-1)!.event_type, 'MATCH_DISBAND');
    for (const r of e.rows) assert.match(String(r.ts), DATETIME);
  });

  test('in-game registration creates an account that logs in', async () => {
    const name = freshName('reg');
    const res = await fetch(`${server.url}/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.9' },
      body: new URLSearchParams({ 'user[username]': name, 'user[user_email]': `${name}@example.org`, 'user[password]': 'a long passphrase', check: '0' }).toString(),
    });
    assert.deepEqual([res.status, await res.text()], [200, 'ok']);
    const client = await BanchoClient.login(server.urls[1]!, name, 'a long passphrase');
    const row = await sql<{ register_datetime: number }>`SELECT register_datetime FROM users WHERE id = ${client.userId}`.execute(db);
    assert.ok(Number(row.rows[0]!.register_datetime) > 1_600_000_000, 'register_datetime is unix seconds');
  });

  test('in-game registration as multipart/form-data', async () => {
    const name = freshName('mreg');
    const body = new FormData();
    for (const [k, v] of Object.entries({ 'user[username]': name, 'user[user_email]': `${name}@example.org`, 'user[password]': 'a long passphrase', check: '0' })) body.set(k, v);
    const res = await fetch(`${server.urls[1]!}/users`, { method: 'POST', headers: { 'X-Forwarded-For': '203.0.113.11' }, body });
    assert.deepEqual([res.status, await res.text()], [200, 'ok']);
    assert.ok((await BanchoClient.login(server.url, name, 'a long passphrase')).userId > 0);
  });
});
