/**
 * Production backend: a mysql2 connection pool over the Akatsuki MySQL/MariaDB schema. BIGINT
 * columns come back as exact decimal strings (supportBigNumbers + bigNumberStrings) and are mapped
 * to bigint by the repositories. A connection the server kills is dropped by the pool; the call
 * that was using it rejects with StorageError, the next call gets a fresh connection.
 */
import { Kysely, MysqlDialect } from 'kysely';
import { createConnection, createPool } from 'mysql2';
import type { Pool, PoolConnection } from 'mysql2';
import type { MysqlPool, MysqlPoolConnection } from 'kysely';
import { StorageError } from '../../../ports/storage.js';
import type { Database } from '../database.js';
import { createKyselyStorage } from '../kysely-storage.js';
import type { KyselyStorage } from '../kysely-storage.js';

export interface MysqlOptions {
  /** Pool size (default 10). */
  connectionLimit?: number;
  /**
   * Longest a single statement may run before the call fails with StorageError (default 60 s).
   * mysql2 then closes that connection, so a stuck server cannot hang callers forever.
   */
  queryTimeoutMs?: number;
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
  // The pool and the thread killer below connect with the same credentials.
  const connection = {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
  };
  const pool = createPool({
    ...connection,
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
    // TIMESTAMP columns convert through the session time zone: UTC, as rs's sqlx sessions run, so
    // the UTC datetimes Hayate writes read back unchanged. Queued before any query on this connection.
    conn.query("SET time_zone = '+00:00'", () => {});
  });
  const killer = async (threadId: number): Promise<void> => {
    const admin = createConnection({ ...connection, connectTimeout: 5_000 }).promise();
    try {
      await admin.query({ sql: 'KILL ?', timeout: 5_000 }, [threadId]);
    } finally {
      admin.destroy();
    }
  };
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool: withQueryTimeout(pool, opts.queryTimeoutMs ?? 60_000, killer) }) });
  return createKyselyStorage(db, 'mysql');
}

/**
 * Kysely's pool view with a per-statement deadline. A client-side timeout alone is not enough:
 * the server would keep running the statement (an UPDATE waiting on a lock would still commit
 * after the caller was told it failed). So on the deadline the connection's server thread is
 * killed from a separate admin connection (aborting and rolling back the statement), and the
 * socket is destroyed if even that does not answer. The call then rejects with a timeout error.
 */
function withQueryTimeout(pool: Pool, timeout: number, killer: (threadId: number) => Promise<void>): MysqlPool {
  const wrapped = new WeakMap<PoolConnection, MysqlPoolConnection>();
  const wrap = (conn: PoolConnection): MysqlPoolConnection => {
    let w = wrapped.get(conn);
    if (!w) {
      w = {
        query: ((sql: string, parameters: unknown[], callback?: (error: unknown, result: unknown) => void) => {
          if (!callback) return conn.query(sql, parameters);
          let finished = false;
          const finish = (err: unknown, result: unknown) => {
            if (finished) return;
            finished = true;
            clearTimeout(timer);
            callback(err, result);
          };
          const timeoutError = (cause?: unknown) => {
            const detail = cause instanceof Error ? ` (${cause.message})` : '';
            const e = new Error(`statement exceeded the ${timeout} ms query timeout and was aborted${detail}`, { cause });
            (e as Error & { code: string }).code = 'QUERY_TIMEOUT';
            return e;
          };
          let timedOut = false;
          const timer = setTimeout(() => {
            timedOut = true;
            const threadId = conn.threadId;
            // The killed statement is rolled back by the server. The killed socket does not always
            // close promptly (a thread in a lock wait notices late), so the call is answered here
            // and the connection is dropped from the pool rather than waited on.
            void (threadId === null ? Promise.resolve() : killer(threadId))
              .catch(() => {})
              .finally(() => {
                if (finished) return;
                finish(timeoutError(), undefined);
                conn.destroy();
              });
          }, timeout);
          conn.query(sql, parameters, (err: unknown, result: unknown) => finish(err && timedOut ? timeoutError(err) : err, result));
          return undefined;
        }) as MysqlPoolConnection['query'],
        release: () => conn.release(),
      };
      wrapped.set(conn, w);
    }
    return w;
  };
  return {
    getConnection: (cb) => pool.getConnection((err, conn) => cb(err, err ? (conn as never) : wrap(conn))),
    end: (cb) => pool.end(cb),
  };
}
