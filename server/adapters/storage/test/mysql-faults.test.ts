/**
 * MySQL faults: the server kills the pool's connections (`KILL <id>` from an admin connection),
 * once while a repository call is running on it and once while they sit idle. The running call
 * must reject with a StorageError (no hang, no silent loss) and later calls must succeed on fresh
 * connections.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { StorageError } from '../../../ports/storage.js';
import { createMysqlTestDatabase, MYSQL_ADMIN_URL } from '../../../test/support/services.js';
import type { TestDatabase } from '../../../test/support/services.js';
import type { Storage } from '../../../ports/storage.js';
import { openStorage } from '../open-storage.js';

describe('MySQL storage under connection kills', () => {
  let tdb: TestDatabase;
  let storage: Storage;
  let admin: mysql.Connection;
  let userId: number;

  before(async () => {
    tdb = await createMysqlTestDatabase('hayate_faults');
    storage = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true, connectionLimit: 3, queryTimeoutMs: 10_000 });
    admin = await mysql.createConnection(MYSQL_ADMIN_URL);
    userId = await storage.users.create({ username: 'Victim', email: 'v@example.com', passwordHash: 'x', privileges: 3 });
  });
  after(async () => {
    await storage.close();
    await admin.end();
    await tdb.drop();
  });

  /** Thread ids of the pool's connections (everything on the test database but the admin). */
  async function poolThreads(): Promise<Array<{ id: number; info: string | null; command: string }>> {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT ID AS id, INFO AS info, COMMAND AS command FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
      [tdb.name],
    );
    return rows.map((r) => ({ id: Number(r.id), info: r.info as string | null, command: String(r.command) }));
  }

  test('a call whose connection is killed mid-query rejects with StorageError; the next call works', async () => {
    // Hold the user's row lock from another session so the update blocks inside the server.
    const locker = await mysql.createConnection(tdb.url);
    await locker.query('START TRANSACTION');
    await locker.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId]);
    const pending = storage.users.setPrivileges(userId, 7);
    const outcome = pending.then(
      () => 'resolved' as const,
      (e: unknown) => e,
    );
    // Find the blocked UPDATE in the process list (it appears once the query reaches the server).
    let victim: number | undefined;
    for (let i = 0; i < 500 && victim === undefined; i++) {
      victim = (await poolThreads()).find((t) => t.info?.toLowerCase().startsWith('update'))?.id;
    }
    assert.ok(victim !== undefined, 'blocked update visible in the process list');
    await admin.query(`KILL ${victim}`);
    const err = await outcome;
    assert.ok(err instanceof StorageError, `expected StorageError, got ${String(err)}`);
    assert.match(err.message, /users\.setPrivileges/);
    await locker.query('ROLLBACK');
    await locker.end();
    // Nothing was written by the killed call, and the pool serves the next calls.
    assert.equal((await storage.users.findById(userId))?.privileges, 3);
    await storage.users.setPrivileges(userId, 11);
    assert.equal((await storage.users.findById(userId))?.privileges, 11);
  });

  test('a statement stuck past the query timeout rejects with StorageError; the pool recovers', async () => {
    const short = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { connectionLimit: 1, queryTimeoutMs: 300 });
    const locker = await mysql.createConnection(tdb.url);
    try {
      await locker.query('START TRANSACTION');
      await locker.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId]);
      await assert.rejects(short.users.setPrivileges(userId, 99), (e: unknown) => e instanceof StorageError && /timeout/i.test(e.message));
      await locker.query('ROLLBACK');
      // The only pooled connection was closed by the timeout; the next call gets a new one.
      assert.equal((await short.users.findById(userId))?.username, 'Victim');
      assert.notEqual((await storage.users.findById(userId))?.privileges, 99);
    } finally {
      await locker.end();
      await short.close();
    }
  });

  test('all idle pool connections killed: calls recover on fresh connections', async () => {
    // Warm several connections.
    await Promise.all([storage.users.count(), storage.users.count(), storage.users.count()]);
    const before = await poolThreads();
    assert.ok(before.length > 0);
    for (const t of before) await admin.query(`KILL ${t.id}`);
    // A call may land on a connection whose death the client has not yet seen: it must fail
    // with StorageError, never hang; the pool then replaces the connection.
    let ok = 0;
    for (let i = 0; i < 10; i++) {
      try {
        assert.equal(await storage.users.count(), 1);
        ok++;
      } catch (e) {
        assert.ok(e instanceof StorageError, `expected StorageError, got ${String(e)}`);
      }
    }
    assert.ok(ok >= 7, `calls after the kill mostly succeed (${ok}/10)`);
    await storage.ping();
    const after = await poolThreads();
    assert.ok(after.every((t) => !before.some((b) => b.id === t.id)), 'killed threads are gone, new ones serve');
  });
});
