/** Runs the Storage contract against the embedded SQLite adapter (a file in a temp dir). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storageContract } from '../../../ports/storage.contract.js';
import { openStorage } from '../open-storage.js';

storageContract('sqlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hayate-sqlite-'));
  const storage = await openStorage({ databaseUrl: undefined, dataDir: dir });
  return {
    storage,
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
