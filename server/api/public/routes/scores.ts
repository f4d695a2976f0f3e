/** Scores: a user's best/recent/pinned/first, one score, a map's top list. */
import type { UserScoreKind } from '../../../ports/public-read-model.js';
import type { Method } from '../context.js';
import { modeParam, playstyleOfRx, rxParam, userKey } from '../params.js';
import { goAtoi, missing, paginate, simple } from '../request.js';
import { beatmapShape, orNull, scoreShape, userData } from '../shapes.js';
import { sortOf } from './users.js';

const DAY = 86_400;

function userScores(kind: UserScoreKind): Method {
  return async (md, deps) => {
    const key = userKey(md.q, md.userId);
    const mode = modeParam(md.q);
    const rx = rxParam(md.q);
    const user = await deps.read.findUser(key, md.viewer);
    // akatsuki-api joins users with the hidden-user rule: an unknown or hidden user has no scores.
    if (!user) return { code: 200, scores: null };
    const since = kind === 'recent' ? Math.floor(deps.clock.now() / 1000) - DAY : undefined;
    const rows = await deps.read.userScores(kind, playstyleOfRx(rx), user.id, mode, paginate(md.q, 100), { since });
    return { code: 200, scores: kind === 'recent' ? rows.map((r) => ({ ...scoreShape(r.score), beatmap: beatmapShape(r.beatmap) })) : orNull(rows.map((r) => ({ ...scoreShape(r.score), beatmap: beatmapShape(r.beatmap) }))) };
  };
}

export const scoresBestGet = userScores('best');
export const scoresRecentGet = userScores('recent');
export const scoresPinnedGet = userScores('pinned');

export const scoresFirstGet: Method = async (md, deps) => {
  const id = md.q.int('id');
  if (id === 0) return simple(400, 'please pass a valid user ID');
  const user = await deps.read.findUser({ id }, md.viewer);
  if (!user) return { code: 200, total: 0, scores: null };
  const { total, scores } = await deps.read.userFirsts(playstyleOfRx(rxParam(md.q)), id, modeParam(md.q), paginate(md.q, 100));
  return { code: 200, total, scores: orNull(scores.map((r) => ({ ...scoreShape(r.score), beatmap: beatmapShape(r.beatmap) }))) };
};

export const scoreGet: Method = async (md, deps) => {
  const raw = md.q.get('id');
  if (!/^\d{1,20}$/.test(raw)) return simple(400, 'please pass a valid score ID');
  const found = await deps.read.scoreById(playstyleOfRx(rxParam(md.q)), BigInt(raw));
  if (!found) return simple(404, 'Score not found');
  const hidden = (found.user.privileges & 1) === 0 && found.user.id !== md.userId && !md.viewer.seesAll;
  if (hidden) return simple(404, 'Score not found');
  return { code: 200, score: { ...scoreShape(found.score), user: userData(found.user) }, beatmap: beatmapShape(found.beatmap) };
};

const MAP_SORTS = ['pp', 'score', 'accuracy', 'id'] as const;

export const mapScoresGet: Method = async (md, deps) => {
  const { q } = md;
  let md5: string;
  if (q.get('md5') !== '') md5 = q.get('md5');
  else if (q.get('b') !== '') {
    const id = goAtoi(q.get('b'));
    const map = id === undefined ? undefined : await deps.read.beatmapById(id);
    if (!map) return { code: 200, scores: null };
    md5 = map.beatmapMd5;
  } else return missing('md5|b');
  const relax = q.get('relax') === '1' ? 1 : q.get('relax') === '2' ? 2 : 0;
  const mode = modeParam(q, 'm');
  const sort = sortOf(q.all('sort'), MAP_SORTS);
  const rows = await deps.read.mapScores(
    playstyleOfRx(relax),
    md5,
    // `mode=` narrows further (genModeClause); `m` selects the mode (default 0).
    q.get('mode') !== '' ? modeParam(q, 'mode') : mode,
    sort.length > 0 ? sort : [{ column: 'pp', desc: true }, { column: 'score', desc: true }],
    paginate(q, 100),
    { selfId: md.userId, seesAll: false },
  );
  return { code: 200, scores: orNull(rows.map((r) => ({ ...scoreShape(r.score), user: userData(r.user) }))) };
};
