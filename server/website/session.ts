/**
 * Website sessions: an HMAC-signed cookie (`hy_session=<user id>.<issued unix s>.<mac>`),
 * HttpOnly and SameSite=Lax, valid for 30 days; forms carry a CSRF token derived from the same
 * secret and the session. Stateless, so any Hayate process behind the load balancer accepts it
 * as long as they share WEBSITE_SECRET.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cookie } from '../api/public/request.js';

export const SESSION_COOKIE = 'hy_session';
const MAX_AGE_S = 30 * 86_400;

export class SessionSigner {
  private readonly key: Buffer;
  constructor(secret: string | undefined) {
    // Without a configured secret, sessions last as long as this process (fine for one process).
    this.key = secret ? Buffer.from(secret) : randomBytes(32);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  issue(userId: number, nowS: number): string {
    const body = `${userId}.${nowS}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The user id of a valid, unexpired session cookie, else 0. */
  verify(cookieHeader: string | undefined, nowS: number): number {
    const v = cookie(cookieHeader, SESSION_COOKIE);
    const m = /^(\d{1,10})\.(\d{1,12})\.([\w-]{43})$/.exec(v);
    if (!m) return 0;
    const expect = Buffer.from(this.mac(`${m[1]}.${m[2]}`));
    const given = Buffer.from(m[3]!);
    if (expect.length !== given.length || !timingSafeEqual(expect, given)) return 0;
    if (Number(m[2]) + MAX_AGE_S < nowS) return 0;
    return Number(m[1]);
  }

  /** CSRF token bound to the session cookie's value (or to "anon" before login). */
  csrf(cookieHeader: string | undefined): string {
    return this.mac(`csrf:${cookie(cookieHeader, SESSION_COOKIE) || 'anon'}`).slice(0, 32);
  }

  checkCsrf(cookieHeader: string | undefined, given: string): boolean {
    const a = Buffer.from(this.csrf(cookieHeader));
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  setCookie(value: string, secure: boolean): string {
    return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }

  clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
  }
}
