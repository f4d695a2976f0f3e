/**
 * Embedded backend: one better-sqlite3 file (`DATA_DIR/hayate.db`). WAL lets readers run beside
 * the writer; foreign keys stay off because the Akatsuki schema declares none.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { StorageError } from '../../../ports/storage.js';
import type { Database } from '../database.js';
import { createKyselyStorage } from '../kysely-storage.js';
import type { KyselyStorage } from '../kysely-storage.js';

export const SQLITE_FILE_NAME = 'hayate.db';

/** Opens (creating if needed) the SQLite database file; `:memory:` works too. */
export function openSqlite(file: string, opts: { readonly?: boolean } = {}): KyselyStorage {
  let raw: BetterSqlite3.Database;
  try {
    if (opts.readonly) {
      // Inspection only (`migrate --dry-run`): a missing file is planned as an empty database
      // rather than created.
      raw = existsSync(file) ? new BetterSqlite3(file, { readonly: true, fileMustExist: true }) : new BetterSqlite3(':memory:');
      return createKyselyStorage(new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) }), 'sqlite');
    }
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = OFF');
    // Wait for a concurrent writer (another process, e.g. the CLI) instead of failing at once.
    raw.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new StorageError(`storage: cannot open SQLite database ${file}: ${(err as Error).message}`, { cause: err });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  return createKyselyStorage(db, 'sqlite');
}

/**
 * Kysely's SQLite driver calls `prepare()` for every query, and preparing costs more than running
 * a point lookup. The repositories emit a small, fixed set of SQL texts, so statements are
 * prepared once and reused (bounded, oldest dropped first). Safe because no query streams: a
 * statement is never used by two queries at once on this single connection.
 */
function withStatementCache(raw: BetterSqlite3.Database, max = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (source: string) => {
          let st = cache.get(source);
          if (!st) {
            st = target.prepare(source);
            if (cache.size >= max) cache.delete(cache.keys().next().value!);
            cache.set(source, st);
          }
          return st;
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
