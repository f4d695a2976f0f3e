/**
 * Chooses the storage backend from the config: `DATABASE_URL` (mysql://…) → MySQL/MariaDB,
 * otherwise the embedded SQLite file in DATA_DIR. SQLite is migrated automatically on open (it
 * is ours alone); MySQL is migrated only by `hayate migrate` unless `migrate: true` is passed,
 * because it may be a shared production Akatsuki database.
 */
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Storage } from '../../ports/storage.js';
import { StorageError } from '../../ports/storage.js';
import type { KyselyStorage } from './kysely-storage.js';
import { isUpToDate, migrate } from './migrations/migrator.js';
import type { MigrationReport } from './migrations/migrator.js';
import { openMysql } from './mysql/open-mysql.js';
import { openSqlite, SQLITE_FILE_NAME } from './sqlite/open-sqlite.js';

export interface OpenStorageOptions {
  /** Run pending migrations on open (default: true for SQLite, false for MySQL). */
  migrate?: boolean;
  /** MySQL pool size. */
  connectionLimit?: number;
  /** MySQL per-statement timeout (default 60 s). */
  queryTimeoutMs?: number;
  /** SQLite only: open read-only and never create the file (dry runs). */
  readonly?: boolean;
  /** Receives the migration report when migrations ran. */
  onMigrated?: (report: MigrationReport) => void;
}

export function openStorageBackend(config: Pick<Config, 'databaseUrl' | 'dataDir'>, opts: OpenStorageOptions = {}): KyselyStorage {
  return config.databaseUrl
    ? openMysql(config.databaseUrl, { connectionLimit: opts.connectionLimit, queryTimeoutMs: opts.queryTimeoutMs })
    : openSqlite(path.join(config.dataDir, SQLITE_FILE_NAME), { readonly: opts.readonly });
}

export async function openStorage(config: Pick<Config, 'databaseUrl' | 'dataDir'>, opts: OpenStorageOptions = {}): Promise<Storage> {
  const storage = openStorageBackend(config, opts);
  const shouldMigrate = opts.migrate ?? storage.dialect === 'sqlite';
  try {
    await storage.ping();
    if (shouldMigrate) {
      const report = await migrate(storage.db, storage.dialect);
      opts.onMigrated?.(report);
    } else if (!(await isUpToDate(storage.db))) {
      // Fail at start with the fix in the message, not later with "table doesn't exist".
      const plan = await migrate(storage.db, storage.dialect, { dryRun: true });
      const pending = plan.steps.reduce((n, st) => n + st.actions.length, 0);
      if (plan.steps.length > 0) {
        throw new StorageError(
          `storage: the database schema is not up to date (${pending} change(s) pending in migration ${plan.steps.map((st) => st.version).join(', ')}): run \`hayate migrate\` (\`--dry-run\` lists them)`,
        );
      }
    }
  } catch (err) {
    await storage.close().catch(() => {});
    throw err;
  }
  return storage;
}
