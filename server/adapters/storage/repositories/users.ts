/** users + user_stats (the stats rows every account needs are created with the user). */
import type { Selectable } from 'kysely';
import type { EffectiveModeValue } from '../../../../protocol/osu/modes.js';
import { EFFECTIVE_MODES } from '../../../../protocol/osu/modes.js';
import type { NewUser, StatsRepository, UserRow, UsersRepository, UserStatsRow } from '../../../ports/storage.js';
import type { UsersTable, UserStatsTable } from '../database.js';
import type { RepoContext } from './context.js';
import { bigText, guard, latin1Text, now, toBigInt } from './context.js';

/** Akatsuki's safe name: trimmed, lowercase, spaces → `_`. */
export const defaultSafeName = (username: string): string => username.trim().toLowerCase().replace(/ /g, '_');

const USER_COLUMNS = [
  'id',
  'username',
  'username_safe',
  'password_md5',
  'email',
  'privileges',
  'register_datetime',
  'latest_activity',
  'silence_end',
  'silence_reason',
  'donor_expire',
  'frozen',
  'ban_datetime',
  'notes',
  'whitelist',
  'country',
  'clan_id',
] as const;

type UserSel = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

function toUser(r: UserSel): UserRow {
  return {
    id: Number(r.id),
    username: r.username,
    usernameSafe: r.username_safe,
    passwordHash: r.password_md5,
    email: r.email,
    privileges: Number(r.privileges),
    registerDatetime: Number(r.register_datetime),
    latestActivity: Number(r.latest_activity),
    silenceEnd: Number(r.silence_end),
    silenceReason: r.silence_reason ?? '',
    donorExpire: Number(r.donor_expire),
    frozen: Number(r.frozen),
    banDatetime: Number(r.ban_datetime),
    notes: r.notes ?? null,
    whitelist: Number(r.whitelist),
    country: r.country ?? 'XX',
    clanId: Number(r.clan_id),
  };
}

export function usersRepository(ctx: RepoContext): UsersRepository {
  const { db } = ctx;
  const select = () => db.selectFrom('users').select(USER_COLUMNS);
  const update = (what: string, id: number, values: Partial<Record<keyof UsersTable, unknown>>) =>
    guard(what, async () => {
      await db.updateTable('users').set(values as never).where('id', '=', id).execute();
    });
  return {
    findById: (id) => guard('users.findById', async () => {
      const r = await select().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    }),
    findBySafeName: (safe) => guard('users.findBySafeName', async () => {
      const r = await select().where('username_safe', '=', safe).executeTakeFirst();
      return r && toUser(r);
    }),
    findByEmail: (email) => guard('users.findByEmail', async () => {
      const r = await select().where('email', '=', email).executeTakeFirst();
      return r && toUser(r);
    }),
    findManyByIds: (ids) => guard('users.findManyByIds', async () => {
      if (ids.length === 0) return [];
      const rows = await select().where('id', 'in', [...new Set(ids)]).orderBy('id').execute();
      return rows.map(toUser);
    }),
    create: (u: NewUser) => guard('users.create', () =>
      db.transaction().execute(async (trx) => {
        const at = u.registerDatetime ?? now();
        const res = await trx
          .insertInto('users')
          .values({
            ...(u.id !== undefined ? { id: u.id } : {}),
            username: u.username,
            username_safe: u.usernameSafe ?? defaultSafeName(u.username),
            password_md5: u.passwordHash,
            email: u.email,
            privileges: u.privileges,
            register_datetime: at,
            latest_activity: at,
            country: u.country ?? 'XX',
            notes: '',
          } as never)
          .executeTakeFirstOrThrow();
        const id = u.id ?? Number(res.insertId);
        await trx
          .insertInto('user_stats')
          .values(EFFECTIVE_MODES.map((mode) => ({ user_id: id, mode, ranked_score: 0n, total_score: 0n })))
          .execute();
        return id;
      }),
    ),
    setPrivileges: (id, p) => update('users.setPrivileges', id, { privileges: p }),
    setSilence: (id, end, reason) => update('users.setSilence', id, { silence_end: end, silence_reason: latin1Text(reason) }),
    setCountry: (id, country) => update('users.setCountry', id, { country }),
    rename: (id, username, usernameSafe) => update('users.rename', id, { username, username_safe: usernameSafe }),
    setLatestActivity: (id, at) => update('users.setLatestActivity', id, { latest_activity: at }),
    setBanDatetime: (id, at) => update('users.setBanDatetime', id, { ban_datetime: at }),
    setPasswordHash: (id, hash) => update('users.setPasswordHash', id, { password_md5: hash }),
    appendNote: (id, line) => guard('users.appendNote', async () => {
      // Read-modify-write in a transaction: CONCAT vs || differs per dialect and NULL notes need care.
      await db.transaction().execute(async (trx) => {
        const r = await trx.selectFrom('users').select('notes').where('id', '=', id).executeTakeFirst();
        if (!r) return;
        const notes = r.notes ? `${r.notes}\n${latin1Text(line)}` : latin1Text(line);
        await trx.updateTable('users').set({ notes }).where('id', '=', id).execute();
      });
    }),
    count: () => guard('users.count', async () => {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    }),
    list: (opts = {}) => guard('users.list', async () => {
      const rows = await select()
        .where('id', '>', opts.afterId ?? 0)
        .orderBy('id')
        .limit(Math.max(1, Math.min(opts.limit ?? 100, 10_000)))
        .execute();
      return rows.map(toUser);
    }),
  };
}

const STATS_COLUMNS = [
  'user_id',
  'mode',
  'playcount',
  'replays_watched',
  'total_hits',
  'avg_accuracy',
  'pp',
  'playtime',
  'xh_count',
  'x_count',
  'sh_count',
  's_count',
  'a_count',
  'b_count',
  'c_count',
  'd_count',
  'max_combo',
  'latest_pp_awarded',
] as const;

type StatsSel = Pick<Selectable<UserStatsTable>, (typeof STATS_COLUMNS)[number]> & { ranked_score: string; total_score: string };

/** A `user_stats` row as the drivers return it (numbers, or decimal text for the big ones). */
export type StatsColumns = Readonly<Record<keyof StatsSel, unknown>>;

/** One mapping from `user_stats` columns to the port's row, for every query that reads them. */
export function toStats(r: StatsColumns): UserStatsRow {
  return {
    userId: Number(r.user_id),
    mode: Number(r.mode) as EffectiveModeValue,
    rankedScore: toBigInt(r.ranked_score),
    totalScore: toBigInt(r.total_score),
    playcount: Number(r.playcount),
    replaysWatched: Number(r.replays_watched),
    totalHits: Number(r.total_hits),
    avgAccuracy: Number(r.avg_accuracy),
    pp: Number(r.pp),
    playtime: Number(r.playtime),
    xhCount: Number(r.xh_count),
    xCount: Number(r.x_count),
    shCount: Number(r.sh_count),
    sCount: Number(r.s_count),
    aCount: Number(r.a_count),
    bCount: Number(r.b_count),
    cCount: Number(r.c_count),
    dCount: Number(r.d_count),
    maxCombo: Number(r.max_combo),
    latestPpAwarded: Number(r.latest_pp_awarded),
  };
}

function statsValues(r: UserStatsRow) {
  return {
    ranked_score: r.rankedScore,
    total_score: r.totalScore,
    playcount: r.playcount,
    replays_watched: r.replaysWatched,
    total_hits: r.totalHits,
    avg_accuracy: r.avgAccuracy,
    // pp is INT UNSIGNED in Akatsuki: round and clamp so a negative or fractional value cannot fail the write.
    pp: Math.max(0, Math.round(r.pp)),
    playtime: r.playtime,
    xh_count: r.xhCount,
    x_count: r.xCount,
    sh_count: r.shCount,
    s_count: r.sCount,
    a_count: r.aCount,
    b_count: r.bCount,
    c_count: r.cCount,
    d_count: r.dCount,
    max_combo: r.maxCombo,
    latest_pp_awarded: r.latestPpAwarded,
  };
}

export function statsRepository(ctx: RepoContext): StatsRepository {
  const { db } = ctx;
  const select = () =>
    db
      .selectFrom('user_stats')
      .select(STATS_COLUMNS)
      .select([bigText(ctx, 'ranked_score').as('ranked_score'), bigText(ctx, 'total_score').as('total_score')]);
  return {
    get: (userId, mode) => guard('stats.get', async () => {
      const r = await select().where('user_id', '=', userId).where('mode', '=', mode).executeTakeFirst();
      return r && toStats(r);
    }),
    getAllModes: (userId) => guard('stats.getAllModes', async () => {
      const rows = await select().where('user_id', '=', userId).orderBy('mode').execute();
      return rows.map(toStats);
    }),
    put: (row) => guard('stats.put', async () => {
      const values = statsValues(row);
      const q = db.insertInto('user_stats').values({ user_id: row.userId, mode: row.mode, ...values });
      await (ctx.dialect === 'mysql'
        ? q.onDuplicateKeyUpdate(values)
        : q.onConflict((oc) => oc.columns(['user_id', 'mode']).doUpdateSet(values))
      ).execute();
    }),
    setPpAndAccuracy: (userId, mode, pp, acc) => guard('stats.setPpAndAccuracy', async () => {
      await db
        .updateTable('user_stats')
        .set({ pp: Math.max(0, Math.round(pp)), avg_accuracy: acc })
        .where('user_id', '=', userId)
        .where('mode', '=', mode)
        .execute();
    }),
    wipe: (userId, mode) => guard('stats.wipe', async () => {
      const zero: UserStatsRow = {
        userId, mode, rankedScore: 0n, totalScore: 0n, playcount: 0, replaysWatched: 0, totalHits: 0, avgAccuracy: 0, pp: 0,
        playtime: 0, xhCount: 0, xCount: 0, shCount: 0, sCount: 0, aCount: 0, bCount: 0, cCount: 0, dCount: 0, maxCombo: 0, latestPpAwarded: 0,
      };
      await db.updateTable('user_stats').set(statsValues(zero)).where('user_id', '=', userId).where('mode', '=', mode).execute();
    }),
  };
}
