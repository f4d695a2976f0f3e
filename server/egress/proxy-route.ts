/**
 * `/proxy/<host>/<path>`: the egress limiter offered to the operator's other services, as Zeus is
 * to RaidHub's. Callers present PROXY_API_KEY in `x-api-key`; only hosts on PROXY_ALLOWED_HOSTS
 * are reachable (never an open proxy). The upstream answer (status, body, content type) is passed
 * through; a request the limiter cannot serve before its deadline gets 503 + Retry-After (never
 * a bare 502), an unreachable upstream 502.
 */
import { timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponse, HttpRouter } from '../http/types.js';
import { text } from '../http/types.js';
import type { Egress, EgressRequest } from './egress.js';
import { EgressRateLimitedError, EgressTransportError } from './errors.js';

export interface ProxyRouteOptions {
  egress: Egress;
  apiKey: string;
  allowedHosts: readonly string[];
  /** Upstream scheme (https; tests reach loopback fakes over http). */
  scheme?: 'https' | 'http';
}

const PASSED_HEADERS = ['content-type', 'accept', 'authorization'];
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD']);

function keyMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function handleProxy(opts: ProxyRouteOptions, req: HttpRequest): Promise<HttpResponse> {
  if (opts.apiKey === '' || !keyMatches(req.headers.get('x-api-key') ?? '', opts.apiKey)) return text(401, 'missing or wrong x-api-key');
  const m = /^\/proxy\/([^/]+)(\/.*)?$/.exec(req.path);
  if (!m) return text(400, 'expected /proxy/<host>/<path>');
  const host = m[1]!.toLowerCase();
  if (!opts.allowedHosts.includes(host)) return text(403, `host not allowed: ${host}`);
  const method = req.method.toUpperCase();
  if (!METHODS.has(method)) return text(405, 'method not allowed');
  const headers: Record<string, string> = {};
  for (const h of PASSED_HEADERS) {
    const v = req.headers.get(h);
    if (v !== undefined) headers[h] = v;
  }
  const url = `${opts.scheme ?? 'https'}://${host}${m[2] ?? '/'}${req.query === '' ? '' : `?${req.query}`}`;
  const r: EgressRequest = { url, method: method as NonNullable<EgressRequest['method']>, headers };
  if (req.body.length > 0) r.body = req.body;
  try {
    const res = await opts.egress.request(r);
    const out: Record<string, string> = {};
    for (const h of ['content-type', 'retry-after', 'cache-control']) if (res.headers[h] !== undefined) out[h] = res.headers[h]!;
    return { status: res.status, headers: out, body: res.body };
  } catch (err) {
    if (err instanceof EgressRateLimitedError) return { status: 503, headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) }, body: err.message };
    if (err instanceof EgressTransportError) return text(502, err.message);
    throw err;
  }
}

export function mountProxy(router: HttpRouter, opts: ProxyRouteOptions): void {
  router.route('any', '/proxy/*', (req) => handleProxy(opts, req), { headers: ['x-api-key', ...PASSED_HEADERS], query: true, maxBodyBytes: 1024 * 1024 });
}
