/**
 * What every repository shares: the Kysely instance, the dialect (for the few places SQL
 * differs) and `guard`, which turns any driver failure into a StorageError naming the operation.
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { StorageError } from '../../../ports/storage.js';
import type { Database } from '../database.js';

export interface RepoContext {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'mysql';
}

export async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StorageError) throw err;
    const code = (err as { code?: unknown }).code;
    const detail = err instanceof Error ? err.message : String(err);
    const conflict = code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    throw new StorageError(`storage: ${what} failed${typeof code === 'string' ? ` (${code})` : ''}: ${detail}`, { cause: err, conflict });
  }
}

/** A 64-bit column read as exact decimal text on both drivers (better-sqlite3 would round it to a double). */
export function bigText(ctx: RepoContext, column: string): RawBuilder<string> {
  return sql<string>`CAST(${sql.ref(column)} AS ${sql.raw(ctx.dialect === 'mysql' ? 'CHAR' : 'TEXT')})`;
}

export const now = (): number => Math.floor(Date.now() / 1000);

/**
 * Unix seconds → the text a DATETIME/TIMESTAMP column holds, in UTC ('2026-12-04 16:19:48').
 * Akatsuki's tables keep some times as datetimes and others as unix-seconds ints; the ports speak
 * unix seconds throughout and the repositories convert at the column. MySQL sessions run with
 * time_zone '+00:00' (as rs's sqlx does), so TIMESTAMP columns read back what was written.
 */
export function toSqlDatetime(unixSeconds: number): string {
  const ms = Math.trunc(unixSeconds) * 1000;
  if (!Number.isFinite(ms)) throw new StorageError(`storage: not a time: ${String(unixSeconds)}`);
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A DATETIME/TIMESTAMP column's text (UTC) → unix seconds; NULL stays null. A number is taken as
 * unix seconds already: rows an earlier Hayate wrote into the SQLite twin before these columns
 * held datetimes.
 */
export function fromSqlDatetime(v: string | number | Date | null): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return Math.floor(v);
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  const ms = Date.parse(`${v.slice(0, 19).replace(' ', 'T')}Z`);
  if (!Number.isFinite(ms)) throw new StorageError(`storage: not a datetime: ${JSON.stringify(v)}`);
  return Math.floor(ms / 1000);
}

export function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (v === null || v === undefined) return 0n;
  throw new StorageError(`storage: expected an integer, got ${JSON.stringify(String(v))}`);
}

/** FLOAT columns come back from MySQL widened to double (98.12300109863281); keep float precision. */
export function float32(v: unknown): number {
  const n = Number(v);
  if (!Number.isFinite(n)) return 0;
  return Number(Math.fround(n).toPrecision(7));
}

/** Bigints are written as bigint on both drivers (better-sqlite3 and mysql2 bind them exactly). */
export const bool = (v: unknown): boolean => Number(v) !== 0;

/**
 * Text for one of Akatsuki's latin1 columns (users.silence_reason, users.notes, bancho_settings
 * values, channel descriptions …): a character outside latin1 becomes '?'. On MySQL in strict mode
 * such a character fails the whole write ("Incorrect string value"), which would lose a silence
 * or an audit note over an emoji in a reason; SQLite gets the same text so both backends agree.
 */
export function latin1Text(s: string): string {
  return s.replace(/[^\u0000-\u00ff]/gu, '?');
}

/**
 * InnoDB picks a victim when concurrent transactions lock the same index gaps (a submission's
 * demotion UPDATE and INSERT on one map; a login's hardware update-else-insert); the victim's
 * transaction was rolled back whole, so it is simply run again (a few times, with jitter).
 */
export async function retryDeadlocks<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code ?? ((err as { cause?: { code?: unknown } }).cause?.code);
      if (i >= attempts || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}
