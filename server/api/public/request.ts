/**
 * Reading akatsuki-api requests: query parameters with Go's lenient integer rules, pagination
 * (`p` from 1, `l` clamped), the token from its five sources, and the answer envelope (pretty
 * JSON with tabs, `code` mirrored as the HTTP status, JSONP on `callback=`).
 */
import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../../http/types.js';

export class Query {
  private readonly params: URLSearchParams;
  constructor(raw: string) {
    this.params = new URLSearchParams(raw);
  }
  /** The first value, '' when absent (Go's `Peek`). */
  get(name: string): string {
    return this.params.get(name) ?? '';
  }
  has(name: string): boolean {
    return this.params.has(name);
  }
  all(name: string): string[] {
    return this.params.getAll(name);
  }
  /** Go's `common.Int`: a base-10 integer, 0 when absent or malformed. */
  int(name: string): number {
    return goAtoi(this.get(name)) ?? 0;
  }
}

/** strconv.Atoi: optional sign and digits only, within int64-ish safe range; undefined otherwise. */
export function goAtoi(s: string): number | undefined {
  if (!/^[+-]?\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}

/** `common.InString(min, s, max, def)`: def when malformed, else clamped. */
export function inString(min: number, s: string, max: number, def: number): number {
  const n = goAtoi(s);
  if (n === undefined) return def;
  return Math.min(max, Math.max(min, n));
}

/** `common.Paginate(p, l, max)`: p < 1 → 1, l < 1 → 50, l > max → max. */
export function paginate(q: Query, maxLimit: number): { offset: number; limit: number } {
  const p = Math.max(1, q.int('p'));
  let l = q.int('l');
  if (l < 1) l = 50;
  if (l > maxLimit) l = maxLimit;
  return { offset: (p - 1) * l, limit: l };
}

/** akatsuki-api's `SafeUsername` (lowercase, spaces → `_`, no trim). */
export const safeUsername = (s: string): string => s.toLowerCase().replaceAll(' ', '_');

export const md5Hex = (s: string): string => createHash('md5').update(s).digest('hex');

export function cookie(header: string | undefined, name: string): string {
  if (!header) return '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    }
  }
  return '';
}

/** The raw token, in akatsuki-api's order of sources. */
export function tokenOf(req: HttpRequest, q: Query): { token: string; bearer: boolean } {
  const cookies = req.headers.get('cookie');
  const fromCookie = cookie(cookies, 'X-Ripple-Token');
  if (fromCookie) return { token: fromCookie, bearer: false };
  const header = req.headers.get('x-ripple-token');
  if (header) return { token: header, bearer: false };
  const auth = req.headers.get('authorization') ?? '';
  if (auth.startsWith('Bearer ')) return { token: auth.slice(7), bearer: true };
  if (q.get('token')) return { token: q.get('token'), bearer: false };
  if (q.get('k')) return { token: q.get('k'), bearer: false };
  return { token: cookie(cookies, 'rt'), bearer: false };
}

export const TOKEN_HEADERS = ['cookie', 'x-ripple-token', 'authorization'] as const;

/** The akatsuki-api envelope body: `code`, optional `message`, payload fields at top level. */
export type ApiBody = { code: number; message?: string } & Record<string, unknown>;

const JSONP_NAME = /^[a-zA-Z_$][a-zA-Z0-9_$]*$/;

export function envelope(q: Query, body: ApiBody): HttpResponse {
  const json = JSON.stringify(body, null, '\t');
  const cb = q.get('callback');
  if (q.has('callback')) {
    const wrapped = cb !== '' && cb.length < 100 && JSONP_NAME.test(cb) ? `/**/ typeof ${cb} === 'function' && ${cb}(${json});` : json;
    return { status: body.code, headers: { 'Content-Type': 'application/javascript; charset=utf-8' }, body: wrapped };
  }
  return { status: body.code, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: json };
}

export const simple = (code: number, message: string): ApiBody => ({ code, message });
export const missing = (...fields: string[]): ApiBody => ({ code: 422, message: `Missing parameters: ${fields.join(', ')}.` });
