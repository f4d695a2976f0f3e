/**
 * The /web/ and site paths whose answer is fixed or nearly so (score-and-web.md §1.2, §1.9):
 * - `GET /web/osu-markasread.php?u&h&channel=<name>`: marks the private messages from that player
 *   read (bancho.py's meaning; Akatsuki has no handler); empty body;
 * - `GET /web/bancho_connect.php` and score-service's `/web/bancho-connect.php`: empty;
 * - `GET /web/check-updates.php`: empty (no update channel here);
 * - `POST /web/osu-error.php`: the crash report is parsed (size-capped multipart), logged at
 *   debug level and dropped; empty;
 * - calls nobody implements (`osu-session.php`, beatmap submission, `osu-checktweets.php` …):
 *   empty 200;
 * - the osu.ppy.sh redirects: `/web/maps/*`, `/beatmapsets/*`, `/beatmaps/*`,
 *   `/community/forums/topics/*` → 301, `POST /difficulty-rating` → 307 (the body goes along);
 * - `GET /p/doyoureallywanttoaskpeppy`: a short text.
 */
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';
import { MultipartError, parseMultipart } from '../multipart.js';
import { plain, redirect, withParams } from '../support/answers.js';
import { Query } from '../support/query.js';
import { authenticateWeb, UNAUTHORIZED, webSafeName } from '../web-auth.js';

const OSU = 'https://osu.ppy.sh';

/** Paths the client may call that no server implements. */
export const UNIMPLEMENTED_PATHS = [
  '/web/osu-session.php',
  '/web/osu-osz2-bmsubmit-post.php',
  '/web/osu-osz2-bmsubmit-upload.php',
  '/web/osu-osz2-bmsubmit-getid.php',
  '/web/osu-get-beatmap-topic.php',
  '/web/osu-checktweets.php',
] as const;

export function mountSimpleRoutes(router: HttpRouter, deps: BanchoDeps): void {
  router.route('get', '/web/osu-markasread.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      return { name: q.string('u'), md5: q.string('h'), channel: q.string('channel', { max: 64 }) };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return UNAUTHORIZED;
    if (p.value.channel.startsWith('#')) return plain('');
    const partner = await deps.storage.users.findBySafeName(webSafeName(p.value.channel));
    if (!partner) return plain('');
    const unread = (await deps.storage.messages.unreadFor(user.id)).filter((m) => m.senderId === partner.id);
    if (unread.length > 0) await deps.storage.messages.markRead(unread.map((m) => m.id), Math.floor(deps.clock.now() / 1000));
    return plain('');
  });

  for (const path of ['/web/bancho_connect.php', '/web/bancho-connect.php', '/web/check-updates.php']) {
    router.route('get', path, () => plain(''), { headers: [] });
  }
  for (const path of UNIMPLEMENTED_PATHS) router.route('any', path, () => plain(''), { headers: [] });

  router.route(
    'post',
    '/web/osu-error.php',
    async (req) => {
      try {
        const parts = await parseMultipart(req.headers.get('content-type'), req.body, { fieldBytes: 256 * 1024, fileBytes: 1024 * 1024, parts: 64 });
        const fields = Object.fromEntries(parts.filter((x) => x.kind === 'field').map((x) => [x.name, x.value.toString('utf8').slice(0, 200)]));
        deps.log.debug('client error report', { fields: Object.keys(fields), exception: fields.exception, version: fields.version });
      } catch (err) {
        if (!(err instanceof MultipartError)) throw err;
        return plain(`error: ${err.message}`, 400);
      }
      return plain('');
    },
    { maxBodyBytes: 2 * 1024 * 1024, headers: ['content-type'] },
  );

  for (const prefix of ['/web/maps/', '/beatmapsets/', '/beatmaps/', '/community/forums/topics/']) {
    router.route('get', `${prefix}*`, (req) => redirect(301, OSU + req.path), { headers: [], query: false });
  }
  router.route('post', '/difficulty-rating', () => redirect(307, `${OSU}/difficulty-rating`), { headers: [], query: false });

  router.route('get', '/p/doyoureallywanttoaskpeppy', () => plain('peppy is not here; this server answers for itself.'), { headers: [] });
}
