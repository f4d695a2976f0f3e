/**
 * Production backend: a mysql2 connection pool over the Akatsuki MySQL/MariaDB schema. BIGINT
 * columns come back as exact decimal strings (supportBigNumbers + bigNumberStrings) and are mapped
 * to bigint by the repositories. A connection the server kills is dropped by the pool; the call
 * that was using it rejects with StorageError, the next call gets a fresh connection.
 */
import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { StorageError } from '../../../ports/storage.js';
import type { Database } from '../database.js';
import { createKyselyStorage } from '../kysely-storage.js';
import type { KyselyStorage } from '../kysely-storage.js';

export interface MysqlOptions {
  /** Pool size (default 10). */
  connectionLimit?: number;
}

export function openMysql(url: string, opts: MysqlOptions = {}): KyselyStorage {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new StorageError(`storage: DATABASE_URL is not a URL`, { cause: err });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new StorageError('storage: DATABASE_URL names no database (mysql://user:pass@host:3306/<database>)');
  const pool = createPool({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    connectionLimit: opts.connectionLimit ?? 10,
    waitForConnections: true,
    // Bounded waits: a dead server fails calls instead of hanging them.
    connectTimeout: 10_000,
    queueLimit: 1000,
    enableKeepAlive: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: true,
  });
  // A connection killed while idle emits 'error' on the pool's connection; the pool discards it.
  pool.on('connection', (conn) => {
    conn.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  return createKyselyStorage(db, 'mysql');
}
