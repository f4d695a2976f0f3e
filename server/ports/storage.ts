/**
 * Persistence port: the repositories use-cases call. Two adapters implement it
 * (server/adapters/storage/: SQLite for the embedded default, MySQL/MariaDB with the Akatsuki
 * schema for production); one contract suite (storage.contract.ts beside this file) runs against
 * both. Column names stay Akatsuki's in SQL; rows are camelCase here.
 *
 * Times are unix seconds unless a name says otherwise.
 */
import type { EffectiveModeValue, Playstyle, VanillaMode } from '../../protocol/osu/modes.js';
import type { ModerationRepository } from './moderation-storage.js';
import type { ScoreLookups } from './score-lookups.js';
import type { SubmissionStore } from './submission-store.js';
import type { MapLeaderboardsRepository } from './map-leaderboards.js';
import type { WebRecordsRepository } from './web-records.js';

export interface UserRow {
  id: number;
  username: string;
  usernameSafe: string;
  /** bcrypt of the lowercase md5 hex of the password (Akatsuki's `password_md5`). */
  passwordHash: string;
  email: string;
  privileges: number;
  registerDatetime: number;
  latestActivity: number;
  silenceEnd: number;
  silenceReason: string;
  donorExpire: number;
  /** 1 = frozen by staff (rs's `!freeze`, reason in `freeze_reason`), 0 = not; restricts nothing by itself. */
  frozen: number;
  banDatetime: number;
  notes: string | null;
  /** 1 vanilla / 2 relax / 4 autopilot: exempt from pp caps. */
  whitelist: number;
  country: string;
  clanId: number;
}

export interface NewUser {
  /** Explicit id (the bot's 999); omitted → the next auto-increment id. */
  id?: number;
  username: string;
  /** Defaults to the Akatsuki rule: trimmed, lowercase, spaces → `_`. */
  usernameSafe?: string;
  email: string;
  passwordHash: string;
  privileges: number;
  country?: string;
  /** Defaults to now. */
  registerDatetime?: number;
}

export interface UsersRepository {
  findById(id: number): Promise<UserRow | undefined>;
  findBySafeName(usernameSafe: string): Promise<UserRow | undefined>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  findManyByIds(ids: readonly number[]): Promise<UserRow[]>;
  /** Inserts the user and its user_stats rows for modes 0,1,2,3,4,5,6,8; returns the new id. */
  create(user: NewUser): Promise<number>;
  setPrivileges(id: number, privileges: number): Promise<void>;
  setSilence(id: number, silenceEnd: number, reason: string): Promise<void>;
  setCountry(id: number, country: string): Promise<void>;
  rename(id: number, username: string, usernameSafe: string): Promise<void>;
  setLatestActivity(id: number, at: number): Promise<void>;
  setBanDatetime(id: number, at: number): Promise<void>;
  /** Appends a line to `notes` (audit trail of automatic actions). */
  appendNote(id: number, line: string): Promise<void>;
  count(): Promise<number>;
  /** A page of users in id order (CLI listing, admin tools). */
  list(opts?: { afterId?: number; limit?: number }): Promise<UserRow[]>;
  /** Replaces the stored bcrypt hash. */
  setPasswordHash(id: number, passwordHash: string): Promise<void>;
}

export interface UserStatsRow {
  userId: number;
  mode: EffectiveModeValue;
  rankedScore: bigint;
  totalScore: bigint;
  playcount: number;
  replaysWatched: number;
  totalHits: number;
  /** Percent, 0..100. */
  avgAccuracy: number;
  pp: number;
  playtime: number;
  xhCount: number;
  xCount: number;
  shCount: number;
  sCount: number;
  aCount: number;
  bCount: number;
  cCount: number;
  dCount: number;
  maxCombo: number;
  latestPpAwarded: number;
}

export interface StatsRepository {
  get(userId: number, mode: EffectiveModeValue): Promise<UserStatsRow | undefined>;
  getAllModes(userId: number): Promise<UserStatsRow[]>;
  /** Writes every non-key column of the row (creating it if missing). */
  put(row: UserStatsRow): Promise<void>;
  /** Sets pp and accuracy only (recalculation). */
  setPpAndAccuracy(userId: number, mode: EffectiveModeValue, pp: number, avgAccuracy: number): Promise<void>;
  /** Zeroes a mode's row (peppy:wipe). */
  wipe(userId: number, mode: EffectiveModeValue): Promise<void>;
}

export interface RelationshipsRepository {
  /** user2 of every row where user1 = userId. */
  friendsOf(userId: number): Promise<number[]>;
  isFriend(userId: number, friendId: number): Promise<boolean>;
  /** Idempotent: never inserts a duplicate pair. */
  add(userId: number, friendId: number): Promise<void>;
  remove(userId: number, friendId: number): Promise<void>;
}

export interface ChannelRow {
  id: number;
  name: string;
  description: string;
  publicRead: boolean;
  publicWrite: boolean;
  status: number;
  temp: boolean;
  hidden: boolean;
}

export interface ChannelsRepository {
  list(): Promise<ChannelRow[]>;
  findByName(name: string): Promise<ChannelRow | undefined>;
  /** Creates the channel if missing (used to seed #osu, #announce, #lobby … on a fresh DB). */
  ensure(channel: Omit<ChannelRow, 'id'>): Promise<void>;
}

export interface MessageRow {
  id: number;
  senderId: number;
  recipientId: number | null;
  recipientChannel: string | null;
  content: string;
  createdAt: number;
  readAt: number | null;
  deletedAt: number | null;
}

export interface MessagesRepository {
  store(m: Omit<MessageRow, 'id' | 'readAt' | 'deletedAt'>): Promise<number>;
  /** Unread private messages to the user, oldest first. */
  unreadFor(userId: number): Promise<MessageRow[]>;
  markRead(ids: readonly number[], at: number): Promise<void>;
  /** Messages sent by the user at or after `since` (spam rule). */
  countSentSince(senderId: number, since: number): Promise<number>;
  /** Soft-deletes the sender's messages at or after `since` (silence). */
  softDeleteSince(senderId: number, since: number, at: number): Promise<number>;
}

export interface SettingsRepository {
  getInt(name: string): Promise<number | undefined>;
  getString(name: string): Promise<string | undefined>;
  set(name: string, valueInt: number, valueString: string): Promise<void>;
}

/** A row of Akatsuki's `main_menu_icons` (managed in the admin panel). */
export interface MenuIconRow {
  id: number;
  name: string;
  /** What the client shows: Akatsuki stores the image URL here. */
  fileId: string;
  /** Where a click on the icon leads. */
  url: string;
  isDefault: boolean;
  isCurrent: boolean;
}

/** Akatsuki's `main_menu_icons`: the icon marked current is sent as packet 76 at login. */
export interface MenuIconsRepository {
  /** The current icon (lowest id among `is_current = 1`), or undefined. */
  current(): Promise<MenuIconRow | undefined>;
  /** Adds an icon (tests, setup); with `isCurrent` it becomes the only current one. */
  add(icon: { name: string; fileId: string; url: string; isCurrent?: boolean; isDefault?: boolean }): Promise<number>;
}

/**
 * Akatsuki's `system_settings` (name, value_int, value_string), read by the website (hanayo):
 * `registrations_enabled`, `regkey_required` …. Same shape and rules as `bancho_settings`.
 */
export type SystemSettingsRepository = SettingsRepository;

export interface MatchesRepository {
  /** `matches` row; returns the DB id (unrelated to the small in-game id). */
  create(name: string, isPrivate: boolean, startTime: number): Promise<number>;
  end(matchId: number, endTime: number): Promise<void>;
  addGame(game: {
    matchId: number;
    beatmapId: number;
    mode: number;
    mods: number;
    scoringType: number;
    teamType: number;
    startTime: number;
  }): Promise<number>;
  endGame(gameId: number, endTime: number): Promise<void>;
  addEvent(event: {
    matchId: number;
    gameId: number | null;
    userId: number | null;
    eventType:
      | 'MATCH_CREATION'
      | 'MATCH_DISBAND'
      | 'MATCH_USER_JOIN'
      | 'MATCH_USER_LEFT'
      | 'MATCH_HOST_ASSIGNMENT'
      | 'MATCH_GAME_PLAYTHROUGH';
    timestamp: number;
  }): Promise<void>;
  events(matchId: number): Promise<Array<{ eventType: string; userId: number | null; gameId: number | null }>>;
  games(matchId: number): Promise<Array<{ id: number; beatmapId: number; endTime: number | null }>>;
}

/** 0 quit, 1 failed, 2 submitted (not best), 3 best (Akatsuki). */
export type ScoreCompleted = 0 | 1 | 2 | 3;

/**
 * Score ids are bigint: autopilot ids start at 6,148,914,691,236,517,204 (> 2^53), so a JS number
 * would silently merge neighbouring ids. Vanilla/relax ids fit a number (`Number(id)` is exact).
 */
export type ScoreId = bigint;

export interface ScoreRow {
  id: ScoreId;
  beatmapMd5: string;
  userId: number;
  score: number;
  maxCombo: number;
  fullCombo: boolean;
  mods: number;
  count300: number;
  count100: number;
  count50: number;
  countKatu: number;
  countGeki: number;
  countMiss: number;
  time: number;
  playMode: VanillaMode;
  completed: ScoreCompleted;
  /** Percent, 0..100. */
  accuracy: number;
  pp: number;
  checksum: string;
}

export interface ScoreFilter {
  playstyle: Playstyle;
  mode?: VanillaMode;
  userId?: number;
  beatmapMd5?: string;
  /** Only scores whose mods include all these bits. */
  modsAll?: number;
  /** Only completed >= this (2 = every passed score). */
  minCompleted?: ScoreCompleted;
  /** Resume point: only ids greater than this, in id order. */
  afterId?: ScoreId;
}

export interface ScoresRepository {
  /** Returns the new id, inside the playstyle's id range. Rejects with StorageError on a duplicate checksum. */
  insert(playstyle: Playstyle, score: Omit<ScoreRow, 'id'>): Promise<ScoreId>;
  findById(playstyle: Playstyle, id: ScoreId): Promise<ScoreRow | undefined>;
  /** A page of scores in ascending id order. */
  page(filter: ScoreFilter, limit: number): Promise<ScoreRow[]>;
  count(filter: ScoreFilter): Promise<number>;
  setPp(playstyle: Playstyle, updates: ReadonlyArray<{ id: ScoreId; pp: number }>): Promise<void>;
  setCompleted(playstyle: Playstyle, updates: ReadonlyArray<{ id: ScoreId; completed: ScoreCompleted }>): Promise<void>;
  /** Best (completed = 3) scores of a user in a mode, highest pp first, ranked maps only when asked. */
  bestOfUser(playstyle: Playstyle, userId: number, mode: VanillaMode, opts?: { rankedOnly?: boolean; limit?: number }): Promise<ScoreRow[]>;
  /** Distinct user ids that have scores matching the filter. */
  userIds(filter: ScoreFilter): Promise<number[]>;
}

export interface BeatmapRow {
  beatmapId: number;
  beatmapsetId: number;
  beatmapMd5: string;
  songName: string;
  fileName: string;
  ar: number;
  od: number;
  mode: number;
  maxCombo: number;
  hitLength: number;
  bpm: number;
  /** Client ranked status codes (score-and-web.md §3.2). */
  ranked: number;
  latestUpdate: number;
  rankedStatusFreezed: boolean;
  playcount: number;
  passcount: number;
  countCircles: number | null;
  countSliders: number | null;
  countSpinners: number | null;
  /** `beatmaps.rating` (always read; on insert 10 unless given; never overwritten by upsert). */
  rating?: number;
}

export interface BeatmapsRepository {
  findByMd5(md5: string): Promise<BeatmapRow | undefined>;
  findById(beatmapId: number): Promise<BeatmapRow | undefined>;
  /** Insert or replace by beatmap_id (md5 unique). */
  upsert(row: BeatmapRow): Promise<void>;
  /** Every row of a set, by beatmap id. */
  findBySetId(beatmapsetId: number): Promise<BeatmapRow[]>;
  /** The first row with exactly this file_name (getscores' "update available" check). */
  findByFileName(fileName: string): Promise<BeatmapRow | undefined>;
  /** Deletes the row holding this md5 (the map was removed upstream); true if one was. */
  deleteByMd5(md5: string): Promise<boolean>;
  /**
   * Offline osu!direct: every row of the sets having a difficulty that matches (song_name
   * containing `text`, mode, status), sets ordered by their highest beatmap id descending, a page
   * of `limit` sets after `offset` sets.
   */
  searchSets(filter: { text?: string; mode?: number; statuses?: readonly number[]; offset: number; limit: number }): Promise<BeatmapRow[]>;
  /** Appends one mirror attempt to `beatmap_mirror_requests` (times in unix milliseconds). */
  logMirrorRequest(entry: MirrorRequestRow): Promise<void>;
  /**
   * A nominator's status change (`!map rank set`): sets `ranked`, freezes the rows against
   * upstream, records `rankedby`, and appends the `rap_logs` line, in one transaction. Returns the
   * rows as written.
   */
  setStatusByNominator(target: { beatmapId: number } | { beatmapsetId: number }, status: number, change: { userId: number; at: number; logText: string; through: string }): Promise<BeatmapRow[]>;
  /** The latest mirror attempts, newest first (admin views, tests). */
  recentMirrorRequests(limit: number): Promise<MirrorRequestRow[]>;
}

export interface MirrorRequestRow {
  requestUrl: string;
  mirrorName: string;
  success: boolean;
  startedAtMs: number;
  endedAtMs: number;
  statusCode: number | null;
  responseSize: number | null;
  responseError: string | null;
  /** `osz_file`, `osu_file`, `background_image` … */
  resource: string;
}

export interface HardwareRow {
  userId: number;
  mac: string;
  uniqueId: string;
  diskId: string;
  occurencies: number;
  activated: boolean;
}

export interface HardwareRepository {
  /** Records one login's hardware (increments occurencies of an identical row if present). */
  logHardware(userId: number, mac: string, uniqueId: string, diskId: string): Promise<void>;
  logIp(userId: number, ip: string, at: number): Promise<void>;
  activate(userId: number, mac: string, uniqueId: string, diskId: string): Promise<void>;
  hasActivated(userId: number): Promise<boolean>;
  /** Rows of *other* users matching the hardware; `uniqueOnly` matches on uninstall id (Wine). */
  findOthers(userId: number, hw: { mac: string; uniqueId: string; diskId: string }, opts: { uniqueOnly: boolean; activatedOnly?: boolean }): Promise<HardwareRow[]>;
  /** Logins recorded for the user (sum of occurencies: Akatsuki's row-per-login count). */
  countForUser(userId: number): Promise<number>;
}

export interface Storage {
  readonly dialect: 'sqlite' | 'mysql';
  readonly users: UsersRepository;
  readonly stats: StatsRepository;
  readonly relationships: RelationshipsRepository;
  readonly channels: ChannelsRepository;
  readonly messages: MessagesRepository;
  readonly settings: SettingsRepository;
  readonly matches: MatchesRepository;
  readonly scores: ScoresRepository;
  readonly beatmaps: BeatmapsRepository;
  readonly hardware: HardwareRepository;
  /** Akatsuki's main_menu_icons. */
  readonly menuIcons: MenuIconsRepository;
  /** Akatsuki's system_settings (website-wide switches such as registrations_enabled). */
  readonly systemSettings: SystemSettingsRepository;
  readonly moderation: ModerationRepository;
  readonly scoreLookups: ScoreLookups;
  /** Score submission's queries and its one durable transaction (ports/submission-store.ts). */
  readonly submissions: SubmissionStore;
  /** The in-game beatmap leaderboard's reads (ports/map-leaderboards.ts). */
  readonly mapLeaderboards: MapLeaderboardsRepository;
  /** Ratings, favourites, comments, lastfm flags … of the /web/ side calls (ports/web-records.ts). */
  readonly webRecords: WebRecordsRepository;
  /** Cheap liveness probe (health checks, metrics). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised by adapters for any backend failure, with the cause attached (never a silent loss). */
export class StorageError extends Error {
  /** True when a UNIQUE / primary key rejected the write (taken name, duplicate checksum …). */
  readonly conflict: boolean;
  constructor(message: string, options?: { cause?: unknown; conflict?: boolean }) {
    super(message, options);
    this.name = 'StorageError';
    this.conflict = options?.conflict ?? false;
  }
}
