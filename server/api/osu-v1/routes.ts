/**
 * The osu! API v1 compatibility routes akatsuki-api serves at `/api/get_*` and `/api/v1/get_*`
 * (score-and-web.md §6): bare JSON arrays with peppy's field names and string-typed numbers,
 * always HTTP 200, `[]` on any problem. `rx` selects vanilla/relax/autopilot; get_user refuses to
 * answer without it. Restricted users never appear.
 */
import type { VanillaMode } from '../../../protocol/osu/modes.js';
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import type { PublicApiDeps } from '../public/context.js';
import { gradeOf, levelPrecise, mysqlDate, PLAYSTYLE_OF_RX, type Rx } from '../public/format.js';
import { goAtoi, inString, Query, safeUsername } from '../public/request.js';
import { ranksOf } from '../public/routes/users.js';
import type { PublicScore, PublicUserFull, UserKey } from '../../ports/public-read-model.js';

const EMPTY = '[]';
const answer = (value: unknown[]): HttpResponse => ({ status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) });
const PUBLIC_ONLY = { selfId: 0, seesAll: false };

/** peppy's `m`: 0..3, anything else 0. */
const modeOf = (q: Query): VanillaMode => {
  const v = q.int('m');
  return (v >= 0 && v <= 3 ? v : 0) as VanillaMode;
};
/** `rx`: 1 (or true/True) relax, 2 autopilot, else vanilla. */
const rxOf = (q: Query): Rx => {
  const v = q.get('rx');
  if (v === '1' || v === 'true' || v === 'True') return 1;
  if (v === '2') return 2;
  return 0;
};

/** `genUser`: type=string → name; a number that is an existing id → id; otherwise a name. */
async function userKeyOf(deps: PublicApiDeps, q: Query): Promise<UserKey> {
  const u = q.get('u');
  const n = goAtoi(u);
  if (q.get('type') !== 'string' && n !== undefined && (await deps.storage.users.findById(n))) return { id: n };
  return { safeName: safeUsername(u) };
}

async function findUser(deps: PublicApiDeps, q: Query): Promise<PublicUserFull | undefined> {
  return deps.read.findUser(await userKeyOf(deps, q), PUBLIC_ONLY);
}

const str = (n: number): string => String(n);

function scoreFields(s: PublicScore): Record<string, string> {
  return {
    score: str(s.score),
    maxcombo: str(s.maxCombo),
    count50: str(s.count50),
    count100: str(s.count100),
    count300: str(s.count300),
    countmiss: str(s.countMiss),
    countkatu: str(s.countKatu),
    countgeki: str(s.countGeki),
    perfect: s.fullCombo ? '1' : '0',
    enabled_mods: str(s.mods),
    user_id: str(s.userId),
    date: mysqlDate(s.time),
    rank: gradeOf(s.playMode, s.mods, s.accuracy, s.count300, s.count100, s.count50, s.countMiss),
    pp: str(s.pp),
  };
}

type Compat = (deps: PublicApiDeps, q: Query) => Promise<unknown[]>;

const getUser: Compat = async (deps, q) => {
  if (!q.has('u') || goAtoi(q.get('rx')) === undefined) return [];
  const rx = q.int('rx');
  if (rx < 0 || rx > 2) return [];
  const mode = modeOf(q);
  const user = await findUser(deps, q);
  if (!user) return [];
  const stats = await deps.storage.stats.get(user.id, (mode + 4 * rx) as never);
  if (!stats) return [];
  const ranks = await ranksOf(deps, rx as Rx, mode, user.id, user.country);
  const total = Number(stats.totalScore);
  return [
    {
      user_id: str(user.id),
      username: user.username,
      join_date: mysqlDate(user.registerDatetime),
      count300: '0',
      count100: '0',
      count50: '0',
      playcount: str(stats.playcount),
      ranked_score: stats.rankedScore.toString(),
      total_score: stats.totalScore.toString(),
      pp_rank: str(ranks.global ?? 0),
      level: str(levelPrecise(total)),
      pp_raw: str(stats.pp),
      accuracy: str(stats.avgAccuracy),
      count_rank_ss: '0',
      count_rank_ssh: '0',
      count_rank_s: '0',
      count_rank_sh: '0',
      count_rank_a: '0',
      country: user.country,
      pp_country_rank: str(ranks.country ?? 0),
      events: null,
    },
  ];
};

const getScores: Compat = async (deps, q) => {
  const b = goAtoi(q.get('b'));
  if (b === undefined) return [];
  const map = await deps.read.beatmapById(b);
  if (!map) return [];
  const rx = rxOf(q);
  let userId: number | undefined;
  if (q.has('u')) {
    const user = await findUser(deps, q);
    if (!user) return [];
    userId = user.id;
  }
  const mods = q.int('mods');
  const rows = await deps.read.mapScores(
    PLAYSTYLE_OF_RX[rx],
    map.beatmapMd5,
    modeOf(q),
    // Vanilla leaderboards are by score, relax and autopilot by pp.
    [{ column: rx === 0 ? 'score' : 'pp', desc: true }],
    { offset: 0, limit: inString(1, q.get('limit'), 100, 50) },
    PUBLIC_ONLY,
    { modsAll: mods, ...(userId === undefined ? {} : { userId }) },
  );
  return rows.map((r) => ({ score_id: r.score.id.toString(), username: r.user.username, ...scoreFields(r.score) }));
};

const OSU_STATUS: Readonly<Record<number, number>> = { 0: 0, 1: -1, 2: 1, 3: 2, 4: 3, 5: 4 };
const SONG = /^(.*) - (.*) \[(.*)\]$/;

const getBeatmaps: Compat = async (deps, q) => {
  let limit = inString(1, q.get('limit'), 500, 500);
  const filter: { ids?: number[]; setIds?: number[]; md5s?: string[] } = {};
  if (q.has('s')) {
    const s = goAtoi(q.get('s'));
    if (s === undefined) return [];
    filter.setIds = [s];
  }
  if (q.has('b')) {
    const b = goAtoi(q.get('b'));
    if (b === undefined) return [];
    filter.ids = [b];
    limit = 1;
  }
  if (q.has('h')) filter.md5s = [q.get('h')];
  if (q.has('h') && q.get('h') === '') return [];
  const maps = await deps.read.beatmaps(filter, { offset: 0, limit });
  return maps.map((m) => {
    const [, artist = '', title = '', version = ''] = SONG.exec(m.songName) ?? [];
    return {
      beatmapset_id: str(m.beatmapsetId),
      beatmap_id: str(m.beatmapId),
      approved: str(OSU_STATUS[m.ranked] ?? 0),
      total_length: str(m.hitLength),
      hit_length: str(m.hitLength),
      version,
      file_md5: m.beatmapMd5,
      diff_size: '0',
      diff_overall: str(m.od),
      diff_approach: str(m.ar),
      diff_drain: '0',
      mode: str(m.mode),
      approved_date: m.ranked >= 2 ? mysqlDate(m.latestUpdate) : mysqlDate(-62135596800),
      last_update: mysqlDate(m.latestUpdate),
      artist,
      title,
      creator: '',
      bpm: str(m.bpm),
      source: '',
      tags: '',
      genre_id: '0',
      language_id: '0',
      favourite_count: '0',
      playcount: str(m.playcount),
      passcount: str(m.passcount),
      max_combo: str(m.maxCombo),
      difficultyrating: '0',
      video: '0',
    };
  });
};

function userScoresCompat(kind: 'best' | 'recent'): Compat {
  return async (deps, q) => {
    if (!q.has('u')) return [];
    const user = await findUser(deps, q);
    if (!user) return [];
    const rx = rxOf(q);
    const limit = kind === 'best' ? inString(1, q.get('limit'), 100, 10) : inString(1, q.get('limit'), 50, 10);
    const rows = await deps.read.compatUserScores(PLAYSTYLE_OF_RX[rx], user.id, modeOf(q), {
      bestOnly: kind === 'best',
      // akatsuki-api orders vanilla bests by score (not pp), relax/autopilot by pp; recent by time.
      order: kind === 'recent' ? 'time' : rx === 0 ? 'score' : 'pp',
      limit,
    });
    return rows.map((r) => ({ beatmap_id: str(r.beatmap.beatmapId), ...scoreFields(r.score) }));
  };
}

const getMatch: Compat = async (deps, q) => {
  const id = goAtoi(q.get('mp'));
  if (id === undefined) return [];
  const m = await deps.read.match(id);
  if (!m || m.private) return [];
  return [
    {
      match: { match_id: str(m.id), name: m.name, start_time: mysqlDate(m.startTime), end_time: m.endTime === null ? null : mysqlDate(m.endTime) },
      games: m.games.map((g) => ({
        game_id: str(g.id),
        start_time: mysqlDate(g.startTime),
        end_time: g.endTime === null ? null : mysqlDate(g.endTime),
        beatmap_id: str(g.beatmapId),
        play_mode: str(g.mode),
        mods: str(g.mods),
        scores: [],
      })),
    },
  ];
};

export function mountOsuApiV1(router: HttpRouter, deps: PublicApiDeps): void {
  const routes: Record<string, Compat> = {
    get_user: getUser,
    get_scores: getScores,
    get_beatmaps: getBeatmaps,
    get_user_best: userScoresCompat('best'),
    get_user_recent: userScoresCompat('recent'),
    get_match: getMatch,
  };
  for (const [name, fn] of Object.entries(routes)) {
    const handler = async (req: HttpRequest): Promise<HttpResponse> => {
      try {
        const out = await fn(deps, new Query(req.query));
        return out.length === 0 ? { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: EMPTY } : answer(out);
      } catch (err) {
        deps.log.warn('osu api v1 compat failed', { path: req.path, err });
        return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: EMPTY };
      }
    };
    router.route('get', `/api/${name}`, handler, { headers: [], query: true });
    router.route('get', `/api/v1/${name}`, handler, { headers: [], query: true });
  }
}
