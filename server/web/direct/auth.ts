/**
 * `u` (name) + `h` (md5 of the password) of the client's /web/ GETs. A verified pair is remembered
 * for a few minutes so paging through osu!direct does not cost a bcrypt per page; a changed
 * password (a different `h`) is a different key and is verified again.
 */
import { LRUCache } from 'lru-cache';
import type { Storage } from '../../ports/storage.js';
import type { PasswordHasher } from '../../ports/passwords.js';
import { safeUsername } from '../../users/validate-registration.js';

export interface WebAuth {
  /** The user id, or undefined when the name is unknown or the password wrong. */
  check(username: string, passwordMd5: string): Promise<number | undefined>;
}

export function webAuth(storage: Storage, passwords: PasswordHasher, ttlMs = 5 * 60_000): WebAuth {
  const ok = new LRUCache<string, number>({ max: 10_000, ttl: ttlMs });
  return {
    async check(username, passwordMd5) {
      if (username === '' || !/^[0-9a-f]{32}$/.test(passwordMd5)) return undefined;
      const key = `${safeUsername(username)}\n${passwordMd5}`;
      const hit = ok.get(key);
      if (hit !== undefined) return hit;
      const user = await storage.users.findBySafeName(safeUsername(username));
      if (!user || !(await passwords.verify(passwordMd5, user.passwordHash))) return undefined;
      ok.set(key, user.id);
      return user.id;
    },
  };
}
