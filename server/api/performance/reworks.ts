/**
 * performance-service's rework routes (pp-compute.md §4.1), same paths and JSON shapes. The
 * router hands every `/api/v1/reworks/...` request here and the path is matched in code, so
 * `users/search`, `users/:id` and `:rework_id` never depend on the HTTP layer's pattern priority.
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../../http/types.js';
import { json, text } from '../../http/types.js';
import type { Storage } from '../../ports/storage.js';
import type { Leaderboards } from '../../ports/leaderboards.js';
import type { PasswordHasher } from '../../ports/passwords.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import type { RecalcStore, ReworkRow } from '../../recalc/store/recalc-store.js';
import type { ReworkKv } from '../../recalc/reworks/rework-kv.js';
import { playstyleOfRework, queueReworkUser, type ReworkDeps } from '../../recalc/reworks/rework-service.js';

export interface ReworkRoutesDeps {
  storage: Storage;
  store: RecalcStore;
  kv: ReworkKv;
  leaderboards: Leaderboards;
  passwords: PasswordHasher;
  /** For queueing (needs the transport); absent = queueing answers 503. */
  rework?: ReworkDeps;
}

export const reworkJson = (r: ReworkRow) => ({ rework_id: r.reworkId, rework_name: r.reworkName, mode: r.mode, rx: r.rx, updated_at: r.updatedAt });

const ID = /^\d{1,10}$/;

function query(req: HttpRequest, name: string): string | undefined {
  return new URLSearchParams(req.query).get(name) ?? undefined;
}

function intQuery(req: HttpRequest, name: string, fallback: number, min: number, max: number): number {
  const v = query(req, name);
  if (v === undefined || !ID.test(v)) return fallback;
  return Math.min(max, Math.max(min, Number(v)));
}

async function oldRank(deps: ReworkRoutesDeps, rework: ReworkRow, userId: number): Promise<number> {
  return deps.leaderboards.rank({ playstyle: playstyleOfRework(rework), mode: rework.mode }, userId);
}

export async function handleReworkGet(deps: ReworkRoutesDeps, req: HttpRequest): Promise<HttpResponse> {
  const parts = req.path.split('/').filter((p) => p !== '').slice(3); // after api/v1/reworks
  if (parts.length === 0) return json(200, (await deps.store.listReworks()).map(reworkJson));

  // /reworks/users/:user_id
  if (parts[0] === 'users' && parts.length === 2 && ID.test(parts[1]!)) {
    const user = await deps.storage.users.findById(Number(parts[1]));
    if (!user) return json(200, null);
    const reworks = await deps.store.reworksOfUser(user.id);
    return json(200, { user_id: user.id, user_name: user.username, country: user.country, reworks: reworks.map(reworkJson) });
  }
  if (!ID.test(parts[0]!)) return text(404, 'not found');
  const reworkId = Number(parts[0]);
  const rework = await deps.store.getRework(reworkId);

  if (parts.length === 1) return json(200, rework ? reworkJson(rework) : null);

  // /reworks/:id/leaderboards?page=&amount=
  if (parts.length === 2 && parts[1] === 'leaderboards') {
    const page = intQuery(req, 'page', 1, 1, 1_000_000);
    const amount = intQuery(req, 'amount', 50, 1, 100);
    const board = await deps.store.reworkLeaderboard(reworkId, (page - 1) * amount, amount);
    return json(200, {
      total_count: board.total,
      users: board.users.map((u) => ({ user_id: u.userId, country: u.country, user_name: u.userName, new_pp: u.newPp, old_pp: u.oldPp, new_rank: u.newRank, old_rank: u.oldRank })),
    });
  }

  // /reworks/:id/scores/:user_id
  if (parts.length === 3 && parts[1] === 'scores' && ID.test(parts[2]!)) {
    if (!rework) return json(200, null);
    const scores = await deps.store.reworkScoresOfUser(reworkId, Number(parts[2]));
    if (scores.length === 0) return json(200, null);
    const byOld = [...scores].sort((a, b) => b.oldPp - a.oldPp);
    return json(
      200,
      scores.map((s, i) => ({
        score_id: Number(s.scoreId),
        user_id: s.userId,
        rework_id: s.reworkId,
        max_combo: s.maxCombo,
        mods: s.mods,
        accuracy: s.accuracy,
        score: s.score,
        num_300s: s.num300s,
        num_100s: s.num100s,
        num_50s: s.num50s,
        num_gekis: s.numGekis,
        num_katus: s.numKatus,
        num_misses: s.numMisses,
        old_pp: s.oldPp,
        new_pp: s.newPp,
        old_rank: byOld.indexOf(s) + 1,
        new_rank: i + 1,
        beatmap: { beatmap_id: s.beatmapId, beatmapset_id: s.beatmapsetId, song_name: s.songName },
      })),
    );
  }

  // /reworks/:id/users/search?query=
  if (parts.length === 3 && parts[1] === 'users' && parts[2] === 'search') {
    const q = (query(req, 'query') ?? '').slice(0, 64);
    const users = await deps.store.searchReworkUsers(reworkId, q);
    return json(200, users.map((u) => ({ user_id: u.userId, user_name: u.userName })));
  }

  // /reworks/:id/users/:user_id/stats
  if (parts.length === 4 && parts[1] === 'users' && ID.test(parts[2]!) && parts[3] === 'stats') {
    if (!rework) return json(200, null);
    const userId = Number(parts[2]);
    const stats = await deps.store.reworkStats(reworkId, userId);
    if (!stats) return json(200, null);
    return json(200, {
      user_id: userId,
      country: stats.country,
      user_name: stats.userName,
      new_pp: stats.newPp,
      old_pp: stats.oldPp,
      new_rank: await deps.kv.boardRank(reworkId, userId),
      old_rank: await oldRank(deps, rework, userId),
    });
  }
  return text(404, 'not found');
}

/** POST /api/v1/reworks/sessions {username, password_md5} */
export async function handleSessionCreate(deps: ReworkRoutesDeps, req: HttpRequest): Promise<HttpResponse> {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return text(400, 'body must be JSON {username, password_md5}');
  }
  const o = (body ?? {}) as Record<string, unknown>;
  if (typeof o.username !== 'string' || typeof o.password_md5 !== 'string' || o.username.length > 64 || !/^[0-9a-fA-F]{32}$/.test(o.password_md5)) {
    return text(400, 'body must be JSON {username, password_md5}');
  }
  const fail = json(200, { success: false, user_id: null, session_token: null });
  const safe = o.username.trim().toLowerCase().replace(/ /g, '_');
  const user = await deps.storage.users.findBySafeName(safe);
  if (!user) return fail;
  if (!(await deps.passwords.verify(o.password_md5.toLowerCase(), user.passwordHash))) return fail;
  let token = await deps.kv.sessionOf(user.id);
  if (token === undefined || (await deps.kv.sessionUser(token)) !== user.id) {
    token = randomUUID();
    await deps.kv.sessionPut(token, user.id);
  }
  return json(200, { success: true, user_id: user.id, session_token: token });
}

/** DELETE /api/v1/reworks/sessions/:session */
export async function handleSessionDelete(deps: ReworkRoutesDeps, req: HttpRequest): Promise<HttpResponse> {
  const token = req.path.split('/').filter((p) => p !== '').at(-1) ?? '';
  await deps.kv.sessionDelete(token);
  return json(200, { success: true });
}

/** POST /api/v1/reworks/:rework_id/queue?session= */
export async function handleQueue(deps: ReworkRoutesDeps, req: HttpRequest): Promise<HttpResponse> {
  const parts = req.path.split('/').filter((p) => p !== '').slice(3);
  if (parts.length !== 2 || !ID.test(parts[0]!) || parts[1] !== 'queue') return text(404, 'not found');
  if (!deps.rework) return text(503, 'rework queue not available');
  const session = query(req, 'session') ?? '';
  const userId = session === '' ? undefined : await deps.kv.sessionUser(session);
  if (userId === undefined) return json(200, { success: false, message: 'Invalid session' });
  const user = await deps.storage.users.findById(userId);
  if (!user || !isPubliclyVisible(user.privileges)) return json(200, { success: false, message: 'User not found or restricted' });
  return json(200, await queueReworkUser(deps.rework, userId, Number(parts[0])));
}
