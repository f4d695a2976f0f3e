/**
 * Read model of the public face (akatsuki-api's REST routes, the osu! API v1 compatibility
 * routes, the website): the joined, paged, visibility-filtered reads those need, which the
 * game-facing `Storage` repositories do not offer. One adapter (Kysely, both dialects) implements
 * it: server/adapters/storage/repositories/public-queries.ts.
 *
 * Times are unix seconds.
 */
import type { Playstyle, VanillaMode } from '../../protocol/osu/modes.js';
import type { ScoreRow, UserStatsRow } from './storage.js';

/**
 * Who is looking: restricted users are hidden unless `selfId` is theirs or `seesAll` (the viewer
 * holds ADMIN_MANAGE_USERS), exactly akatsuki-api's `OnlyUserPublic`.
 */
export interface Viewer {
  selfId: number;
  seesAll: boolean;
}

export interface PublicUser {
  id: number;
  username: string;
  usernameAka: string;
  registerDatetime: number;
  privileges: number;
  latestActivity: number;
  country: string;
  userTitle: string | null;
}

export interface PublicUserFull extends PublicUser {
  playStyle: number;
  favouriteMode: number;
  customBadgeIcon: string;
  customBadgeName: string;
  canCustomBadge: boolean;
  showCustomBadge: boolean;
  silenceReason: string;
  silenceEnd: number;
  notes: string | null;
  banDatetime: number;
  email: string;
  clanId: number;
  userpageContent: string | null;
  vanillaPpLeaderboards: boolean;
  leaderboardSize: number | null;
}

export type UserKey = { id: number } | { safeName: string };

export interface UserListFilter {
  safeName?: string;
  id?: number;
  privileges?: number;
  hasPrivileges?: number;
  hasNotPrivileges?: number;
  country?: string;
  nameAka?: string;
  ids?: number[];
  safeNames?: string[];
  countries?: string[];
}

export type UserSortColumn = 'id' | 'username' | 'privileges' | 'donor_expire' | 'latest_activity' | 'silence_end';

export interface PublicBeatmap {
  beatmapId: number;
  beatmapsetId: number;
  beatmapMd5: string;
  songName: string;
  ar: number;
  od: number;
  maxCombo: number;
  hitLength: number;
  bpm: number;
  ranked: number;
  rankedStatusFrozen: number;
  latestUpdate: number;
  playcount: number;
  passcount: number;
  mode: number;
}

export interface PublicScore extends ScoreRow {
  pinned: boolean;
}

export interface ScoreWithBeatmap {
  score: PublicScore;
  beatmap: PublicBeatmap;
}

export interface ScoreWithUser {
  score: PublicScore;
  user: PublicUser;
}

export interface LeaderboardEntry {
  user: PublicUser & { playStyle: number; favouriteMode: number };
  stats: UserStatsRow;
}

export interface Page {
  offset: number;
  limit: number;
}

export interface Badge {
  id: number;
  name: string;
  icon: string;
  colour: string;
}

export interface Clan {
  id: number;
  name: string;
  tag: string;
  description: string;
  icon: string;
  owner: number;
  status: number;
}

export interface ApiToken {
  id: number;
  userId: number;
  /** Raw `tokens.privileges` (before masking by what the user may hold). */
  privileges: number;
  private: boolean;
  userPrivileges: number;
}

export interface ProfileHistoryPoint {
  /** Unix seconds. */
  capturedAt: number;
  rank: number;
  pp: number;
  countryRank: number | null;
}

export interface MatchSummary {
  id: number;
  name: string;
  private: boolean;
  startTime: number;
  endTime: number | null;
}

export type UserScoreKind = 'best' | 'recent' | 'pinned';

export interface PublicReadModel {
  findUser(key: UserKey, viewer: Viewer): Promise<PublicUserFull | undefined>;
  listUsers(filter: UserListFilter, viewer: Viewer, sort: ReadonlyArray<{ column: UserSortColumn; desc: boolean }>, page: Page): Promise<PublicUser[]>;
  /** Substring of the safe name (LIKE-escaped), or an exact email when given; at most 25. */
  lookupUsers(safeNameLike: string, email: string | undefined, viewer: Viewer): Promise<Array<{ id: number; username: string }>>;
  followers(userId: number): Promise<number>;
  badgesOf(userId: number): Promise<Badge[]>;
  tournamentBadgesOf(userId: number): Promise<Array<{ id: number; name: string; icon: string }>>;
  clan(id: number): Promise<Clan | undefined>;
  clans(page: Page): Promise<Clan[]>;
  badges(): Promise<Badge[]>;
  /** A user's scores joined to their beatmaps; `best` = completed 3 on ranked/approved, pp then score. */
  userScores(kind: UserScoreKind, playstyle: Playstyle, userId: number, mode: VanillaMode, page: Page, opts?: { since?: number }): Promise<ScoreWithBeatmap[]>;
  /** osu! API v1's get_user_best / get_user_recent: any map, `bestOnly` = completed 3, ordered by one column desc. */
  compatUserScores(playstyle: Playstyle, userId: number, mode: VanillaMode, opts: { bestOnly: boolean; order: 'pp' | 'score' | 'time'; limit: number }): Promise<ScoreWithBeatmap[]>;
  /** #1 scores of a user from scores_first. */
  userFirsts(playstyle: Playstyle, userId: number, mode: VanillaMode, page: Page): Promise<{ total: number; scores: ScoreWithBeatmap[] }>;
  scoreById(playstyle: Playstyle, id: bigint): Promise<(ScoreWithUser & { beatmap: PublicBeatmap }) | undefined>;
  /** A map's best (completed 3) scores by public-or-self users. */
  mapScores(playstyle: Playstyle, md5: string, mode: VanillaMode | undefined, sort: ReadonlyArray<{ column: 'pp' | 'score' | 'accuracy' | 'id'; desc: boolean }>, page: Page, viewer: Viewer, opts?: { modsAll?: number; userId?: number }): Promise<ScoreWithUser[]>;
  beatmapById(id: number): Promise<PublicBeatmap | undefined>;
  beatmapByMd5(md5: string): Promise<PublicBeatmap | undefined>;
  beatmaps(filter: { ids?: number[]; setIds?: number[]; md5s?: string[]; songName?: string; frozen?: number }, page: Page): Promise<PublicBeatmap[]>;
  /** user_stats rows joined to users for the given ids (pp leaderboard page from the boards). */
  statsForUsers(ids: readonly number[], modeValue: number): Promise<LeaderboardEntry[]>;
  /** Score leaderboard: users with privileges & 3 = 3, ranked_score then pp; `playedOnly` skips ranked_score 0. */
  leaderboardByStats(modeValue: number, sort: 'score' | 'pp', page: Page, country?: string, opts?: { playedOnly?: boolean }): Promise<LeaderboardEntry[]>;
  tokenByHash(md5Hex: string): Promise<ApiToken | undefined>;
  touchToken(id: number, at: number): Promise<void>;
  mostPlayed(userId: number, rx: number, mode: number, page: Page): Promise<Array<{ count: number; beatmap: PublicBeatmap }>>;
  achievements(userId: number, mode: number): Promise<Array<{ id: number; name: string; description: string; icon: string; achieved: boolean; achievedAt: number | null }>>;
  friendsOf(userId: number): Promise<Array<PublicUser & { isMutual: boolean }>>;
  profileHistory(userId: number, modeValue: number, since: number): Promise<ProfileHistoryPoint[]>;
  match(id: number): Promise<(MatchSummary & { games: Array<{ id: number; beatmapId: number; mode: number; mods: number; startTime: number; endTime: number | null }> }) | undefined>;
  recentMatches(limit: number): Promise<MatchSummary[]>;
  /** match_events joined to their users, oldest first. */
  matchEvents(matchId: number): Promise<Array<{ id: number; type: string; timestamp: number; gameId: number | null; user: { id: number; username: string; country: string } | null }>>;
}
