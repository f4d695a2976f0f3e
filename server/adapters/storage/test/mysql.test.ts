/** Runs the Storage contract against MariaDB (a fresh database, migrated, dropped afterwards). */
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
