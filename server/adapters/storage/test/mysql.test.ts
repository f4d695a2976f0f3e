/** Runs the Storage contract against MariaDB (a fresh database, migrated, dropped afterwards). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StorageError } from '../../../ports/storage.js';
import { storageContract } from '../../../ports/storage.contract.js';
import { createMysqlTestDatabase } from '../../../test/support/services.js';
import { openStorage } from '../open-storage.js';

storageContract('mysql', async () => {
  const tdb = await createMysqlTestDatabase('hayate_storage');
  const storage = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true });
  return {
    storage,
    async cleanup() {
      await storage.close();
      await tdb.drop();
    },
  };
});

test('openStorage on an unmigrated MySQL database refuses with the fix in the message', async () => {
  const tdb = await createMysqlTestDatabase('hayate_unmigrated');
  try {
    await assert.rejects(
      openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }),
      (e: unknown) => e instanceof StorageError && /run `hayate migrate`/.test(e.message),
    );
    const s = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true });
    await s.close();
    // Once migrated, a plain open succeeds.
    const again = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' });
    assert.equal(again.dialect, 'mysql');
    await again.close();
  } finally {
    await tdb.drop();
  }
});
