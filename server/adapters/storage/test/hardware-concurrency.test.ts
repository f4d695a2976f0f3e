/**
 * Logins arrive together: sixteen concurrent hardware logs on MariaDB (each an update-else-insert
 * transaction on hw_user) all succeed and count exactly, though InnoDB picks deadlock victims
 * among them; the victims are re-run, not reported as failed logins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMysqlTestDatabase } from '../../../test/support/services.js';
import { openStorage } from '../open-storage.js';

test('concurrent hardware logs on MariaDB: none fails, every login is counted once', async () => {
  const tdb = await createMysqlTestDatabase('hayate_hwconc');
  const storage = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { connectionLimit: 16 }).catch(async () =>
    openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true, connectionLimit: 16 }),
  );
  try {
    const users = Array.from({ length: 16 }, (_, i) => 1000 + i);
    for (let round = 0; round < 3; round++) {
      // The same machine for half of them (shared hardware), distinct for the rest.
      await Promise.all(users.map((u) => storage.hardware.logHardware(u, u % 2 === 0 ? 'shared-mac' : `mac-${u}`, u % 2 === 0 ? 'shared-uid' : `uid-${u}`, 'disk')));
    }
    for (const u of users) assert.equal(await storage.hardware.countForUser(u), 3, `user ${u}`);
  } finally {
    await storage.close();
    await tdb.drop();
  }
});
