/**
 * Remembers which (user, password md5) pairs bcrypt already accepted, and against which stored
 * hash: a reconnect storm (every client logging in again after a restart) costs no bcrypt at all.
 * A changed `password_md5` in the database no longer equals the remembered hash, so the entry is
 * ignored and replaced after a real verify. Only successes are cached.
 */
import { LRUCache } from 'lru-cache';

const cache = new LRUCache<string, string>({ max: 50_000 });

const keyOf = (userId: number, md5: string): string => `${userId}:${md5}`;

export function isKnownGood(userId: number, md5: string, storedHash: string): boolean {
  return cache.get(keyOf(userId, md5)) === storedHash;
}

export function rememberGood(userId: number, md5: string, storedHash: string): void {
  cache.set(keyOf(userId, md5), storedHash);
}

/** Drops a user's entries (password changed through Hayate). */
export function forgetUser(userId: number): void {
  const prefix = `${userId}:`;
  for (const k of cache.keys()) if (k.startsWith(prefix)) cache.delete(k);
}
