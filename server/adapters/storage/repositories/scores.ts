/**
 * scores / scores_relax / scores_ap. Ids are read as decimal text and returned as bigint: the
 * autopilot range starts above 2^53.
 */
import { sql } from 'kysely';
import type { Playstyle, VanillaMode } from '../../../../protocol/osu/modes.js';
import type { ScoreCompleted, ScoreFilter, ScoreRow, ScoresRepository } from '../../../ports/storage.js';
import { StorageError } from '../../../ports/storage.js';
import type { ScoreTableName } from '../database.js';
import type { RepoContext } from './context.js';
import { bigText, bool, float32, guard, toBigInt } from './context.js';

export const SCORE_TABLES: Record<Playstyle, ScoreTableName> = { vanilla: 'scores', relax: 'scores_relax', autopilot: 'scores_ap' };

function tableOf(playstyle: Playstyle): ScoreTableName {
  const t = SCORE_TABLES[playstyle];
  if (!t) throw new StorageError(`storage: unknown playstyle ${JSON.stringify(playstyle)}`);
  return t;
}

const COLUMNS = [
  'beatmap_md5',
  'userid',
  'score',
  'max_combo',
  'full_combo',
  'mods',
  '300_count',
  '100_count',
  '50_count',
  'katus_count',
  'gekis_count',
  'misses_count',
  'time',
  'play_mode',
  'completed',
  'accuracy',
  'pp',
  'checksum',
] as const;

interface RawScore {
  id: string;
  beatmap_md5: string;
  userid: number;
  score: number;
  max_combo: number;
  full_combo: number;
  mods: number;
  '300_count': number;
  '100_count': number;
  '50_count': number;
  katus_count: number;
  gekis_count: number;
  misses_count: number;
  time: number;
  play_mode: number;
  completed: number;
  accuracy: number;
  pp: number;
  checksum: string | null;
}

function toScore(r: RawScore): ScoreRow {
  return {
    id: toBigInt(r.id),
    beatmapMd5: r.beatmap_md5,
    userId: Number(r.userid),
    score: Number(r.score),
    maxCombo: Number(r.max_combo),
    fullCombo: bool(r.full_combo),
    mods: Number(r.mods),
    count300: Number(r['300_count']),
    count100: Number(r['100_count']),
    count50: Number(r['50_count']),
    countKatu: Number(r.katus_count),
    countGeki: Number(r.gekis_count),
    countMiss: Number(r.misses_count),
    time: Number(r.time),
    playMode: Number(r.play_mode) as VanillaMode,
    completed: Number(r.completed) as ScoreCompleted,
    accuracy: float32(r.accuracy),
    pp: float32(r.pp),
    checksum: r.checksum ?? '',
  };
}

export function scoresRepository(ctx: RepoContext): ScoresRepository {
  const { db } = ctx;
  const selectFrom = (table: ScoreTableName) => db.selectFrom(table).select(COLUMNS).select(bigText(ctx, 'id').as('id'));

  function filtered(f: ScoreFilter) {
    let q = selectFrom(tableOf(f.playstyle));
    if (f.mode !== undefined) q = q.where('play_mode', '=', f.mode);
    if (f.userId !== undefined) q = q.where('userid', '=', f.userId);
    if (f.beatmapMd5 !== undefined) q = q.where('beatmap_md5', '=', f.beatmapMd5);
    if (f.modsAll !== undefined && f.modsAll !== 0) q = q.where(sql<boolean>`(${sql.ref('mods')} & ${f.modsAll}) = ${f.modsAll}`);
    if (f.minCompleted !== undefined) q = q.where('completed', '>=', f.minCompleted);
    if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
    return q;
  }

  return {
    insert: (playstyle, s) => guard('scores.insert', async () => {
      const table = tableOf(playstyle);
      const values = {
        beatmap_md5: s.beatmapMd5,
        userid: s.userId,
        score: s.score,
        max_combo: s.maxCombo,
        full_combo: s.fullCombo ? 1 : 0,
        mods: s.mods,
        '300_count': s.count300,
        '100_count': s.count100,
        '50_count': s.count50,
        katus_count: s.countKatu,
        gekis_count: s.countGeki,
        misses_count: s.countMiss,
        time: s.time,
        play_mode: s.playMode,
        completed: s.completed,
        accuracy: s.accuracy,
        pp: s.pp,
        checksum: s.checksum,
      };
      if (ctx.dialect === 'sqlite') {
        // better-sqlite3's lastInsertRowid is a double; RETURNING the id as text keeps it exact.
        const r = await db.insertInto(table).values(values).returning(bigText(ctx, 'id').as('id')).executeTakeFirstOrThrow();
        return toBigInt(r.id);
      }
      const res = await db.insertInto(table).values(values).executeTakeFirstOrThrow();
      if (res.insertId === undefined) throw new StorageError(`storage: ${table} insert returned no id`);
      return res.insertId;
    }),
    findById: (playstyle, id) => guard('scores.findById', async () => {
      const r = await selectFrom(tableOf(playstyle)).where('id', '=', id).executeTakeFirst();
      return r && toScore(r as RawScore);
    }),
    page: (f, limit) => guard('scores.page', async () => {
      const rows = await filtered(f).orderBy('id').limit(Math.max(0, Math.floor(limit))).execute();
      return rows.map((r) => toScore(r as RawScore));
    }),
    count: (f) => guard('scores.count', async () => {
      const r = await filtered(f)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    }),
    setPp: (playstyle, updates) => guard('scores.setPp', async () => {
      if (updates.length === 0) return;
      const table = tableOf(playstyle);
      // One transaction per batch: recalculation writes thousands of rows, one commit each would dominate.
      await db.transaction().execute(async (trx) => {
        for (const u of updates) await trx.updateTable(table).set({ pp: u.pp }).where('id', '=', u.id).execute();
      });
    }),
    setCompleted: (playstyle, updates) => guard('scores.setCompleted', async () => {
      if (updates.length === 0) return;
      const table = tableOf(playstyle);
      await db.transaction().execute(async (trx) => {
        for (const u of updates) await trx.updateTable(table).set({ completed: u.completed }).where('id', '=', u.id).execute();
      });
    }),
    bestOfUser: (playstyle, userId, mode, opts = {}) => guard('scores.bestOfUser', async () => {
      const table = tableOf(playstyle);
      let q = db
        .selectFrom(`${table} as s`)
        .select(COLUMNS.map((c) => `s.${c}` as const))
        .select(bigText(ctx, 's.id').as('id'))
        .where('s.userid', '=', userId)
        .where('s.play_mode', '=', mode)
        .where('s.completed', '=', 3);
      if (opts.rankedOnly) {
        // Ranked (2) and approved (3) give pp; loved/qualified do not (score-and-web.md §3.2).
        q = q.innerJoin('beatmaps as b', 'b.beatmap_md5', 's.beatmap_md5').where('b.ranked', 'in', [2, 3]);
      }
      const rows = await q.orderBy('s.pp', 'desc').orderBy('s.id').limit(opts.limit ?? 100).execute();
      return rows.map((r) => toScore(r as unknown as RawScore));
    }),
    userIds: (f) => guard('scores.userIds', async () => {
      const rows = await filtered(f).clearSelect().select('userid').distinct().orderBy('userid').execute();
      return rows.map((r) => Number(r.userid));
    }),
  };
}
