/** Both storage backends for beatmap tests: SQLite in a temp dir, MariaDB in a fresh database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Storage } from '../../ports/storage.js';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { createMysqlTestDatabase } from '../../test/support/services.js';

export interface Backend {
  storage: Storage;
  /** A scratch directory (DATA_DIR) removed by cleanup. */
  dir: string;
  cleanup(): Promise<void>;
}

export const BACKENDS = ['sqlite', 'mysql'] as const;

export async function openBackend(kind: (typeof BACKENDS)[number]): Promise<Backend> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hayate-maps-'));
  if (kind === 'sqlite') {
    const storage = await openStorage({ databaseUrl: undefined, dataDir: dir });
    return {
      storage,
      dir,
      async cleanup() {
        await storage.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const tdb = await createMysqlTestDatabase('hayate_maps');
  const storage = await openStorage({ databaseUrl: tdb.url, dataDir: dir }, { migrate: true });
  return {
    storage,
    dir,
    async cleanup() {
      await storage.close();
      await tdb.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
