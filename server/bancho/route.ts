/**
 * `POST /` on the bancho host: no `osu-token` header → login; with it → poll (§1.1, §3).
 * Both answer 200 with `cho-token` and a body of packets.
 */
import type { HttpRequest, HttpResponse, HttpRouter } from '../http/types.js';
import type { BanchoDeps } from './context.js';
import { handleLogin } from './login/login.js';
import { handlePoll, pollNow } from './poll.js';

/** Bancho bodies are small (a poll is a few packets); 1 MiB is generous. */
export const BANCHO_MAX_BODY_BYTES = 1024 * 1024;

// cf-ipcountry / x-country-code: a trusted proxy's country (GEO_TRUST_COUNTRY_HEADERS), read at login.
const BANCHO_HEADERS = ['osu-token', 'user-agent', 'cf-ipcountry', 'x-country-code'] as const;

export function mountBancho(router: HttpRouter, deps: BanchoDeps): void {
  router.route('post', '/', (req) => banchoRequest(deps, req), {
    maxBodyBytes: BANCHO_MAX_BODY_BYTES,
    headers: BANCHO_HEADERS,
  });
}

function banchoRequest(deps: BanchoDeps, req: HttpRequest): HttpResponse | Promise<HttpResponse> {
  const token = req.headers.get('osu-token');
  if (token === undefined) return loginRequest(deps, req);
  // Most requests are idle polls that need no I/O: answered without a promise (see pollNow).
  const quick = pollNow(deps, token, req.body);
  if (quick !== undefined) return { status: 200, headers: { 'cho-token': quick.token }, body: quick.body };
  return pollRequest(deps, token, req.body);
}

async function loginRequest(deps: BanchoDeps, req: HttpRequest): Promise<HttpResponse> {
  if (req.headers.get('user-agent') !== 'osu!') {
    return { status: 422, headers: { 'Content-Type': 'text/plain' }, body: 'bancho expects the osu! client' };
  }
  const hint = deps.config.beatmaps.geoTrustCountryHeaders ? (req.headers.get('cf-ipcountry') ?? req.headers.get('x-country-code')) : undefined;
  const answer = await handleLogin(deps, req.body, req.ip, hint);
  return { status: 200, headers: { 'cho-token': answer.token, 'cho-protocol': '19' }, body: answer.body };
}

async function pollRequest(deps: BanchoDeps, token: string, body: Buffer): Promise<HttpResponse> {
  const answer = await handlePoll(deps, token, body);
  return { status: 200, headers: { 'cho-token': answer.token }, body: answer.body };
}
