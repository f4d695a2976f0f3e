/**
 * Kysely's view of the Akatsuki tables the repositories query (column names exactly as in SQL).
 * Read types are what either driver can hand back: mysql2 returns BIGINT as strings
 * (bigNumberStrings) and better-sqlite3 returns numbers, so 64-bit columns are typed as the union
 * and converted in one place (`./convert.ts`). Booleans are TINYINT 0/1 on both.
 */
import type { ColumnType, Generated } from 'kysely';

/** A BIGINT column: read as number | string, written as bigint | number | string. */
type Big = ColumnType<number | string | bigint, bigint | number | string, bigint | number | string>;
type Int = number;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Def<T> = ColumnType<T, T | undefined, T>;

export interface UsersTable {
  id: Generated<Int>;
  username: string;
  username_safe: string;
  password_md5: string;
  email: string;
  register_datetime: Def<Int>;
  latest_activity: Def<Int>;
  silence_end: Def<Int>;
  silence_reason: Def<string>;
  privileges: Int;
  donor_expire: Def<Int>;
  frozen: Def<Int>;
  notes: Opt<string>;
  ban_datetime: Def<Int>;
  whitelist: Def<Int>;
  clan_id: Def<Int>;
  country: Def<string>;
}

export interface UserStatsTable {
  user_id: Int;
  mode: Int;
  ranked_score: Big;
  total_score: Big;
  playcount: Def<Int>;
  replays_watched: Def<Int>;
  total_hits: Def<Int>;
  avg_accuracy: Def<number>;
  pp: Def<Int>;
  playtime: Def<Int>;
  xh_count: Def<Int>;
  x_count: Def<Int>;
  sh_count: Def<Int>;
  s_count: Def<Int>;
  a_count: Def<Int>;
  b_count: Def<Int>;
  c_count: Def<Int>;
  d_count: Def<Int>;
  max_combo: Def<Int>;
  latest_pp_awarded: Def<Int>;
}

export interface RelationshipsTable {
  id: Generated<Int>;
  user1: Int;
  user2: Int;
}

export interface ChannelsTable {
  id: Generated<Int>;
  name: string;
  description: string;
  public_read: Int;
  public_write: Int;
  status: Int;
  temp: Int;
  hidden: Int;
}

export interface SettingsTable {
  id: Generated<Int>;
  name: string;
  value_int: Int;
  value_string: string;
}

export interface MessagesTable {
  id: Generated<Int>;
  sender_id: Int;
  recipient_id: Opt<Int>;
  recipient_channel: Opt<string>;
  content: string;
  read_at: Opt<Int>;
  created_at: Int;
  deleted_at: Opt<Int>;
}

export interface MatchesTable {
  id: Generated<Int>;
  name: string;
  private: Int;
  start_time: Int;
  end_time: Opt<Int>;
}

export interface MatchGamesTable {
  id: Generated<Int>;
  match_id: Int;
  beatmap_id: Int;
  mode: Int;
  mods: Int;
  scoring_type: Int;
  team_type: Int;
  start_time: Int;
  end_time: Opt<Int>;
}

export interface MatchEventsTable {
  id: Generated<Int>;
  match_id: Int;
  game_id: Opt<Int>;
  user_id: Opt<Int>;
  event_type: string;
  timestamp: Int;
}

export interface ScoresTable {
  id: ColumnType<number | string | bigint, bigint | string | undefined, never>;
  beatmap_md5: string;
  userid: Int;
  score: Int;
  max_combo: Int;
  full_combo: Int;
  mods: Int;
  '300_count': Int;
  '100_count': Int;
  '50_count': Int;
  katus_count: Int;
  gekis_count: Int;
  misses_count: Int;
  time: Int;
  play_mode: Int;
  completed: Int;
  accuracy: number;
  pp: number;
  checksum: string;
}

export interface BeatmapsTable {
  beatmap_id: Int;
  beatmapset_id: Int;
  beatmap_md5: string;
  song_name: string;
  file_name: string;
  ar: number;
  od: number;
  mode: Int;
  max_combo: Int;
  hit_length: Int;
  bpm: Int;
  ranked: Int;
  latest_update: Int;
  ranked_status_freezed: Int;
  playcount: Int;
  passcount: Int;
  count_circles: Opt<Int>;
  count_sliders: Opt<Int>;
  count_spinners: Opt<Int>;
}

export interface HwUserTable {
  id: Generated<Int>;
  userid: Int;
  mac: string;
  unique_id: string;
  disk_id: string;
  occurencies: Int;
  activated: Int;
}

export interface IpUserTable {
  userid: Int;
  ip: string;
  occurencies: Int;
  last_used_at: Int;
}

export interface Database {
  users: UsersTable;
  user_stats: UserStatsTable;
  users_relationships: RelationshipsTable;
  bancho_channels: ChannelsTable;
  bancho_settings: SettingsTable;
  messages: MessagesTable;
  matches: MatchesTable;
  match_games: MatchGamesTable;
  match_events: MatchEventsTable;
  scores: ScoresTable;
  scores_relax: ScoresTable;
  scores_ap: ScoresTable;
  beatmaps: BeatmapsTable;
  hw_user: HwUserTable;
  ip_user: IpUserTable;
}

export type ScoreTableName = 'scores' | 'scores_relax' | 'scores_ap';
