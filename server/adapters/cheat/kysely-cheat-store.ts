/**
 * CheatStore over Kysely, one implementation for SQLite and MariaDB. The two flag/level tables
 * are created by `ensureSchema()` (CREATE TABLE IF NOT EXISTS) rather than a shared migration
 * version, so this module merges without touching the migration list; rap_logs and the scores
 * tables come from the Akatsuki schema migrations.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import type { CheatFlagRow, CheatLevelRow, CheatStore, ClearFlagsFilter, MapScoreRef, NewCheatFlag, ScoreFacts } from '../../ports/cheat-store.js';
import type { FlagClass } from '../../../compute/cheat/levels.js';

type FlagsTable = {
  id: import('kysely').Generated<number>;
  score_id: string;
  relax: number;
  user_id: number;
  check_version: string;
  probability: number;
  reasons: number;
  flag_class: string;
  explanation: string;
  created_at: number;
  cleared_at: number | null;
  cleared_reason: string | null;
  blacklisted: number;
}

type LevelsTable = {
  user_id: number;
  level: number;
  reason: string;
  updated_at: number;
}

type CheatTables = {
  hayate_cheat_flags: FlagsTable;
  hayate_cheat_levels: LevelsTable;
}

const SCORE_TABLES = ['scores', 'scores_relax', 'scores_ap'] as const;
const scoreTable = (relax: number): (typeof SCORE_TABLES)[number] => SCORE_TABLES[relax] ?? 'scores';
const RAP_THROUGH = 'Hayate cheat checks';

/** Akatsuki datetime columns hold UTC 'YYYY-MM-DD HH:MM:SS'. */
const utcDatetime = (unix: number): string => new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19);

function toFlag(r: FlagsTable & { id: number }): CheatFlagRow {
  return {
    id: Number(r.id), scoreId: String(r.score_id), relax: Number(r.relax), userId: Number(r.user_id), checkVersion: r.check_version,
    probability: Number(r.probability), reasons: Number(r.reasons), flagClass: r.flag_class as FlagClass, explanation: r.explanation,
    createdAt: Number(r.created_at), clearedAt: r.cleared_at === null ? null : Number(r.cleared_at), clearedReason: r.cleared_reason,
    blacklisted: Number(r.blacklisted) !== 0,
  };
}

export function createKyselyCheatStore(base: Kysely<Database>): CheatStore {
  const db = base.withTables<CheatTables>();
  return {
    async ensureSchema() {
      await db.schema.createTable('hayate_cheat_flags').ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('score_id', 'varchar(20)', (c) => c.notNull())
        .addColumn('relax', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('check_version', 'varchar(32)', (c) => c.notNull())
        .addColumn('probability', 'double precision', (c) => c.notNull())
        .addColumn('reasons', 'integer', (c) => c.notNull())
        .addColumn('flag_class', 'char(1)', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('cleared_at', 'integer')
        .addColumn('cleared_reason', 'varchar(255)')
        .addColumn('blacklisted', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('uq_hayate_cheat_flags_score', ['score_id', 'relax', 'check_version'])
        .execute();
      await db.schema.createTable('hayate_cheat_levels').ifNotExists()
        .addColumn('user_id', 'integer', (c) => c.primaryKey())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute();
    },

    async putFlag(f: NewCheatFlag) {
      const values = {
        score_id: f.scoreId, relax: f.relax, user_id: f.userId, check_version: f.checkVersion, probability: f.probability,
        reasons: f.reasons, flag_class: f.flagClass, explanation: f.explanation, created_at: f.createdAt,
      };
      await db.transaction().execute(async (tx) => {
        const existing = await tx.selectFrom('hayate_cheat_flags').select('id')
          .where('score_id', '=', f.scoreId).where('relax', '=', f.relax).where('check_version', '=', f.checkVersion).executeTakeFirst();
        if (existing) await tx.updateTable('hayate_cheat_flags').set(values).where('id', '=', existing.id).execute();
        else await tx.insertInto('hayate_cheat_flags').values({ ...values, cleared_at: null, cleared_reason: null, blacklisted: 0 }).execute();
      });
    },

    async activeFlags(userId, since) {
      const rows = await db.selectFrom('hayate_cheat_flags').selectAll()
        .where('user_id', '=', userId).where('created_at', '>=', since).where('cleared_at', 'is', null).orderBy('id').execute();
      return rows.map((r) => toFlag(r as FlagsTable & { id: number }));
    },

    async clearFlags(filter: ClearFlagsFilter, reason, at) {
      let q = db.updateTable('hayate_cheat_flags').set({ cleared_at: at, cleared_reason: reason.slice(0, 255) }).where('cleared_at', 'is', null);
      if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      if (filter.notCheckVersion !== undefined) q = q.where('check_version', '<>', filter.notCheckVersion);
      if (filter.reasonBits !== undefined) q = q.where(sql<boolean>`(reasons & ${filter.reasonBits}) <> 0`);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async blacklistFlags(userId, since) {
      const r = await db.updateTable('hayate_cheat_flags').set({ blacklisted: 1 })
        .where('user_id', '=', userId).where('created_at', '>=', since).where('cleared_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async getLevel(userId) {
      const r = await db.selectFrom('hayate_cheat_levels').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r ? { userId: Number(r.user_id), level: Number(r.level), reason: r.reason, updatedAt: Number(r.updated_at) } : undefined;
    },

    async setLevel(row: CheatLevelRow) {
      await db.transaction().execute(async (tx) => {
        const existing = await tx.selectFrom('hayate_cheat_levels').select('user_id').where('user_id', '=', row.userId).executeTakeFirst();
        const values = { level: row.level, reason: row.reason, updated_at: row.updatedAt };
        if (existing) await tx.updateTable('hayate_cheat_levels').set(values).where('user_id', '=', row.userId).execute();
        else await tx.insertInto('hayate_cheat_levels').values({ user_id: row.userId, ...values }).execute();
      });
    },

    async usersAtLevel(minLevel) {
      const rows = await db.selectFrom('hayate_cheat_levels').select('user_id').where('level', '>=', minLevel).orderBy('user_id').execute();
      return rows.map((r) => Number(r.user_id));
    },

    async storeAnalysis(scoreId, relax, json, at) {
      await base.updateTable(scoreTable(relax)).set({ replay_analysis: json, replay_analysis_at: utcDatetime(at) }).where('id', '=', Number(scoreId)).execute();
    },

    async logAction(userId, text, at) {
      await base.insertInto('rap_logs').values({ userid: userId, text, datetime: at, through: RAP_THROUGH }).execute();
    },

    async scoreFacts(scoreId, relax): Promise<ScoreFacts | undefined> {
      const r = await base.selectFrom(scoreTable(relax)).select(['userid', 'beatmap_md5', 'mods', 'time', 'completed', '300_count', '100_count', '50_count', 'misses_count'])
        .where('id', '=', Number(scoreId)).executeTakeFirst();
      return r ? {
        userId: Number(r.userid), beatmapMd5: r.beatmap_md5, mods: Number(r.mods), time: Number(r.time), completed: Number(r.completed),
        counts: { n300: Number(r['300_count']), n100: Number(r['100_count']), n50: Number(r['50_count']), nmiss: Number(r.misses_count) },
      } : undefined;
    },

    async scoresSince(relax, since, afterId, limit) {
      const rows = await base.selectFrom(scoreTable(relax)).select(['id', 'userid', 'beatmap_md5'])
        .where('time', '>=', since).where('id', '>', afterId).where('completed', '=', 3).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ scoreId: String(r.id), userId: Number(r.userid), beatmapMd5: r.beatmap_md5 }));
    },

    async otherScoresOnMap(beatmapMd5, relax, excludeUserId, limit): Promise<MapScoreRef[]> {
      const rows = await base.selectFrom(scoreTable(relax)).select(['id', 'userid', 'mods'])
        .where('beatmap_md5', '=', beatmapMd5).where('userid', '<>', excludeUserId).where('completed', '=', 3)
        .orderBy('pp', 'desc').orderBy('score', 'desc').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ scoreId: String(r.id), userId: Number(r.userid), mods: Number(r.mods) }));
    },
  };
}
