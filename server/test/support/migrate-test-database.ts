/** Applies Hayate's migrations to a test MySQL database once (production runs `hayate migrate`). */
import type { Config } from '../../config.js';
import { openStorage } from '../../adapters/storage/open-storage.js';

export async function migrateDatabase(config: Config): Promise<void> {
  const storage = await openStorage(config, { migrate: true });
  await storage.close();
}
