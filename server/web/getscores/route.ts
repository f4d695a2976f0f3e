/**
 * `GET /web/osu-osz2-getscores.php` (shared/spec/score-and-web.md §3): parameter checks (422),
 * credentials `us`/`ha` (401), the leaderboard-version gate (`vv` ≠ 4 restricts, then answers
 * normally), the "no leaderboard" answers, then the board.
 */
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import { isVanillaMode } from '../../../protocol/osu/modes.js';
import { fetchBeatmapLeaderboard, hasLeaderboard, type LeaderboardTypeValue } from '../../scores/leaderboard/beatmap-leaderboard.js';
import { BoardCache } from '../../scores/leaderboard/board-cache.js';
import { beatmapLookup, type BeatmapLookup } from '../beatmap-lookup.js';
import { restrictForGate } from '../../scores/restrict.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import { BadParam, badParamAnswer, Query, unquotePlus } from '../support/query.js';
import { authenticateWeb, UNAUTHORIZED } from '../web-auth.js';
import { fullAnswer, headerLines } from './format.js';

/** The leaderboard protocol of every current stable client. */
export const LEADERBOARD_VERSION = 4;
const INT32_MAX = 2_147_483_647;

const plain = (body: string): HttpResponse => ({ status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });

export function mountGetScores(router: HttpRouter, deps: BanchoDeps, lookup: BeatmapLookup = beatmapLookup(deps.beatmaps)): void {
  const cache = new BoardCache(deps.config.leaderboardCacheSeconds * 1000);
  router.route('get', '/web/osu-osz2-getscores.php', (req) => getScores(deps, lookup, cache, req));
}

export async function getScores(deps: BanchoDeps, lookup: BeatmapLookup, cache: BoardCache, req: HttpRequest): Promise<HttpResponse> {
  let p;
  try {
    const q = new Query(req.query);
    p = {
      name: q.string('us'),
      md5: q.string('ha'),
      editorSongSelect: q.bool('s'),
      version: q.int('vv', -INT32_MAX, INT32_MAX),
      type: q.int('v', 0, 4) as LeaderboardTypeValue,
      beatmapMd5: q.string('c', { min: 32, max: 32 }),
      fileName: q.string('f'),
      mode: q.int('m', 0, 3),
      setId: q.int('i', -1, INT32_MAX),
      mods: q.int('mods', 0, INT32_MAX),
    };
  } catch (err) {
    if (err instanceof BadParam) return badParamAnswer(err);
    throw err;
  }
  if (!isVanillaMode(p.mode)) return badParamAnswer(new BadParam('m', 'must be between 0 and 3'));

  const user = await authenticateWeb(deps, p.name, p.md5);
  if (!user) return UNAUTHORIZED;

  // score-service restricts on every such request; once is enough (notes and rap_logs stay readable).
  if (p.version !== LEADERBOARD_VERSION && isPubliclyVisible(user.privileges)) {
    await restrictForGate(
      deps,
      user,
      `The leaderboard version for the current known latest osu! client is ${LEADERBOARD_VERSION}, but the client sent ${p.version}. (leaderboard gate)`,
    );
  }

  const beatmap = await lookup.byMd5(p.beatmapMd5.toLowerCase());
  if (!beatmap) {
    // A row with this file name means the player holds an outdated version of a known map.
    const known = await deps.storage.mapLeaderboards.beatmapFileNameExists(unquotePlus(p.fileName));
    return plain(known ? '1|false' : '-1|false');
  }
  if (!hasLeaderboard(beatmap.ranked)) return plain(`${beatmap.ranked}|false`);

  const rating = await deps.storage.mapLeaderboards.ratingOf(beatmap.beatmapMd5);
  if (p.editorSongSelect) return plain(headerLines(beatmap, 0, rating));

  const board = await fetchBeatmapLeaderboard(
    {
      boards: deps.storage.mapLeaderboards,
      friendsOf: (id) => deps.storage.relationships.friendsOf(id),
      defaultSize: deps.config.leaderboardSize,
      cache,
    },
    { user, beatmap, mode: p.mode, mods: p.mods, type: p.type },
  );
  return plain(fullAnswer(beatmap, rating, board, user.id));
}
