/**
 * The bancho HTTP API of rs (§6), same paths, shapes and status codes, so score-service and the
 * website keep working against Hayate. Success: `{"message":"ok","status":200,"result":…}`;
 * errors: HTTP status + `{"code":"<area.reason>","message":"…"}`.
 */
import { timingSafeEqual } from 'node:crypto';
import { isPubliclyVisible, Privileges } from '../../domain/privileges.js';
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import { json } from '../../http/types.js';
import type { BanchoDeps } from '../../bancho/context.js';
import { dbChannels } from '../../bancho/chat/channel-list.js';
import { botDirectMessage, botSayInChannel } from '../../bancho/chat/bot-say.js';
import { matchDetailsOfUser } from '../../bancho/multiplayer/game-actions.js';

const ok = (result: unknown, message = 'ok'): HttpResponse => json(200, { message, status: 200, result });
const fail = (status: number, code: string, message: string): HttpResponse => json(status, { code, message });

function param(req: HttpRequest, name: string): string | undefined {
  const v = new URLSearchParams(req.query).get(name);
  return v === null ? undefined : v;
}

function intParam(req: HttpRequest, name: string): number | undefined {
  const v = param(req, name);
  if (v === undefined || !/^-?\d{1,10}$/.test(v)) return undefined;
  return Number(v);
}

/** Constant-time key check; an empty configured key never matches (the API is then closed). */
function keyMatches(configured: string, given: string | undefined): boolean {
  if (configured === '' || given === undefined) return false;
  const a = Buffer.from(configured);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function mountBanchoApi(router: HttpRouter, deps: BanchoDeps): void {
  const get = (path: string, handler: (req: HttpRequest) => Promise<HttpResponse> | HttpResponse): void =>
    router.route('get', path, handler);

  get('/_health', () => ({ status: 200 }));

  get('/api/v1/isOnline', async (req) => {
    const id = intParam(req, 'id');
    if (id === undefined) return fail(400, 'users.invalid_id', 'id must be a user id');
    if (id === deps.config.botUserId) return ok(true);
    return ok((await deps.state.sessionsOfUser(id)).length > 0);
  });

  get('/api/v1/onlineUsers', async () => ok(await deps.state.countSessions()));

  get('/api/v1/serverStatus', () => ok(1));

  get('/api/v1/verifiedStatus', async (req) => {
    const id = intParam(req, 'u');
    if (id === undefined) return fail(400, 'users.invalid_id', 'u must be a user id');
    const user = await deps.storage.users.findById(id);
    if (!user) return fail(404, 'users.not_found', 'user not found');
    if (user.privileges & Privileges.PendingVerification) return ok(-1);
    return ok(isPubliclyVisible(user.privileges) ? 1 : 0);
  });

  get('/api/v1/playerMatchDetails', async (req) => {
    const id = intParam(req, 'id');
    if (id === undefined) return fail(400, 'users.invalid_id', 'id must be a user id');
    if ((await deps.state.sessionsOfUser(id)).length === 0) return ok(null, 'online user (token) not found');
    const details = await matchDetailsOfUser(deps, id);
    return details ? ok(details) : ok(null, 'match not found');
  });

  get('/api/v1/fokabotMessage', async (req) => {
    if (!keyMatches(deps.config.apiKey, param(req, 'k'))) return fail(401, 'auth.invalid_key', 'invalid API key');
    const to = param(req, 'to') ?? '';
    const msg = param(req, 'msg') ?? '';
    if (!to.startsWith('#')) return fail(400, 'chat.invalid_channel', 'to must be a channel name starting with #');
    if (msg.trim() === '') return fail(400, 'chat.empty_message', 'msg must not be empty');
    if (!(await dbChannels(deps.storage)).has(to)) return fail(404, 'chat.channel_not_found', 'channel not found');
    await botSayInChannel(deps, to, msg);
    return ok(null);
  });

  get('/api/v1/fokabotDirectMessage', async (req) => {
    if (!keyMatches(deps.config.apiKey, param(req, 'k'))) return fail(401, 'auth.invalid_key', 'invalid API key');
    const to = intParam(req, 'to');
    const msg = param(req, 'msg') ?? '';
    if (to === undefined) return fail(400, 'users.invalid_id', 'to must be a user id');
    if (msg.trim() === '') return fail(400, 'chat.empty_message', 'msg must not be empty');
    const user = await deps.storage.users.findById(to);
    if (!user) return fail(404, 'users.not_found', 'user not found');
    const sent = await botDirectMessage(deps, user.id, user.username, msg);
    return ok({ online: sent > 0, sent_sessions: sent });
  });
}
