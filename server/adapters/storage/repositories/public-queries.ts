/**
 * The public read model (server/ports/public-read-model.ts) over Kysely, one implementation for
 * SQLite and MySQL. Queries follow akatsuki-api's (same joins, filters and orders) and stay on
 * the indexes Akatsuki's schema has: scores by (userid, play_mode, completed), by
 * (beatmap_md5, play_mode, completed), user_stats by (user_id, mode) and by pp / ranked_score.
 *
 * `PublicDb` lists exactly the columns read here, typed as either driver returns them.
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Playstyle, VanillaMode } from '../../../../protocol/osu/modes.js';
import type {
  ApiToken,
  Badge,
  Clan,
  LeaderboardEntry,
  Page,
  PublicBeatmap,
  PublicReadModel,
  PublicScore,
  PublicUser,
  PublicUserFull,
  ScoreWithBeatmap,
  ScoreWithUser,
  Viewer,
} from '../../../ports/public-read-model.js';
import type { ScoreCompleted } from '../../../ports/storage.js';
import type { RepoContext } from './context.js';
import { toStats } from './users.js';
import { float32, fromSqlDatetime, guard, toBigInt, toSqlDatetime } from './context.js';
import type { Database } from '../database.js';

type N = number;
interface UsersExtra {
  id: N; username: string; username_safe: string; username_aka: string; register_datetime: N; privileges: N; latest_activity: N;
  country: string; user_title: string | null; play_style: N; favourite_mode: N; custom_badge_icon: string; custom_badge_name: string;
  can_custom_badge: N; show_custom_badge: N; silence_reason: string; silence_end: N; notes: string | null; ban_datetime: N;
  email: string; clan_id: N; userpage_content: string | Buffer | null; vanilla_pp_leaderboards: N; leaderboard_size: N | null;
  donor_expire: N;
}
interface ScoreCols {
  id: N | string; beatmap_md5: string; userid: N; score: N; max_combo: N; full_combo: N; mods: N; '300_count': N; '100_count': N;
  '50_count': N; katus_count: N; gekis_count: N; misses_count: N; time: N; play_mode: N; completed: N; accuracy: N; pp: N;
  checksum: string; pinned: N;
}
interface BeatmapCols {
  beatmap_id: N; beatmapset_id: N; beatmap_md5: string; song_name: string; ar: N; od: N; max_combo: N; hit_length: N; bpm: N;
  ranked: N; ranked_status_freezed: N; latest_update: N; playcount: N; passcount: N; mode: N;
}
interface PublicDb {
  users: UsersExtra;
  user_stats: Database['user_stats'];
  scores: ScoreCols;
  scores_relax: ScoreCols;
  scores_ap: ScoreCols;
  beatmaps: BeatmapCols;
  users_relationships: { id: N; user1: N; user2: N };
  badges: { id: N; name: string; icon: string; colour: string };
  user_badges: { id: N; user: N; badge: N };
  tourmnt_badges: { id: N; name: string; icon: string };
  user_tourmnt_badges: { id: N; user: N; badge: N };
  clans: { id: N; name: string; tag: string; description: string | null; icon: string | null; owner: N | null; status: N };
  tokens: { id: N; user: N; privileges: N; description: string; token: string; private: N; last_updated: N };
  scores_first: { beatmap_md5: string; mode: N; rx: N; scoreid: N | string; userid: N };
  user_beatmaps: { userid: N; map: string; rx: N; mode: N; count: N };
  users_achievements: { id: N; user_id: N; achievement_id: N; mode: N; created_at: N };
  less_achievements: { id: N; file: string; name: string; desc: string; hidden: N; mode: N | null };
  user_profile_history: { user_id: N; mode: N; captured_at: string | Date; rank: N; pp: N; country_rank: N | null };
  matches: { id: N; name: string; private: N; start_time: string; end_time: string | null };
  match_events: { id: N; match_id: N; game_id: N | null; user_id: N | null; event_type: string; timestamp: string };
  match_games: { id: N; match_id: N; beatmap_id: N; mode: N; mods: N; start_time: string; end_time: string | null };
}

type ScoreTable = 'scores' | 'scores_relax' | 'scores_ap';
const TABLE: Record<Playstyle, ScoreTable> = { vanilla: 'scores', relax: 'scores_relax', autopilot: 'scores_ap' };

const USER_CORE = ['u.id', 'u.username', 'u.username_aka', 'u.register_datetime', 'u.privileges', 'u.latest_activity', 'u.country', 'u.user_title'] as const;

function toUser(r: Record<string, unknown>): PublicUser {
  return {
    id: Number(r.id),
    username: String(r.username),
    usernameAka: String(r.username_aka ?? ''),
    registerDatetime: Number(r.register_datetime),
    privileges: Number(r.privileges),
    latestActivity: Number(r.latest_activity),
    country: String(r.country ?? 'XX'),
    userTitle: r.user_title === null || r.user_title === undefined ? null : String(r.user_title),
  };
}

function toBeatmap(r: Record<string, unknown>, p = ''): PublicBeatmap {
  return {
    beatmapId: Number(r[`${p}beatmap_id`]),
    beatmapsetId: Number(r[`${p}beatmapset_id`]),
    beatmapMd5: String(r[`${p}beatmap_md5`]),
    songName: String(r[`${p}song_name`]),
    ar: float32(r[`${p}ar`]),
    od: float32(r[`${p}od`]),
    maxCombo: Number(r[`${p}max_combo`]),
    hitLength: Number(r[`${p}hit_length`]),
    bpm: Number(r[`${p}bpm`]),
    ranked: Number(r[`${p}ranked`]),
    rankedStatusFrozen: Number(r[`${p}ranked_status_freezed`]),
    latestUpdate: Number(r[`${p}latest_update`]),
    playcount: Number(r[`${p}playcount`]),
    passcount: Number(r[`${p}passcount`]),
    mode: Number(r[`${p}mode`]),
  };
}

function toScore(r: Record<string, unknown>): PublicScore {
  return {
    id: toBigInt(r.s_id),
    beatmapMd5: String(r.s_beatmap_md5),
    userId: Number(r.s_userid),
    score: Number(r.s_score),
    maxCombo: Number(r.s_max_combo),
    fullCombo: Number(r.s_full_combo) !== 0,
    mods: Number(r.s_mods),
    count300: Number(r.s_300),
    count100: Number(r.s_100),
    count50: Number(r.s_50),
    countKatu: Number(r.s_katu),
    countGeki: Number(r.s_geki),
    countMiss: Number(r.s_miss),
    time: Number(r.s_time),
    playMode: Number(r.s_play_mode) as VanillaMode,
    completed: Number(r.s_completed) as ScoreCompleted,
    accuracy: float32(r.s_accuracy),
    pp: float32(r.s_pp),
    checksum: String(r.s_checksum),
    pinned: Number(r.s_pinned) !== 0,
  };
}

const clampPage = (p: Page): Page => ({ offset: Math.max(0, Math.floor(p.offset)), limit: Math.max(0, Math.floor(p.limit)) });

export function publicQueries(ctx: RepoContext): PublicReadModel {
  const db = ctx.db as unknown as Kysely<PublicDb>;
  const text = (ref: string): RawBuilder<string> => sql<string>`CAST(${sql.ref(ref)} AS ${sql.raw(ctx.dialect === 'mysql' ? 'CHAR' : 'TEXT')})`;
  /** `(u.privileges & 1 = 1 OR u.id = self)` unless the viewer sees everyone. */
  const visible = (viewer: Viewer, alias = 'u'): RawBuilder<boolean> =>
    viewer.seesAll ? sql<boolean>`1 = 1` : sql<boolean>`((${sql.ref(`${alias}.privileges`)} & 1) = 1 OR ${sql.ref(`${alias}.id`)} = ${viewer.selfId})`;

  // Score columns under short, collision-free aliases (joined rows also carry users/beatmaps columns).
  const scoreSelect = (t: string) =>
    [
      text(`${t}.id`).as('s_id'),
      sql.ref(`${t}.beatmap_md5`).as('s_beatmap_md5'),
      sql.ref(`${t}.userid`).as('s_userid'),
      sql.ref(`${t}.score`).as('s_score'),
      sql.ref(`${t}.max_combo`).as('s_max_combo'),
      sql.ref(`${t}.full_combo`).as('s_full_combo'),
      sql.ref(`${t}.mods`).as('s_mods'),
      sql.ref(`${t}.300_count`).as('s_300'),
      sql.ref(`${t}.100_count`).as('s_100'),
      sql.ref(`${t}.50_count`).as('s_50'),
      sql.ref(`${t}.katus_count`).as('s_katu'),
      sql.ref(`${t}.gekis_count`).as('s_geki'),
      sql.ref(`${t}.misses_count`).as('s_miss'),
      sql.ref(`${t}.time`).as('s_time'),
      sql.ref(`${t}.play_mode`).as('s_play_mode'),
      sql.ref(`${t}.completed`).as('s_completed'),
      sql.ref(`${t}.accuracy`).as('s_accuracy'),
      sql.ref(`${t}.pp`).as('s_pp'),
      sql.ref(`${t}.checksum`).as('s_checksum'),
      sql.ref(`${t}.pinned`).as('s_pinned'),
    ] as const;
  const beatmapSelect = [
    'b.beatmap_id as b_beatmap_id', 'b.beatmapset_id as b_beatmapset_id', 'b.beatmap_md5 as b_beatmap_md5', 'b.song_name as b_song_name',
    'b.ar as b_ar', 'b.od as b_od', 'b.max_combo as b_max_combo', 'b.hit_length as b_hit_length', 'b.bpm as b_bpm', 'b.ranked as b_ranked',
    'b.ranked_status_freezed as b_ranked_status_freezed', 'b.latest_update as b_latest_update', 'b.playcount as b_playcount',
    'b.passcount as b_passcount', 'b.mode as b_mode',
  ] as const;
  const beatmapCols = ['beatmap_id', 'beatmapset_id', 'beatmap_md5', 'song_name', 'ar', 'od', 'max_combo', 'hit_length', 'bpm', 'ranked', 'ranked_status_freezed', 'latest_update', 'playcount', 'passcount', 'mode'] as const;
  const statsCols = ['ranked_score', 'total_score', 'playcount', 'replays_watched', 'total_hits', 'avg_accuracy', 'pp', 'playtime', 'xh_count', 'x_count', 'sh_count', 's_count', 'a_count', 'b_count', 'c_count', 'd_count', 'max_combo', 'latest_pp_awarded'] as const;

  const toEntry = (r: Record<string, unknown>, mode: number): LeaderboardEntry => ({
    user: { ...toUser(r), playStyle: Number(r.play_style), favouriteMode: Number(r.favourite_mode) },
    stats: toStats({
      ...(Object.fromEntries(statsCols.map((c) => [c, r[`st_${c}`]])) as Record<(typeof statsCols)[number], unknown>),
      user_id: r.id,
      mode,
    }),
  });
  const statsSelect = statsCols.map((c) => sql.ref(`st.${c}`).as(`st_${c}`));

  return {
    findUser: (key, viewer) => guard('public.findUser', async () => {
      let q = db.selectFrom('users as u').selectAll('u').where(visible(viewer));
      q = 'id' in key ? q.where('u.id', '=', key.id) : q.where('u.username_safe', '=', key.safeName);
      const r = await q.executeTakeFirst();
      if (!r) return undefined;
      const page = r.userpage_content;
      const full: PublicUserFull = {
        ...toUser(r as unknown as Record<string, unknown>),
        playStyle: Number(r.play_style),
        favouriteMode: Number(r.favourite_mode),
        customBadgeIcon: String(r.custom_badge_icon ?? ''),
        customBadgeName: String(r.custom_badge_name ?? ''),
        canCustomBadge: Number(r.can_custom_badge) !== 0,
        showCustomBadge: Number(r.show_custom_badge) !== 0,
        silenceReason: String(r.silence_reason ?? ''),
        silenceEnd: Number(r.silence_end),
        notes: r.notes ?? null,
        banDatetime: Number(r.ban_datetime),
        email: String(r.email),
        clanId: Number(r.clan_id),
        userpageContent: page === null || page === undefined ? null : Buffer.isBuffer(page) ? page.toString('utf8') : String(page),
        vanillaPpLeaderboards: Number(r.vanilla_pp_leaderboards) !== 0,
        leaderboardSize: r.leaderboard_size === null ? null : Number(r.leaderboard_size),
      };
      return full;
    }),

    listUsers: (f, viewer, sort, page) => guard('public.listUsers', async () => {
      const { offset, limit } = clampPage(page);
      let q = db.selectFrom('users as u').select(USER_CORE).where(visible(viewer));
      if (f.safeName !== undefined) q = q.where('u.username_safe', '=', f.safeName);
      if (f.id !== undefined) q = q.where('u.id', '=', f.id);
      if (f.privileges !== undefined) q = q.where('u.privileges', '=', f.privileges);
      if (f.hasPrivileges !== undefined) q = q.where(sql<boolean>`(${sql.ref('u.privileges')} & ${f.hasPrivileges}) > 0`);
      if (f.hasNotPrivileges !== undefined) q = q.where(sql<boolean>`(${sql.ref('u.privileges')} & ${f.hasNotPrivileges}) = 0`);
      if (f.country !== undefined) q = q.where('u.country', '=', f.country);
      if (f.nameAka !== undefined) q = q.where('u.username_aka', '=', f.nameAka);
      if (f.ids && f.ids.length > 0) q = q.where('u.id', 'in', f.ids);
      if (f.safeNames && f.safeNames.length > 0) q = q.where('u.username_safe', 'in', f.safeNames);
      if (f.countries && f.countries.length > 0) q = q.where('u.country', 'in', f.countries);
      for (const s of sort.length > 0 ? sort : [{ column: 'id' as const, desc: false }]) q = q.orderBy(`u.${s.column}`, s.desc ? 'desc' : 'asc');
      const rows = await q.limit(limit).offset(offset).execute();
      return rows.map((r) => toUser(r as unknown as Record<string, unknown>));
    }),

    lookupUsers: (like, email, viewer) => guard('public.lookupUsers', async () => {
      // `!` as the LIKE escape: a backslash literal is itself an escape in MySQL strings.
      const pattern = `%${like.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      const rows = await db
        .selectFrom('users as u')
        .select(['u.id', 'u.username'])
        .where((eb) => eb.or([sql<boolean>`${sql.ref('u.username_safe')} LIKE ${pattern} ESCAPE '!'`, eb('u.email', '=', email ?? '\u0000')]))
        .where(visible(viewer))
        .orderBy('u.id')
        .limit(25)
        .execute();
      return rows.map((r) => ({ id: Number(r.id), username: String(r.username) }));
    }),

    followers: (userId) => guard('public.followers', async () => {
      const r = await db.selectFrom('users_relationships').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user2', '=', userId).executeTakeFirstOrThrow();
      return Number(r.n);
    }),

    badgesOf: (userId) => guard('public.badgesOf', async () => {
      const rows = await db.selectFrom('user_badges as ub').innerJoin('badges as b', 'b.id', 'ub.badge').select(['b.id', 'b.name', 'b.icon', 'b.colour']).where('ub.user', '=', userId).orderBy('ub.id').execute();
      return rows.map((r): Badge => ({ id: Number(r.id), name: String(r.name), icon: String(r.icon), colour: String(r.colour ?? '') }));
    }),

    tournamentBadgesOf: (userId) => guard('public.tournamentBadgesOf', async () => {
      const rows = await db.selectFrom('user_tourmnt_badges as ub').innerJoin('tourmnt_badges as b', 'b.id', 'ub.badge').select(['b.id', 'b.name', 'b.icon']).where('ub.user', '=', userId).orderBy('ub.id').execute();
      return rows.map((r) => ({ id: Number(r.id), name: String(r.name), icon: String(r.icon) }));
    }),

    clan: (id) => guard('public.clan', async () => {
      if (id === 0) return undefined;
      const r = await db.selectFrom('clans').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toClan(r);
    }),

    clans: (page) => guard('public.clans', async () => {
      const { offset, limit } = clampPage(page);
      const rows = await db.selectFrom('clans').selectAll().orderBy('id').limit(limit).offset(offset).execute();
      return rows.map(toClan);
    }),

    badges: () => guard('public.badges', async () => {
      const rows = await db.selectFrom('badges').select(['id', 'name', 'icon', 'colour']).orderBy('id').execute();
      return rows.map((r): Badge => ({ id: Number(r.id), name: String(r.name), icon: String(r.icon), colour: String(r.colour ?? '') }));
    }),

    userScores: (kind, playstyle, userId, mode, page, opts = {}) => guard('public.userScores', async () => {
      const t = TABLE[playstyle];
      const { offset, limit } = clampPage(page);
      let q = db
        .selectFrom(`${t} as s` as 'scores as s')
        .innerJoin('beatmaps as b', 'b.beatmap_md5', 's.beatmap_md5')
        .select(scoreSelect('s'))
        .select(beatmapSelect)
        .where('s.userid', '=', userId)
        .where('s.play_mode', '=', mode);
      if (kind === 'best') q = q.where('s.completed', '=', 3).where('b.ranked', 'in', [2, 3]).orderBy('s.pp', 'desc').orderBy('s.score', 'desc');
      else if (kind === 'pinned') q = q.where('s.pinned', '=', 1).orderBy('s.pp', 'desc');
      else {
        if (opts.since !== undefined) q = q.where('s.time', '>=', opts.since);
        q = q.orderBy('s.id', 'desc');
      }
      const rows = await q.limit(limit).offset(offset).execute();
      return rows.map((r) => ({ score: toScore(r), beatmap: toBeatmap(r, 'b_') }));
    }),

    compatUserScores: (playstyle, userId, mode, opts) => guard('public.compatUserScores', async () => {
      const t = TABLE[playstyle];
      let q = db
        .selectFrom(`${t} as s` as 'scores as s')
        .innerJoin('beatmaps as b', 'b.beatmap_md5', 's.beatmap_md5')
        .select(scoreSelect('s'))
        .select(beatmapSelect)
        .where('s.userid', '=', userId)
        .where('s.play_mode', '=', mode);
      if (opts.bestOnly) q = q.where('s.completed', '=', 3);
      const rows = await q.orderBy(`s.${opts.order}`, 'desc').orderBy('s.id', 'desc').limit(Math.max(0, Math.floor(opts.limit))).execute();
      return rows.map((r) => ({ score: toScore(r), beatmap: toBeatmap(r, 'b_') }));
    }),

    userFirsts: (playstyle, userId, mode, page) => guard('public.userFirsts', async () => {
      const t = TABLE[playstyle];
      const rx = playstyle === 'vanilla' ? 0 : playstyle === 'relax' ? 1 : 2;
      const { offset, limit } = clampPage(page);
      const base = db
        .selectFrom('scores_first as f')
        .innerJoin(`${t} as s` as 'scores as s', 's.id', 'f.scoreid')
        .innerJoin('beatmaps as b', 'b.beatmap_md5', 's.beatmap_md5')
        .where('f.userid', '=', userId)
        .where('f.mode', '=', mode)
        .where('f.rx', '=', rx);
      const [count, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        base.select(scoreSelect('s')).select(beatmapSelect).orderBy('s.time', 'desc').limit(limit).offset(offset).execute(),
      ]);
      return { total: Number(count.n), scores: rows.map((r) => ({ score: toScore(r), beatmap: toBeatmap(r, 'b_') })) };
    }),

    scoreById: (playstyle, id) => guard('public.scoreById', async () => {
      const t = TABLE[playstyle];
      const r = await db
        .selectFrom(`${t} as s` as 'scores as s')
        .innerJoin('users as u', 'u.id', 's.userid')
        .innerJoin('beatmaps as b', 'b.beatmap_md5', 's.beatmap_md5')
        .select(scoreSelect('s'))
        .select(USER_CORE)
        .select(beatmapSelect)
        .where('s.id', '=', id.toString())
        .executeTakeFirst();
      if (!r) return undefined;
      const row = r as unknown as Record<string, unknown>;
      return { score: toScore(row), user: toUser(row), beatmap: toBeatmap(row, 'b_') };
    }),

    mapScores: (playstyle, md5, mode, sort, page, viewer, opts = {}) => guard('public.mapScores', async () => {
      const t = TABLE[playstyle];
      const { offset, limit } = clampPage(page);
      let q = db
        .selectFrom(`${t} as s` as 'scores as s')
        .innerJoin('users as u', 'u.id', 's.userid')
        .select(scoreSelect('s'))
        .select(USER_CORE)
        .where('s.beatmap_md5', '=', md5)
        .where('s.completed', '=', 3)
        .where(visible(viewer));
      if (mode !== undefined) q = q.where('s.play_mode', '=', mode);
      if (opts.modsAll !== undefined) q = q.where(sql<boolean>`(${sql.ref('s.mods')} & ${opts.modsAll}) = ${opts.modsAll}`);
      if (opts.userId !== undefined) q = q.where('s.userid', '=', opts.userId);
      for (const s of sort) q = q.orderBy(`s.${s.column}`, s.desc ? 'desc' : 'asc');
      const rows = await q.limit(limit).offset(offset).execute();
      return rows.map((r): ScoreWithUser => ({ score: toScore(r), user: toUser(r as unknown as Record<string, unknown>) }));
    }),

    beatmapById: (id) => guard('public.beatmapById', async () => {
      const r = await db.selectFrom('beatmaps').select(beatmapCols).where('beatmap_id', '=', id).executeTakeFirst();
      return r && toBeatmap(r as unknown as Record<string, unknown>);
    }),

    beatmapByMd5: (md5) => guard('public.beatmapByMd5', async () => {
      const r = await db.selectFrom('beatmaps').select(beatmapCols).where('beatmap_md5', '=', md5).executeTakeFirst();
      return r && toBeatmap(r as unknown as Record<string, unknown>);
    }),

    beatmaps: (f, page) => guard('public.beatmaps', async () => {
      const { offset, limit } = clampPage(page);
      let q = db.selectFrom('beatmaps').select(beatmapCols);
      if (f.songName !== undefined) q = q.where('song_name', '=', f.songName);
      if (f.frozen !== undefined) q = q.where('ranked_status_freezed', '=', f.frozen);
      if (f.ids && f.ids.length > 0) q = q.where('beatmap_id', 'in', f.ids);
      if (f.setIds && f.setIds.length > 0) q = q.where('beatmapset_id', 'in', f.setIds);
      if (f.md5s && f.md5s.length > 0) q = q.where('beatmap_md5', 'in', f.md5s);
      const rows = await q.orderBy('beatmap_id', 'desc').limit(limit).offset(offset).execute();
      return rows.map((r) => toBeatmap(r as unknown as Record<string, unknown>));
    }),

    statsForUsers: (ids, modeValue) => guard('public.statsForUsers', async () => {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('users as u')
        .innerJoin('user_stats as st', 'st.user_id', 'u.id')
        .select(USER_CORE)
        .select(['u.play_style', 'u.favourite_mode'])
        .select(statsSelect)
        .where('u.id', 'in', [...ids])
        .where('st.mode', '=', modeValue)
        .execute();
      return rows.map((r) => toEntry(r as unknown as Record<string, unknown>, modeValue));
    }),

    leaderboardByStats: (modeValue, sort, page, country, opts = {}) => guard('public.leaderboardByStats', async () => {
      const { offset, limit } = clampPage(page);
      let q = db
        .selectFrom('user_stats as st')
        .innerJoin('users as u', 'u.id', 'st.user_id')
        .select(USER_CORE)
        .select(['u.play_style', 'u.favourite_mode'])
        .select(statsSelect)
        .where('st.mode', '=', modeValue)
        .where(sql<boolean>`(${sql.ref('u.privileges')} & 3) = 3`);
      if (country !== undefined) q = q.where('u.country', '=', country.toUpperCase());
      if (opts.playedOnly) q = q.where('st.ranked_score', '>', 0);
      q = sort === 'score' ? q.orderBy('st.ranked_score', 'desc').orderBy('st.pp', 'desc') : q.orderBy('st.pp', 'desc').orderBy('st.ranked_score', 'desc');
      const rows = await q.orderBy('u.id').limit(limit).offset(offset).execute();
      return rows.map((r) => toEntry(r as unknown as Record<string, unknown>, modeValue));
    }),

    tokenByHash: (hash) => guard('public.tokenByHash', async () => {
      const r = await db
        .selectFrom('tokens as t')
        .innerJoin('users as u', 'u.id', 't.user')
        .select(['t.id', 't.user', 't.privileges', 't.private', 'u.privileges as user_privileges'])
        .where('t.token', '=', hash)
        .executeTakeFirst();
      return r && ({ id: Number(r.id), userId: Number(r.user), privileges: Number(r.privileges), private: Number(r.private) !== 0, userPrivileges: Number(r.user_privileges) } satisfies ApiToken);
    }),

    touchToken: (id, at) => guard('public.touchToken', async () => {
      await db.updateTable('tokens').set({ last_updated: at }).where('id', '=', id).execute();
    }),

    mostPlayed: (userId, rx, mode, page) => guard('public.mostPlayed', async () => {
      const { offset, limit } = clampPage(page);
      const rows = await db
        .selectFrom('user_beatmaps as ub')
        .innerJoin('beatmaps as b', 'b.beatmap_md5', 'ub.map')
        .select(['ub.count'])
        .select(beatmapSelect)
        .where('ub.userid', '=', userId)
        .where('ub.rx', '=', rx)
        .where('ub.mode', '=', mode)
        .orderBy('ub.count', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => ({ count: Number(r.count), beatmap: toBeatmap(r as unknown as Record<string, unknown>, 'b_') }));
    }),

    achievements: (userId, mode) => guard('public.achievements', async () => {
      const rows = await db
        .selectFrom('less_achievements as a')
        .leftJoin('users_achievements as ua', (j) => j.onRef('ua.achievement_id', '=', 'a.id').on('ua.user_id', '=', userId).on('ua.mode', '=', mode))
        .select(['a.id', 'a.name', 'a.desc', 'a.file', 'ua.created_at'])
        .where((eb) => eb.or([eb('a.mode', 'is', null), eb('a.mode', '=', mode)]))
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        name: String(r.name),
        description: String(r.desc),
        icon: String(r.file),
        achieved: r.created_at !== null && r.created_at !== undefined,
        achievedAt: r.created_at === null || r.created_at === undefined ? null : Number(r.created_at),
      }));
    }),

    friendsOf: (userId) => guard('public.friendsOf', async () => {
      const rows = await db
        .selectFrom('users_relationships as r')
        .innerJoin('users as u', 'u.id', 'r.user2')
        .select(USER_CORE)
        .select((eb) =>
          eb.exists(eb.selectFrom('users_relationships as back').select('back.id').whereRef('back.user1', '=', 'r.user2').where('back.user2', '=', userId)).as('mutual'),
        )
        .where('r.user1', '=', userId)
        .groupBy(['u.id', 'u.username', 'u.username_aka', 'u.register_datetime', 'u.privileges', 'u.latest_activity', 'u.country', 'u.user_title'])
        .orderBy('u.id')
        .execute();
      return rows.map((r) => ({ ...toUser(r as unknown as Record<string, unknown>), isMutual: Number(r.mutual) !== 0 }));
    }),

    profileHistory: (userId, modeValue, since) => guard('public.profileHistory', async () => {
      const rows = await db
        .selectFrom('user_profile_history')
        .select(['captured_at', 'rank', 'pp', 'country_rank'])
        .where('user_id', '=', userId)
        .where('mode', '=', modeValue)
        .where('captured_at', '>=', toSqlDatetime(Math.max(0, since)))
        .orderBy('captured_at')
        .execute();
      return rows.map((r) => ({
        capturedAt: fromSqlDatetime(r.captured_at as string | Date) ?? 0,
        rank: Number(r.rank),
        pp: Number(r.pp),
        countryRank: r.country_rank === null ? null : Number(r.country_rank),
      }));
    }),

    match: (id) => guard('public.match', async () => {
      const m = await db.selectFrom('matches').selectAll().where('id', '=', id).executeTakeFirst();
      if (!m) return undefined;
      const games = await db.selectFrom('match_games').select(['id', 'beatmap_id', 'mode', 'mods', 'start_time', 'end_time']).where('match_id', '=', id).orderBy('id').execute();
      return {
        id: Number(m.id),
        name: String(m.name),
        private: Number(m.private) !== 0,
        startTime: fromSqlDatetime(m.start_time) ?? 0,
        endTime: fromSqlDatetime(m.end_time),
        games: games.map((g) => ({ id: Number(g.id), beatmapId: Number(g.beatmap_id), mode: Number(g.mode), mods: Number(g.mods), startTime: fromSqlDatetime(g.start_time) ?? 0, endTime: fromSqlDatetime(g.end_time) })),
      };
    }),

    matchEvents: (matchId) => guard('public.matchEvents', async () => {
      const rows = await db
        .selectFrom('match_events as e')
        .leftJoin('users as u', 'u.id', 'e.user_id')
        .select(['e.id', 'e.event_type', 'e.timestamp', 'e.game_id', 'e.user_id', 'u.username', 'u.country'])
        .where('e.match_id', '=', matchId)
        .orderBy('e.id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        type: String(r.event_type),
        timestamp: fromSqlDatetime(r.timestamp) ?? 0,
        gameId: r.game_id === null ? null : Number(r.game_id),
        user: r.user_id === null ? null : { id: Number(r.user_id), username: String(r.username ?? ''), country: String(r.country ?? 'XX') },
      }));
    }),

    recentMatches: (limit) => guard('public.recentMatches', async () => {
      const rows = await db.selectFrom('matches').selectAll().where('private', '=', 0).orderBy('id', 'desc').limit(Math.max(0, Math.floor(limit))).execute();
      return rows.map((m) => ({ id: Number(m.id), name: String(m.name), private: false, startTime: fromSqlDatetime(m.start_time) ?? 0, endTime: fromSqlDatetime(m.end_time) }));
    }),
  };
}

function toClan(r: { id: N; name: string; tag: string; description: string | null; icon: string | null; owner: N | null; status: N }): Clan {
  return { id: Number(r.id), name: String(r.name), tag: String(r.tag), description: String(r.description ?? ''), icon: String(r.icon ?? ''), owner: Number(r.owner ?? 0), status: Number(r.status) };
}
