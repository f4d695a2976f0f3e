/**
 * Credentials of the stable client's /web/ calls (shared/spec/score-and-web.md §1.1): a username
 * and the md5 hex of the password under per-endpoint parameter names (`us`/`ha`, `u`/`h`,
 * `u`/`p`). The user is looked up by score-service's safe name (right-trimmed, lower case,
 * spaces → `_`) and bcrypt runs in the pool only the first time a (user, md5) pair is seen: the
 * cache is the one bancho logins fill, so a logged-in player's web calls cost no bcrypt.
 */
import type { BanchoDeps } from '../bancho/context.js';
import { isKnownGood, rememberGood } from '../bancho/login/verified-hash-cache.js';
import type { UserRow } from '../ports/storage.js';
import type { HttpResponse } from '../http/types.js';

/** score-service's `make_safe_username`: rstrip, lower case, spaces → underscores. */
export function webSafeName(name: string): string {
  return name.trimEnd().toLowerCase().replace(/ /g, '_');
}

export type WebAuthDeps = Pick<BanchoDeps, 'storage' | 'passwords'>;

/** The user when the name exists and the md5 matches the stored bcrypt; undefined otherwise. */
export async function authenticateWeb(deps: WebAuthDeps, name: string | null | undefined, md5: string | null | undefined): Promise<UserRow | undefined> {
  if (!name || !md5 || name.length > 64 || md5.length > 64) return undefined;
  const user = await deps.storage.users.findBySafeName(webSafeName(name));
  if (!user || !user.passwordHash) return undefined;
  const hex = md5.toLowerCase();
  if (isKnownGood(user.id, hex, user.passwordHash)) return user;
  if (!(await deps.passwords.verify(hex, user.passwordHash))) return undefined;
  rememberGood(user.id, hex, user.passwordHash);
  return user;
}

/** score-service's answer to failed credentials (FastAPI `HTTPException(401)`). */
export const UNAUTHORIZED: HttpResponse = {
  status: 401,
  headers: { 'Content-Type': 'application/json' },
  body: '{"detail":"Unauthorized"}',
};
