/**
 * Where the operator-only routes live (/metrics, performance-service's calculate and rework API,
 * the admin API): always on the internal listener (INTERNAL_HOST:INTERNAL_PORT, loopback by
 * default), and on the public port only for a request that carries `Authorization: Bearer
 * <API_KEY>` — and not at all (404, as if absent) while API_KEY is unset. `/api/v1/calculate`
 * alone can queue a thousand PP calculations per request, so nobody on the internet may reach it
 * by default.
 */
import { timingSafeEqual } from 'node:crypto';
import type { HttpMethod, HttpRouter, RouteHandler, RouteOptions } from './types.js';
import { json } from './types.js';

/** True when `header` is exactly `Bearer <key>` (constant-time compare; an empty key never matches). */
export function bearerMatches(key: string, header: string | undefined): boolean {
  if (key === '' || header === undefined || !header.startsWith('Bearer ')) return false;
  const want = Buffer.from(key);
  const got = Buffer.from(header.slice('Bearer '.length));
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The public port's view of the internal routes: key-checked, or nothing when there is no key. */
function keyGuarded(publicRouter: HttpRouter, apiKey: string): HttpRouter {
  return {
    route(method: HttpMethod, pattern: string, handler: RouteHandler, options: RouteOptions = {}) {
      if (apiKey === '') return;
      const headers = options.headers ? [...new Set([...options.headers, 'authorization'])] : undefined;
      // A route that declared its headers reads no query unless it asked: keep that choice.
      const query = options.query ?? options.headers === undefined;
      publicRouter.route(
        method,
        pattern,
        (req) => (bearerMatches(apiKey, req.headers.get('authorization')) ? handler(req) : json(401, { ok: false, error: 'this route needs Authorization: Bearer <API_KEY>' })),
        { ...options, ...(headers ? { headers } : {}), query },
      );
    },
  };
}

/** One router that mounts every route on the internal listener and, guarded, on the public one. */
export function internalSurface(internal: HttpRouter, publicRouter: HttpRouter, apiKey: string): HttpRouter {
  const guarded = keyGuarded(publicRouter, apiKey);
  return {
    route(method, pattern, handler, options) {
      internal.route(method, pattern, handler, options);
      guarded.route(method, pattern, handler, options);
    },
  };
}
