/**
 * The Storage contract against Akatsuki's own schema: a MariaDB database built from the fixture
 * alone (server/test/support/akatsuki-fixture-db.ts), then migrated by Hayate (which adds only
 * hayate_migrations). Every repository method must work on Akatsuki's exact column types.
 */
import { storageContract } from '../../../ports/storage.contract.js';
import { createAkatsukiFixtureDatabase } from '../../../test/support/akatsuki-fixture-db.js';
import { openStorage } from '../open-storage.js';

storageContract('mysql on the Akatsuki fixture database', async () => {
  const tdb = await createAkatsukiFixtureDatabase('hayate_akfx_contract');
  const storage = await openStorage({ databaseUrl: tdb.url, dataDir: '/nonexistent' }, { migrate: true });
  return {
    storage,
    async cleanup() {
      await storage.close();
      await tdb.drop();
    },
  };
});
