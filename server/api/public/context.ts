/**
 * What every akatsuki-api route handler receives (`MethodData` in the Go original), and the wrapper
 * that builds it: token lookup (md5 of the raw token in `tokens.token`, masked by the owner's
 * user privileges), the privilege gate (401 "Unauthorized."), the envelope, and a 500 in the
 * envelope's shape for any failure.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../log.js';
import type { Clock } from '../../ports/clock.js';
import type { Leaderboards } from '../../ports/leaderboards.js';
import type { LiveState } from '../../ports/state.js';
import type { PublicReadModel, Viewer } from '../../ports/public-read-model.js';
import type { Storage } from '../../ports/storage.js';
import type { ProfileSettings } from '../../ports/profile-settings.js';
import type { HttpRequest, HttpResponse, HttpRouter, RouteHandler } from '../../http/types.js';
import { Privileges } from '../../domain/privileges.js';
import { BadParam } from './params.js';
import { ALL_TOKEN_PRIVILEGES, canOnly } from './token-privileges.js';
import { envelope, md5Hex, Query, simple, TOKEN_HEADERS, tokenOf, type ApiBody } from './request.js';

export interface PublicApiDeps {
  readonly read: PublicReadModel;
  readonly storage: Storage;
  readonly leaderboards: Leaderboards;
  readonly state: LiveState;
  readonly clock: Clock;
  readonly log: Logger;
  /** The few writes a player makes about their own profile (settings, pins). */
  readonly settings: ProfileSettings;
  /** Answers of cacheable routes are kept this long (ms; 0 = off). */
  readonly cacheMs: number;
}

export interface MethodData {
  readonly q: Query;
  readonly req: HttpRequest;
  /** Token owner's id, 0 without a (valid) token. */
  readonly userId: number;
  readonly tokenPrivileges: number;
  readonly userPrivileges: number;
  /** Hidden-user rule for this caller. */
  readonly viewer: Viewer;
}

export type Method = (md: MethodData, deps: PublicApiDeps) => Promise<ApiBody> | ApiBody;

export const ERR_500 = simple(500, "An error occurred. Trying again may work. If it doesn't, yell at this Ripple instance admin and tell them to fix the API.");

/** Token ids whose `last_updated` was written recently (akatsuki-api batches these writes too). */
const TOUCH_EVERY_MS = 60_000;

export function methodRunner(deps: PublicApiDeps) {
  const touched = new Map<number, number>();
  const resolve = async (req: HttpRequest, q: Query): Promise<Omit<MethodData, 'q' | 'req' | 'viewer'>> => {
    const { token, bearer } = tokenOf(req, q);
    // OAuth bearer tokens live in osin_access, which Hayate does not issue: treated as absent.
    if (token === '' || bearer) return { userId: 0, tokenPrivileges: 0, userPrivileges: 0 };
    const t = await deps.read.tokenByHash(md5Hex(token));
    if (!t) return { userId: 0, tokenPrivileges: 0, userPrivileges: 0 };
    const now = deps.clock.now();
    if ((touched.get(t.id) ?? 0) + TOUCH_EVERY_MS < now) {
      touched.set(t.id, now);
      deps.read.touchToken(t.id, Math.floor(now / 1000)).catch((err: unknown) => deps.log.warn('token touch failed', { err }));
    }
    return { userId: t.userId, tokenPrivileges: canOnly(t.private ? ALL_TOKEN_PRIVILEGES : t.privileges, t.userPrivileges), userPrivileges: t.userPrivileges };
  };

  // Whole answers of read-only routes, per caller (what a caller sees depends on who they are).
  // A second of staleness is what Akatsuki's own boards and caches already show.
  const cache = deps.cacheMs > 0 ? new LRUCache<string, HttpResponse>({ max: 10_000, ttl: deps.cacheMs }) : undefined;

  return (method: Method, ...privilegesNeeded: number[]): RouteHandler => {
    const cacheable = cache !== undefined && privilegesNeeded.length === 0;
    return async (req) => {
      const q = new Query(req.query);
      try {
        const who = await resolve(req, q);
        const missing = privilegesNeeded.reduce((m, p) => ((who.tokenPrivileges & p) === 0 ? m | p : m), 0);
        if (missing !== 0) return envelope(q, simple(401, 'Unauthorized.'));
        const key = cacheable && req.method === 'get' ? `${req.path}?${req.query}|${who.userId}|${who.tokenPrivileges}` : undefined;
        const hit = key === undefined ? undefined : cache!.get(key);
        if (hit) return hit;
        const viewer: Viewer = { selfId: who.userId, seesAll: (who.userPrivileges & Privileges.AdminManageUsers) !== 0 };
        const answer = envelope(q, await method({ ...who, q, req, viewer }, deps));
        if (key !== undefined && answer.status === 200) cache!.set(key, answer);
        return answer;
      } catch (err) {
        if (err instanceof BadParam) return envelope(q, err.body);
        deps.log.error('public api failed', { path: req.path, err });
        return envelope(q, ERR_500);
      }
    };
  };
}

export type Mount = (router: HttpRouter, run: ReturnType<typeof methodRunner>) => void;

export const ROUTE_OPTIONS = { headers: [...TOKEN_HEADERS], query: true } as const;
