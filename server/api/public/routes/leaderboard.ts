/**
 * /api/v1/leaderboard and /hypothetical-rank. sort=pp pages through the pp boards
 * (`ripple:{leaderboard|relaxboard|autoboard}:{mode}[:{cc}]`, Redis or in-process) and loads those
 * users' stats in one query; sort=score orders user_stats.ranked_score over visible users.
 */
import type { VanillaMode } from '../../../../protocol/osu/modes.js';
import type { BoardRef } from '../../../ports/leaderboards.js';
import type { LeaderboardEntry } from '../../../ports/public-read-model.js';
import type { Method, PublicApiDeps } from '../context.js';
import { PLAYSTYLE_OF_RX, type Rx } from '../format.js';
import { rxParam } from '../params.js';
import { inString, simple, goAtoi } from '../request.js';
import { modeData, orNull, userData, ZERO_GRADES } from '../shapes.js';
import { ranksOf } from './users.js';

const MODE_BY_NAME: Readonly<Record<string, VanillaMode>> = { std: 0, taiko: 1, ctb: 2, mania: 3 };

/** akatsuki-api's `getMode`: "1"/"2"/"3" pick taiko/ctb/mania, anything else std. */
export const leaderboardMode = (m: string): VanillaMode => (m === '1' ? 1 : m === '2' ? 2 : m === '3' ? 3 : 0);

export interface LeaderboardPage {
  entries: Array<LeaderboardEntry & { rank: number | null; countryRank: number | null }>;
}

/** One page of a leaderboard, shared with the website. */
export async function leaderboardPage(deps: PublicApiDeps, opts: { rx: Rx; mode: VanillaMode; sort: 'pp' | 'score'; country?: string; offset: number; limit: number; playedOnly?: boolean }): Promise<LeaderboardPage> {
  const modeValue = opts.mode + 4 * opts.rx;
  if (opts.sort === 'pp') {
    const board: BoardRef = { playstyle: PLAYSTYLE_OF_RX[opts.rx], mode: opts.mode, ...(opts.country ? { country: opts.country } : {}) };
    const top = await deps.leaderboards.top(board, opts.offset, opts.limit);
    const rows = await deps.read.statsForUsers(top.map((t) => t.userId), modeValue);
    const byId = new Map(rows.map((r) => [r.user.id, r]));
    // Board order (the board's pp is the ordering truth; user_stats.pp may lag a write). The page's
    // own board gives one rank for free (its position); only the other one is looked up.
    const entries = await Promise.all(
      top.map(async (t, i) => {
        const e = byId.get(t.userId);
        if (!e) return undefined;
        const position = opts.offset + i + 1;
        if (opts.country) {
          const global = await deps.leaderboards.rank({ playstyle: board.playstyle, mode: opts.mode }, e.user.id);
          return { ...e, rank: global > 0 ? global : null, countryRank: position };
        }
        const r = await ranksOf(deps, opts.rx, opts.mode, e.user.id, e.user.country, { skipGlobal: true });
        return { ...e, rank: position, countryRank: r.country };
      }),
    );
    return { entries: entries.filter((e): e is NonNullable<typeof e> => e !== undefined) };
  }
  const entries: LeaderboardEntry[] = await deps.read.leaderboardByStats(modeValue, 'score', { offset: opts.offset, limit: opts.limit }, opts.country, { playedOnly: opts.playedOnly });
  const ranked = await Promise.all(
    entries.map(async (e) => {
      const r = await ranksOf(deps, opts.rx, opts.mode, e.user.id, e.user.country);
      return { ...e, rank: r.global, countryRank: r.country };
    }),
  );
  return { entries: ranked };
}

export const leaderboardGet: Method = async (md, deps) => {
  const { q } = md;
  const mode = leaderboardMode(q.get('mode'));
  const p = Math.max(0, q.int('p') - 1);
  const l = inString(1, q.get('l'), 500, 50);
  const rx = rxParam(q);
  const sortRaw = q.get('sort') || 'pp';
  const sort = sortRaw === 'pp' ? 'pp' : 'score';
  const country = q.get('country');
  if (country !== '' && !/^[A-Za-z]{2}$/.test(country)) return simple(400, 'invalid country: expected a two-letter code');
  const page = await leaderboardPage(deps, { rx, mode, sort, country: country === '' ? undefined : country, offset: p * l, limit: l });
  return {
    code: 200,
    users: orNull(
      page.entries.map((e) => ({
        ...userData(e.user),
        // akatsuki-api selects no playtime, max_combo or grades here, and ranks only for sort=pp.
        chosen_mode: {
          ...modeData(e.stats, sort === 'pp' ? { global: e.rank, country: e.countryRank } : { global: null, country: null }, true),
          playtime: 0,
          max_combo: 0,
          grades: { ...ZERO_GRADES },
        },
        play_style: e.user.playStyle,
        favourite_mode: e.user.favouriteMode,
      })),
    ),
  };
};

/**
 * Rank a player with `pp` would have: 1 + members with more pp (ZCOUNT (pp +inf)). The port has
 * no count-by-score, so this binary-searches the board by position: log2(size) single-entry reads.
 */
export async function hypotheticalRank(deps: PublicApiDeps, board: BoardRef, pp: number): Promise<number> {
  let lo = 0;
  let hi = await deps.leaderboards.size(board);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const [e] = await deps.leaderboards.top(board, mid, 1);
    if (e && e.pp > pp) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export const hypotheticalRankGet: Method = async (md, deps) => {
  const mode = goAtoi(md.q.get('mode'));
  if (mode === undefined || mode < 0 || mode > 3) return simple(400, 'invalid mode');
  const rx = goAtoi(md.q.get('rx'));
  if (rx === undefined || rx < 0 || rx > 2) return simple(400, 'invalid relax int');
  const pp = goAtoi(md.q.get('pp'));
  if (pp === undefined || pp < 0) return simple(400, 'invalid performance points');
  const rank = await hypotheticalRank(deps, { playstyle: PLAYSTYLE_OF_RX[rx], mode: mode as VanillaMode }, pp);
  return { code: 200, rank };
};

export { MODE_BY_NAME };
