/**
 * The in-game beatmap leaderboard (shared/spec/score-and-web.md §3), as score-service builds it:
 * the board's table and sort from (mode, mods), the five board types, the size rule, the
 * personal best and the distinct-user count. Formatting is the route's (server/web/getscores/).
 *
 * Decisions against score-service (README in server/web/getscores/):
 * - the "selected mods" board with no mods selected shows no-mod scores (score-service's falsy
 *   `Mods(0)` drops the filter and shows every mod combination);
 * - autopilot outside osu!standard reads the vanilla board of that mode (score-service reads
 *   osu!standard's).
 */
import { effectiveMode, playstyleOf, type VanillaMode } from '../../../protocol/osu/modes.js';
import { Privileges } from '../../domain/privileges.js';
import type { BoardEntry, BoardQuery, MapLeaderboardsRepository } from '../../ports/map-leaderboards.js';
import type { BeatmapRow, UserRow } from '../../ports/storage.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import { BoardCache } from './board-cache.js';

export const LeaderboardType = { Local: 0, Top: 1, Mods: 2, Friends: 3, Country: 4 } as const;
export type LeaderboardTypeValue = (typeof LeaderboardType)[keyof typeof LeaderboardType];

/** Client ranked status codes (§3.2): a board exists from ranked (2) up. */
export const RANKED = 2;
export const hasLeaderboard = (status: number): boolean => status >= RANKED;

export interface BoardRequest {
  user: UserRow;
  beatmap: BeatmapRow;
  mode: VanillaMode;
  mods: number;
  type: LeaderboardTypeValue;
}

export interface BoardResult {
  /** Distinct users on the filtered board (not capped by the size). */
  count: number;
  personalBest: BoardEntry | undefined;
  entries: BoardEntry[];
  /** True when the score field of each line shows int(pp) (relax, autopilot, vanilla_pp_leaderboards). */
  showsPp: boolean;
}

export interface BoardDeps {
  boards: MapLeaderboardsRepository;
  /** friends of the requester (users_relationships.user2 where user1 = id). */
  friendsOf(userId: number): Promise<number[]>;
  /** LEADERBOARD_SIZE. */
  defaultSize: number;
  /** Counts and PB ranks (board-cache.ts); absent = always computed. */
  cache?: BoardCache;
}

const NO_CACHE = new BoardCache(0);

export async function fetchBeatmapLeaderboard(deps: BoardDeps, req: BoardRequest): Promise<BoardResult> {
  const { user, beatmap, type } = req;
  const effective = effectiveMode(req.mode, req.mods);
  const playstyle = playstyleOf(effective);
  const prefs = (await deps.boards.prefsOf(user.id)) ?? { vanillaPpLeaderboards: false, leaderboardSize: null };
  const showsPp = playstyle !== 'vanilla' || prefs.vanillaPpLeaderboards;

  const modsBoard = type === LeaderboardType.Mods;
  const base: BoardQuery = {
    playstyle,
    beatmapMd5: beatmap.beatmapMd5,
    playMode: req.mode,
    requesterId: user.id,
    sort: showsPp ? 'pp' : 'score',
    // On the mods board a user's best *with these mods* may be a non-best (completed 2) play.
    completed: modsBoard ? 'passed' : 'best',
    ...(modsBoard ? { mods: req.mods } : {}),
  };
  const board: BoardQuery = { ...base };
  if (type === LeaderboardType.Country) board.country = user.country;
  if (type === LeaderboardType.Friends) board.userIds = [...(await deps.friendsOf(user.id)), user.id];

  const size = user.privileges & Privileges.AkatsukiPlus && prefs.leaderboardSize !== null ? prefs.leaderboardSize : deps.defaultSize;
  // score-service ranks the personal best on the unfiltered board (mods filter only), so a
  // country or friends board shows the player's global position in the PB slot.
  const hidden = !isPubliclyVisible(user.privileges);
  const cache = deps.cache ?? NO_CACHE;
  const md5 = beatmap.beatmapMd5;
  const [entries, best, count] = await Promise.all([
    deps.boards.top(board, Math.max(0, size)),
    deps.boards.bestOf(base, user.id),
    cache.get(md5, `n|${BoardCache.keyOf(board, hidden)}`, () => deps.boards.countUsers(board)),
  ]);
  const personalBest = best && {
    ...best,
    rank: await cache.get(md5, `r|${best.scoreId}|${BoardCache.keyOf(base, hidden)}`, () => deps.boards.rankOf(base, best.scoreId, user.id)),
  };
  return { count, personalBest, entries, showsPp };
}
