/**
 * The small per-user calls of song select and the user panel:
 * - `GET /web/osu-rate.php?u&p&c=<md5>[&v=1..10]` (§1.6): `no exist`, `not ranked`,
 *   `alreadyvoted\n<rating>`, a vote → `alreadyvoting\n<avg, 2 decimals>` (score-service's
 *   spelling, which the client accepts), no vote → `ok`;
 * - `GET /web/osu-addfavourite.php?u&h&a=<set id>` and `GET /web/osu-getfavourites.php?u&h`;
 * - `GET /web/osu-getfriends.php?u&h`: friend ids, one per line;
 * - `GET /web/osu-getseasonal.php`: JSON array of the enabled seasonal background URLs.
 */
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpResponse, HttpRouter } from '../../http/types.js';
import { json } from '../../http/types.js';
import { hasLeaderboard } from '../../scores/leaderboard/beatmap-leaderboard.js';
import type { BeatmapLookup } from '../beatmap-lookup.js';
import { plain, withParams } from '../support/answers.js';
import { pyFixed, pyFloat } from '../support/py-format.js';
import { Query } from '../support/query.js';
import { authenticateWeb, UNAUTHORIZED } from '../web-auth.js';

const INT32_MAX = 2_147_483_647;

/** score-service's osu-rate.php credential failure (`error_text=b"auth fail"`). */
const RATE_UNAUTHORIZED: HttpResponse = { status: 401, headers: { 'Content-Type': 'application/json' }, body: '{"detail":"auth fail"}' };

export function mountRatingsFavouritesFriends(router: HttpRouter, deps: BanchoDeps, lookup: BeatmapLookup): void {
  router.route('get', '/web/osu-rate.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      return { name: q.string('u'), md5: q.string('p'), map: q.string('c'), vote: q.optionalInt('v', 1, 10) };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return RATE_UNAUTHORIZED;
    const beatmap = await lookup.byMd5(p.value.map.toLowerCase());
    if (!beatmap) return plain('no exist');
    if (!hasLeaderboard(beatmap.ranked)) return plain('not ranked');
    if (await deps.storage.webRecords.hasRated(user.id, beatmap.beatmapMd5)) {
      const rating = await deps.storage.mapLeaderboards.ratingOf(beatmap.beatmapMd5);
      return plain(`alreadyvoted\n${rating === null ? 'None' : pyFloat(rating)}`);
    }
    if (p.value.vote === undefined) return plain('ok');
    const avg = await deps.storage.webRecords.addRating(user.id, beatmap.beatmapMd5, p.value.vote);
    return plain(`alreadyvoting\n${pyFixed(avg, 2)}`);
  });

  router.route('get', '/web/osu-addfavourite.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      return { name: q.string('u'), md5: q.string('h'), set: q.int('a', -INT32_MAX, INT32_MAX) };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return UNAUTHORIZED;
    const added = await deps.storage.webRecords.addFavourite(user.id, p.value.set, Math.floor(deps.clock.now() / 1000));
    return plain(added ? 'Added favourite!' : "You've already favourited this beatmap!");
  });

  router.route('get', '/web/osu-getfavourites.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      return { name: q.string('u'), md5: q.string('h') };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return UNAUTHORIZED;
    return plain((await deps.storage.webRecords.favourites(user.id)).join('\n'));
  });

  router.route('get', '/web/osu-getfriends.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      return { name: q.string('u'), md5: q.string('h') };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return UNAUTHORIZED;
    return plain((await deps.storage.relationships.friendsOf(user.id)).join('\n'));
  });

  router.route('get', '/web/osu-getseasonal.php', async () => json(200, await deps.storage.webRecords.seasonalBackgrounds()));
}
