/**
 * osu!direct for the client (score-and-web.md §1.5): `GET /web/osu-search.php`,
 * `GET /web/osu-search-set.php`, `GET /d/<set id>` (downloads through the mirrors).
 */
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import { text } from '../../http/types.js';
import type { Logger } from '../../log.js';
import { BeatmapSourceUnavailableError } from '../../ports/beatmap-store.js';
import type { MirrorPool } from '../../adapters/beatmaps/mirrors.js';
import { authenticateWeb, UNAUTHORIZED, type WebAuthDeps } from '../web-auth.js';
import { findDirectSet, searchDirect, type DirectDeps } from './search.js';
import { formatSearch, formatSearchError, formatSetCard } from './format.js';

export interface DirectRouteDeps extends DirectDeps {
  /** Credentials of `u`/`h` (score-service's rules, shared with the other /web/ endpoints). */
  auth: WebAuthDeps;
  mirrors: MirrorPool | undefined;
  log: Logger;
}

const plain = (body: string): HttpResponse => ({ status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });

function intParam(p: URLSearchParams, name: string, fallback: number, min: number, max: number): number | undefined {
  const v = p.get(name);
  if (v === null || v === '') return fallback;
  if (!/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < min || n > max ? undefined : n;
}

async function authed(deps: DirectRouteDeps, p: URLSearchParams): Promise<boolean> {
  return (await authenticateWeb(deps.auth, p.get('u'), p.get('h'))) !== undefined;
}

export async function handleSearch(deps: DirectRouteDeps, req: HttpRequest): Promise<HttpResponse> {
  const p = new URLSearchParams(req.query);
  if (!(await authed(deps, p))) return UNAUTHORIZED;
  const r = intParam(p, 'r', 4, 0, 8);
  const mode = intParam(p, 'm', -1, -1, 3);
  const page = intParam(p, 'p', 0, 0, 10_000);
  if (r === undefined || mode === undefined || page === undefined) return plain(formatSearchError('Invalid search parameters.'));
  try {
    const sets = await searchDirect(deps, { text: (p.get('q') ?? '').trim(), mode, r, page });
    return plain(formatSearch(sets));
  } catch (err) {
    if (!(err instanceof BeatmapSourceUnavailableError)) throw err;
    deps.log.warn('osu!direct search failed upstream', { err: err.message });
    return plain(formatSearchError('Failed to retrieve data from the beatmap mirror.'));
  }
}

export async function handleSearchSet(deps: DirectRouteDeps, req: HttpRequest): Promise<HttpResponse> {
  const p = new URLSearchParams(req.query);
  if (!(await authed(deps, p))) return UNAUTHORIZED;
  // Negative ids are this server's own imports of unsubmitted maps.
  const s = intParam(p, 's', 0, -(2 ** 31), 2 ** 31 - 1);
  const b = intParam(p, 'b', 0, -(2 ** 31), 2 ** 31 - 1);
  if (s === undefined || b === undefined || (s === 0 && b === 0)) return text(400, 'expected a set id (s) or a beatmap id (b)');
  try {
    const set = await findDirectSet(deps, s !== 0 ? { setId: s } : { beatmapId: b });
    return set ? plain(formatSetCard(set)) : text(404, 'no such beatmap set');
  } catch (err) {
    if (!(err instanceof BeatmapSourceUnavailableError)) throw err;
    return { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(err.retryAfterSeconds) }, body: 'beatmap source unavailable' };
  }
}

export async function handleDownload(deps: DirectRouteDeps, req: HttpRequest): Promise<HttpResponse> {
  // `/d/123` or `/d/123n` (the client's "no video" variant: the mirrors decide what they serve).
  const m = /^\/d\/(\d{1,10})n?$/.exec(req.path);
  const setId = m ? Number(m[1]) : 0;
  if (!m || setId <= 0 || setId > 2 ** 31 - 1) return text(400, 'expected /d/<set id>');
  if (!deps.mirrors) return text(404, 'no download mirror is configured');
  const r = await deps.mirrors.fetch({ kind: 'osz', setId });
  if (r.kind === 'absent') return text(404, 'no mirror has this beatmap set');
  if (r.kind === 'unavailable') return { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(r.retryAfterSeconds) }, body: 'no download mirror is reachable' };
  return { status: 200, headers: { 'Content-Type': 'application/x-osu-beatmap-archive', 'Content-Disposition': `attachment; filename="${setId}.osz"` }, body: r.body };
}

export function mountDirect(router: HttpRouter, deps: DirectRouteDeps): void {
  router.route('get', '/web/osu-search.php', (req) => handleSearch(deps, req), { headers: [], query: true });
  router.route('get', '/web/osu-search-set.php', (req) => handleSearchSet(deps, req), { headers: [], query: true });
  router.route('get', '/d/*', (req) => handleDownload(deps, req), { headers: [], query: false });
}
