/**
 * A minimal admin HTTP API for the staff actions (server/moderation/): POST
 * `/api/v1/admin/users/<action>` with a JSON body
 *   { "user": "name" | id, "reason": "…", "seconds": n (silence), "bits": n (whitelist),
 *     "privileges": n (set-privileges), "actor": "staff name" | id (optional) }
 * authenticated by `Authorization: Bearer <API_KEY>` (closed while API_KEY is empty). Without
 * `actor` the operator acts (as the bot, no rank limit); with one, that account's privileges must
 * outrank the target's. Answers `{ "ok": true, "user": {id, username, privileges}, "log": "…" }`,
 * or 4xx `{ "ok": false, "error": "…" }`. Meant for a trusted network (put it behind the proxy's
 * internal listener).
 */
import { timingSafeEqual } from 'node:crypto';
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import { json } from '../../http/types.js';
import { moderate, type ModerationAction, type ModerationKind } from '../../moderation/actions.js';
import { ModerationError, operatorActor, THROUGH, type Actor } from '../../moderation/deps.js';
import { findUser } from '../../moderation/find-user.js';

const KINDS: readonly ModerationKind[] = [
  'ban', 'unban', 'restrict', 'unrestrict', 'silence', 'unsilence', 'kick', 'freeze', 'unfreeze', 'whitelist', 'set-privileges', 'addbn', 'removebn',
];

const fail = (status: number, error: string): HttpResponse => json(status, { ok: false, error });

function authorized(configured: string, header: string | undefined): boolean {
  if (configured === '' || header === undefined || !header.startsWith('Bearer ')) return false;
  const a = Buffer.from(configured);
  const b = Buffer.from(header.slice('Bearer '.length));
  return a.length === b.length && timingSafeEqual(a, b);
}

function bodyOf(req: HttpRequest): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const intOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : undefined);

function actionOf(kind: ModerationKind, body: Record<string, unknown>): ModerationAction | string {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  const needsReason = kind !== 'addbn' && kind !== 'removebn' && kind !== 'set-privileges';
  if (needsReason && reason === '') return 'reason is required';
  switch (kind) {
    case 'silence': {
      const seconds = intOf(body.seconds);
      return seconds === undefined ? 'seconds must be a whole number' : { kind, seconds, reason };
    }
    case 'whitelist': {
      const bits = intOf(body.bits);
      return bits === undefined ? 'bits must be a whole number' : { kind, bits, reason };
    }
    case 'set-privileges': {
      const privileges = intOf(body.privileges);
      return privileges === undefined ? 'privileges must be a whole number' : { kind, privileges, reason };
    }
    default:
      return { kind, reason } as ModerationAction;
  }
}

export function mountAdminApi(router: HttpRouter, deps: BanchoDeps): void {
  router.route(
    'post',
    '/api/v1/admin/users/:action',
    async (req) => {
      if (!authorized(deps.config.apiKey, req.headers.get('authorization'))) return fail(401, 'missing or wrong API key');
      const kind = req.path.slice('/api/v1/admin/users/'.length) as ModerationKind;
      if (!KINDS.includes(kind)) return fail(404, `unknown action; one of ${KINDS.join(', ')}`);
      const body = bodyOf(req);
      if (!body) return fail(400, 'the body must be a JSON object');
      const action = actionOf(kind, body);
      if (typeof action === 'string') return fail(400, action);
      try {
        const target = await findUser(deps.storage, body.user);
        let actor: Actor = operatorActor(deps.config, THROUGH.api);
        if (body.actor !== undefined) {
          const staff = await findUser(deps.storage, body.actor);
          actor = { userId: staff.id, username: staff.username, privileges: staff.privileges, through: THROUGH.api };
        }
        const r = await moderate(deps, actor, target, action);
        return json(200, { ok: true, user: { id: r.target.id, username: r.target.username, privileges: r.privileges }, log: r.logText });
      } catch (err) {
        if (err instanceof ModerationError) return fail({ 'not-found': 404, invalid: 400, refused: 403 }[err.code], err.message);
        throw err;
      }
    },
    { maxBodyBytes: 16 * 1024, headers: ['authorization'] },
  );
}
