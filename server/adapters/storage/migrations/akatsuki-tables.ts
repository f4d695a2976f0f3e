/**
 * The Akatsuki tables Hayate reads and writes (shared/spec/score-and-web.md §4, pp-compute.md
 * §4.2), with the same table and column names on both backends. Types follow the Akatsuki dump;
 * every NOT NULL column carries a default so a missing column can be added to a table that
 * already holds rows.
 */
import type { ColumnSpec, ColumnType, TableSpec } from './table-spec.js';

/** First ids of the score tables (production ranges: relax < 500M, vanilla ≥ 500M, AP ≥ 6.1e18). */
export const SCORE_ID_START = {
  relax: 1n,
  vanilla: 500_000_000n,
  autopilot: 6_148_914_691_236_517_204n,
} as const;

const c = (name: string, type: ColumnType, extra: Omit<ColumnSpec, 'name' | 'type'> = {}): ColumnSpec => ({
  name,
  type,
  ...extra,
});
const int0 = (name: string, type: ColumnType = 'int'): ColumnSpec => c(name, type, { default: 0 });
const str = (name: string, type: ColumnType, def = ''): ColumnSpec => c(name, type, { default: def });
const opt = (name: string, type: ColumnType): ColumnSpec => c(name, type, { nullable: true });
const aiId = (type: ColumnType = 'int'): ColumnSpec => c('id', type, { autoIncrement: true });

const users: TableSpec = {
  name: 'users',
  columns: [
    aiId(),
    str('username', 'varchar(19)'),
    str('username_safe', 'varchar(19)'),
    str('password_md5', 'varchar(64)'),
    str('email', 'varchar(254)'),
    int0('register_datetime'),
    int0('latest_activity'),
    int0('silence_end'),
    str('silence_reason', 'varchar(512)'),
    int0('privileges'),
    int0('donor_expire'),
    int0('frozen'),
    opt('notes', 'longtext'),
    int0('ban_datetime'),
    c('switch_notifs', 'tinyint', { default: 1 }),
    int0('previous_overwrite'),
    int0('whitelist', 'tinyint'),
    int0('clan_id'),
    opt('userpage_content', 'blob'),
    c('userpage_allowed', 'tinyint', { default: 1 }),
    opt('freeze_reason', 'text'),
    str('country', 'char(2)', 'XX'),
    str('username_aka', 'varchar(19)'),
    int0('can_custom_badge', 'tinyint'),
    int0('show_custom_badge', 'tinyint'),
    str('custom_badge_icon', 'varchar(32)'),
    str('custom_badge_name', 'varchar(24)'),
    int0('favourite_mode', 'smallint'),
    int0('play_style', 'smallint'),
    int0('vanilla_pp_leaderboards', 'tinyint'),
    opt('leaderboard_size', 'int'),
    opt('discord_account_id', 'bigint'),
    c('has_free_username_change', 'tinyint', { default: 1 }),
    opt('user_title', 'varchar(255)'),
    opt('twitch_account_id', 'bigint'),
    opt('twitch_username', 'varchar(255)'),
    opt('official_osu_user_id', 'int'),
    opt('official_osu_username', 'varchar(255)'),
  ],
  indexes: [
    { columns: ['username_safe'], unique: true },
    { columns: ['email'], unique: true },
    { columns: ['privileges'] },
    { columns: ['username'] },
    { columns: ['clan_id'] },
    { columns: ['country'] },
    { columns: ['donor_expire'] },
  ],
};

const userStats: TableSpec = {
  name: 'user_stats',
  columns: [
    int0('user_id'),
    int0('mode', 'smallint'),
    int0('ranked_score', 'ubigint'),
    int0('total_score', 'ubigint'),
    int0('playcount'),
    int0('replays_watched'),
    int0('total_hits'),
    c('level', 'int', { default: 1 }),
    int0('avg_accuracy', 'double'),
    int0('pp', 'uint'),
    int0('playtime'),
    int0('xh_count'),
    int0('x_count'),
    int0('sh_count'),
    int0('s_count'),
    int0('a_count'),
    int0('b_count'),
    int0('c_count'),
    int0('d_count'),
    int0('max_combo'),
    int0('latest_pp_awarded'),
  ],
  primaryKey: ['user_id', 'mode'],
  indexes: [
    { columns: ['pp'] },
    { columns: ['ranked_score'] },
    { columns: ['total_score'] },
    { columns: ['avg_accuracy'] },
    { columns: ['mode'] },
    { columns: ['user_id'] },
  ],
};

function scoreTable(name: string, idType: ColumnType, start: bigint, extraIndexes: TableSpec['indexes'] = []): TableSpec {
  return {
    name,
    autoIncrementStart: start > 1n ? start : undefined,
    columns: [
      aiId(idType),
      str('beatmap_md5', 'varchar(32)'),
      int0('userid'),
      int0('score'),
      int0('max_combo'),
      int0('full_combo', 'tinyint'),
      int0('mods'),
      int0('300_count'),
      int0('100_count'),
      int0('50_count'),
      int0('katus_count'),
      int0('gekis_count'),
      int0('misses_count'),
      int0('time'),
      int0('play_mode', 'tinyint'),
      int0('completed', 'tinyint'),
      int0('accuracy', 'float63'),
      int0('pp', 'float'),
      str('checksum', 'char(32)'),
      int0('patcher', 'tinyint'),
      int0('pinned', 'tinyint'),
      opt('replay_analysis', 'json'),
      opt('replay_analysis_at', 'datetime'),
    ],
    indexes: [
      { columns: ['checksum'], unique: true },
      { columns: ['userid'] },
      { columns: ['mods'] },
      { columns: ['score'] },
      { columns: ['pp'] },
      { columns: ['beatmap_md5'] },
      { columns: ['beatmap_md5', 'play_mode', 'completed', 'userid'] },
      { columns: ['beatmap_md5', 'play_mode', 'completed'] },
      { columns: ['userid', 'pinned', 'play_mode'] },
      { columns: ['userid', 'play_mode'] },
      { columns: ['userid', 'play_mode', 'completed'] },
      { columns: ['completed', 'time', 'pp'] },
      ...extraIndexes,
    ],
  };
}

/**
 * Hayate's own indexes (not in Akatsuki's schema): the in-game beatmap leaderboard reads a map's
 * best scores in sort order and stops after one page (server/adapters/storage/repositories/
 * leaderboards-sql.ts). Without them every board request sorts all of the map's scores.
 */
const BOARD_BY_SCORE = { columns: ['beatmap_md5', 'play_mode', 'completed', 'score'] };
const BOARD_BY_PP = { columns: ['beatmap_md5', 'play_mode', 'completed', 'pp'] };

const scoresFirst: TableSpec = {
  name: 'scores_first',
  columns: [str('beatmap_md5', 'char(32)'), int0('mode', 'tinyint'), int0('rx', 'tinyint'), int0('scoreid', 'bigint'), int0('userid')],
  primaryKey: ['beatmap_md5', 'mode', 'rx'],
  indexes: [{ columns: ['scoreid'], unique: true }, { columns: ['userid'] }],
};

const beatmaps: TableSpec = {
  name: 'beatmaps',
  columns: [
    int0('beatmap_id'),
    int0('beatmapset_id'),
    str('beatmap_md5', 'char(32)'),
    str('song_name', 'varchar(256)'),
    str('file_name', 'varchar(260)'),
    int0('ar', 'float'),
    int0('od', 'float'),
    int0('mode'),
    int0('max_combo'),
    int0('hit_length'),
    int0('bpm'),
    int0('ranked', 'tinyint'),
    int0('latest_update'),
    int0('ranked_status_freezed', 'tinyint'),
    int0('playcount'),
    int0('passcount'),
    opt('rankedby', 'mediumint'),
    c('rating', 'double', { default: 10 }),
    opt('bancho_ranked_status', 'smallint'),
    opt('count_circles', 'int'),
    opt('count_spinners', 'int'),
    opt('count_sliders', 'int'),
    opt('bancho_creator_id', 'int'),
    opt('bancho_creator_name', 'varchar(64)'),
  ],
  primaryKey: ['beatmap_id'],
  indexes: [{ columns: ['beatmap_md5'], unique: true }, { columns: ['beatmapset_id'] }, { columns: ['file_name'] }],
};

const banchoChannels: TableSpec = {
  name: 'bancho_channels',
  columns: [
    aiId(),
    str('name', 'varchar(32)'),
    str('description', 'varchar(127)'),
    c('public_read', 'tinyint', { default: 1 }),
    c('public_write', 'tinyint', { default: 1 }),
    c('status', 'tinyint', { default: 1 }),
    int0('temp', 'tinyint'),
    int0('hidden', 'tinyint'),
  ],
  indexes: [{ columns: ['name'], unique: true }],
};

const banchoSettings: TableSpec = {
  name: 'bancho_settings',
  columns: [aiId(), str('name', 'varchar(32)'), int0('value_int'), str('value_string', 'varchar(512)')],
  // Not unique: an existing Akatsuki table may hold duplicates; the repository reads the first.
  indexes: [{ columns: ['name'] }],
};

const messages: TableSpec = {
  name: 'messages',
  columns: [
    aiId(),
    int0('sender_id'),
    opt('recipient_id', 'int'),
    opt('recipient_channel', 'varchar(32)'),
    str('content', 'varchar(2048)'),
    opt('read_at', 'int'),
    int0('created_at'),
    opt('deleted_at', 'int'),
  ],
  indexes: [{ columns: ['recipient_id', 'read_at'] }, { columns: ['sender_id', 'created_at'] }],
};

const matches: TableSpec = {
  name: 'matches',
  columns: [aiId(), str('name', 'varchar(127)'), int0('private', 'tinyint'), int0('start_time'), opt('end_time', 'int')],
};

const matchGames: TableSpec = {
  name: 'match_games',
  columns: [
    aiId(),
    int0('match_id'),
    int0('beatmap_id'),
    int0('mode', 'tinyint'),
    int0('mods'),
    int0('scoring_type', 'tinyint'),
    int0('team_type', 'tinyint'),
    int0('start_time'),
    opt('end_time', 'int'),
  ],
  indexes: [{ columns: ['match_id'] }],
};

const matchGameScores: TableSpec = {
  name: 'match_game_scores',
  columns: [
    aiId(),
    int0('match_id'),
    int0('game_id'),
    int0('user_id'),
    int0('mode', 'tinyint'),
    int0('count_300'),
    int0('count_100'),
    int0('count_50'),
    int0('count_miss'),
    int0('count_geki'),
    int0('count_katu'),
    int0('score'),
    int0('accuracy', 'float63'),
    int0('max_combo'),
    int0('mods'),
    int0('passed', 'tinyint'),
    int0('team', 'tinyint'),
  ],
  indexes: [{ columns: ['game_id', 'user_id'], unique: true }, { columns: ['match_id'] }],
};

const matchEvents: TableSpec = {
  name: 'match_events',
  columns: [aiId(), int0('match_id'), opt('game_id', 'int'), opt('user_id', 'int'), str('event_type', 'varchar(32)'), int0('timestamp')],
  indexes: [{ columns: ['match_id'] }],
};

const ppLimits: TableSpec = {
  name: 'pp_limits',
  columns: [
    int0('gamemode', 'tinyint'),
    int0('pp', 'smallint'),
    int0('relax_pp', 'smallint'),
    int0('flashlight_pp', 'smallint'),
    int0('relax_flashlight_pp', 'smallint'),
    int0('autopilot_pp'),
    int0('autopilot_flashlight_pp'),
  ],
  primaryKey: ['gamemode'],
};

const userBeatmaps: TableSpec = {
  name: 'user_beatmaps',
  columns: [int0('userid'), str('map', 'varchar(32)'), int0('rx', 'tinyint'), int0('mode', 'tinyint'), int0('count')],
  primaryKey: ['userid', 'map', 'rx', 'mode'],
};

const usersAchievements: TableSpec = {
  name: 'users_achievements',
  columns: [aiId(), int0('user_id'), int0('achievement_id'), int0('mode', 'tinyint'), int0('created_at')],
  indexes: [{ columns: ['user_id', 'achievement_id', 'mode'], unique: true }, { columns: ['mode'] }],
};

const lessAchievements: TableSpec = {
  name: 'less_achievements',
  columns: [
    aiId(),
    str('file', 'varchar(128)'),
    str('name', 'varchar(128)'),
    str('desc', 'varchar(128)'),
    int0('hidden', 'tinyint'),
    opt('mode', 'tinyint'),
  ],
};

const hwUser: TableSpec = {
  name: 'hw_user',
  columns: [
    aiId(),
    int0('userid'),
    str('mac', 'varchar(32)'),
    str('unique_id', 'varchar(32)'),
    str('disk_id', 'varchar(32)'),
    int0('occurencies'),
    int0('activated', 'tinyint'),
    opt('created_at', 'datetime'),
  ],
  indexes: [
    { columns: ['userid'] },
    { columns: ['mac', 'unique_id', 'disk_id'] },
    { columns: ['mac', 'unique_id', 'disk_id', 'userid'] },
    { columns: ['unique_id'] },
  ],
};

const ipUser: TableSpec = {
  name: 'ip_user',
  columns: [int0('userid'), str('ip', 'varchar(45)'), int0('occurencies'), int0('last_used_at')],
  indexes: [{ columns: ['userid', 'ip'], unique: true }],
};

const rapLogs: TableSpec = {
  name: 'rap_logs',
  columns: [aiId(), int0('userid'), opt('text', 'text'), int0('datetime'), str('through', 'varchar(32)')],
  indexes: [{ columns: ['userid'] }],
};

const clans: TableSpec = {
  name: 'clans',
  columns: [
    aiId(),
    str('name', 'varchar(64)'),
    str('tag', 'varchar(8)'),
    opt('description', 'text'),
    str('icon', 'varchar(255)'),
    str('background', 'varchar(255)'),
    int0('owner'),
    str('invite', 'varchar(64)'),
    int0('status', 'tinyint'),
  ],
  indexes: [
    { columns: ['name'], unique: true },
    { columns: ['tag'], unique: true },
    { columns: ['owner'], unique: true },
    { columns: ['invite'], unique: true },
  ],
};

const reworks: TableSpec = {
  name: 'reworks',
  columns: [
    c('rework_id', 'int', { autoIncrement: true }),
    str('rework_name', 'varchar(64)'),
    int0('mode', 'tinyint'),
    int0('rx', 'tinyint'),
    opt('updated_at', 'datetime'),
  ],
};

const reworkScores: TableSpec = {
  name: 'rework_scores',
  columns: [
    int0('score_id', 'bigint'),
    int0('rework_id'),
    int0('beatmap_id'),
    int0('beatmapset_id'),
    int0('user_id'),
    int0('max_combo'),
    int0('mods'),
    int0('accuracy', 'float'),
    int0('score', 'bigint'),
    int0('num_300s'),
    int0('num_100s'),
    int0('num_50s'),
    int0('num_gekis'),
    int0('num_katus'),
    int0('num_misses'),
    int0('old_pp', 'float'),
    int0('new_pp', 'float'),
  ],
  primaryKey: ['score_id', 'rework_id'],
  indexes: [{ columns: ['user_id', 'rework_id'] }],
};

const reworkStats: TableSpec = {
  name: 'rework_stats',
  columns: [int0('user_id'), int0('rework_id'), int0('old_pp'), int0('new_pp')],
  primaryKey: ['user_id', 'rework_id'],
};

const reworkQueue: TableSpec = {
  name: 'rework_queue',
  columns: [int0('user_id'), int0('rework_id'), opt('processed_at', 'datetime')],
  primaryKey: ['user_id', 'rework_id'],
};

export const AKATSUKI_TABLES: readonly TableSpec[] = [
  users,
  userStats,
  c2('users_relationships'),
  scoreTable('scores', 'int', SCORE_ID_START.vanilla, [{ columns: ['userid', 'play_mode', 'id'] }, BOARD_BY_SCORE, BOARD_BY_PP]),
  scoreTable('scores_relax', 'int', SCORE_ID_START.relax, [BOARD_BY_PP]),
  scoreTable('scores_ap', 'bigint', SCORE_ID_START.autopilot, [BOARD_BY_PP]),
  scoresFirst,
  beatmaps,
  banchoChannels,
  banchoSettings,
  messages,
  matches,
  matchGames,
  matchGameScores,
  matchEvents,
  ppLimits,
  userBeatmaps,
  usersAchievements,
  lessAchievements,
  hwUser,
  ipUser,
  rapLogs,
  clans,
  reworks,
  reworkScores,
  reworkStats,
  reworkQueue,
];

function c2(name: 'users_relationships'): TableSpec {
  return {
    name,
    columns: [aiId(), int0('user1'), int0('user2')],
    indexes: [{ columns: ['user1'] }, { columns: ['user2'] }],
  };
}

export const MIGRATIONS_TABLE: TableSpec = {
  name: 'hayate_migrations',
  columns: [int0('version'), str('name', 'varchar(128)'), int0('applied_at')],
  primaryKey: ['version'],
};
