/**
 * SubmissionStore over Kysely, for both databases. The tables below the shared `Database` type
 * (scores_first, pp_limits, user_beatmaps, achievements, match_game_scores,
 * score_submission_logs) are typed here with `withTables`, keeping this file self-contained.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Playstyle } from '../../../../protocol/osu/modes.js';
import type { BestScoreForTotals, CommittedPlay, SubmissionStore } from '../../../ports/submission-store.js';
import type { Database, ScoreTableName } from '../database.js';
import type { RepoContext } from './context.js';
import { float32, guard, retryDeadlocks } from './context.js';
import { SCORE_TABLES, scoresRepository } from './scores.js';
import { statsRepository } from './users.js';

type ExtraTables = {
  scores_first: { beatmap_md5: string; mode: number; rx: number; scoreid: bigint | string | number; userid: number };
  pp_limits: {
    gamemode: number;
    pp: number;
    relax_pp: number;
    flashlight_pp: number;
    relax_flashlight_pp: number;
    autopilot_pp: number;
    autopilot_flashlight_pp: number;
  };
  user_beatmaps: { userid: number; map: string; rx: number; mode: number; count: number };
  less_achievements: { id: number; file: string; name: string; desc: string; hidden: number; mode: number | null };
  users_achievements: { id?: number; user_id: number; achievement_id: number; mode: number; created_at: number };
  match_game_scores: {
    id?: number;
    match_id: number;
    game_id: number;
    user_id: number;
    mode: number;
    count_300: number;
    count_100: number;
    count_50: number;
    count_miss: number;
    count_geki: number;
    count_katu: number;
    score: number;
    accuracy: number;
    max_combo: number;
    mods: number;
    passed: number;
    team: number;
  };
  score_submission_logs: {
    id: string;
    score_id: bigint | string | number;
    uninstall_id_hash: string;
    disk_signature_hash: string;
    client_version: string;
    client_hash: string;
    score_time_elapsed: string;
    osu_auth_token: string | null;
    created_at: string;
  };
};

type Db = Kysely<Database & ExtraTables>;

const table = (p: Playstyle): ScoreTableName => SCORE_TABLES[p];

/** `HH:MM:SS.ffffff` for a TIME(6) column (MySQL's TIME goes to 838 hours). */
function timeOfMs(ms: number): string {
  const total = Math.max(0, Math.min(Math.floor(ms), 838 * 3600_000 - 1));
  const h = Math.floor(total / 3600_000);
  const m = Math.floor((total % 3600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const frac = (total % 1000) * 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(frac).padStart(6, '0')}`;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` UTC for a DATETIME(6) column. */
function datetimeOf(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}.${String(date.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
}

export function submissionRepository(ctx: RepoContext): SubmissionStore {
  const db = ctx.db.withTables<ExtraTables>() as Db;
  const scores = scoresRepository(ctx);

  return {
    previousBest: (playstyle, userId, md5, mode) => guard('submission.previousBest', async () => {
      const rows = await scores.page({ playstyle, userId, beatmapMd5: md5, mode, minCompleted: 3 }, 2);
      // completed = 3 is at most one row per (user, map, mode); if a race left two, take the better.
      return rows.sort((a, b) => (playstyle === 'vanilla' ? b.score - a.score : b.pp - a.pp))[0];
    }),
    checksumExists: (playstyle, checksum) => guard('submission.checksumExists', async () => {
      const r = await db.selectFrom(table(playstyle)).select('id').where('checksum', '=', checksum).executeTakeFirst();
      return r !== undefined;
    }),
    mapRank: (playstyle, scoreId) => guard('submission.mapRank', async () => {
      const t = table(playstyle);
      const col = playstyle === 'vanilla' ? 'score' : 'pp';
      // Compared against the stored row itself, so FLOAT pp is compared with FLOAT pp exactly.
      const r = await sql<{ n: number | string }>`
        SELECT COUNT(*) AS n FROM ${sql.table(t)} s
        JOIN ${sql.table(t)} me ON me.id = ${scoreId}
        JOIN users u ON u.id = s.userid
        WHERE s.beatmap_md5 = me.beatmap_md5 AND s.play_mode = me.play_mode AND s.completed = 3
          AND s.id <> me.id
          AND ((u.privileges & 1) = 1 OR u.id = me.userid)
          AND (s.${sql.ref(col)} > me.${sql.ref(col)} OR (s.${sql.ref(col)} = me.${sql.ref(col)} AND s.time < me.time))`.execute(db);
      return 1 + Number(r.rows[0]?.n ?? 0);
    }),
    commit: (play) => guard('submission.commit', () => retryDeadlocks(() =>
      db.transaction().execute(async (trx): Promise<CommittedPlay> => {
        const t = table(play.playstyle);
        const s = play.score;
        // The map's row first: every play on this map takes the same row lock before touching the
        // score index, so concurrent plays on one map queue here instead of deadlocking on the
        // index gaps the demotion and the insert lock (InnoDB).
        const passed = s.completed >= 2 ? 1 : 0;
        await trx
          .updateTable('beatmaps')
          .set((eb) => ({ playcount: eb('playcount', '+', 1), passcount: eb('passcount', '+', passed) }))
          .where('beatmap_md5', '=', s.beatmapMd5)
          .execute();
        const map = await trx.selectFrom('beatmaps').select(['playcount', 'passcount']).where('beatmap_md5', '=', s.beatmapMd5).executeTakeFirst();
        if (play.demotePreviousBest) {
          await trx
            .updateTable(t)
            .set({ completed: 2 })
            .where('completed', '=', 3)
            .where('beatmap_md5', '=', s.beatmapMd5)
            .where('userid', '=', s.userId)
            .where('play_mode', '=', s.playMode)
            .execute();
        }
        const trxCtx: RepoContext = { db: trx as unknown as Kysely<Database>, dialect: ctx.dialect };
        const id = await scoresRepository(trxCtx).insert(play.playstyle, s);
        let bests: BestScoreForTotals[] | undefined;
        if (play.recomputeTotals) bests = await bestsForTotals(trx, t, s.userId, s.playMode, play.recomputeTotals.rules);
        const stats = statsRepository(trxCtx);
        const before = await stats.get(s.userId, play.statsMode);
        const after = play.stats(before, bests);
        if (after) await stats.put(after);
        await upsertMostPlayed(trx, ctx.dialect, s.userId, s.beatmapMd5, play.rx, s.playMode);
        return {
          id,
          statsBefore: before,
          statsAfter: after,
          beatmapPlaycount: Number(map?.playcount ?? 0),
          beatmapPasscount: Number(map?.passcount ?? 0),
        };
      }),
    )),
    ppLimits: (mode) => guard('submission.ppLimits', async () => {
      const r = await db.selectFrom('pp_limits').selectAll().where('gamemode', '=', mode).executeTakeFirst();
      if (!r) return undefined;
      return {
        pp: Number(r.pp),
        relaxPp: Number(r.relax_pp),
        flashlightPp: Number(r.flashlight_pp),
        relaxFlashlightPp: Number(r.relax_flashlight_pp),
        autopilotPp: Number(r.autopilot_pp),
        autopilotFlashlightPp: Number(r.autopilot_flashlight_pp),
      };
    }),
    ensurePpLimits: (l) => guard('submission.ensurePpLimits', async () => {
      // pp_limits.gamemode is AUTO_INCREMENT in Akatsuki's schema: inserting 0 would take the next
      // id unless the session has NO_AUTO_VALUE_ON_ZERO, so MySQL inserts on one pinned connection.
      await db.connection().execute(async (conn) => {
        const have = new Set((await conn.selectFrom('pp_limits').select('gamemode').execute()).map((r) => Number(r.gamemode)));
        const missing = [0, 1, 2, 3].filter((m) => !have.has(m));
        if (missing.length === 0) return;
        if (ctx.dialect === 'mysql') await sql`SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')`.execute(conn);
        try {
          for (const gamemode of missing) {
            const q = conn.insertInto('pp_limits').values({
              gamemode,
              pp: l.pp,
              relax_pp: l.relaxPp,
              flashlight_pp: l.flashlightPp,
              relax_flashlight_pp: l.relaxFlashlightPp,
              autopilot_pp: l.autopilotPp,
              autopilot_flashlight_pp: l.autopilotFlashlightPp,
            });
            // Two processes starting together may both insert: the primary key keeps one.
            await (ctx.dialect === 'mysql' ? q.ignore() : q.onConflict((oc) => oc.doNothing())).execute();
          }
        } finally {
          if (ctx.dialect === 'mysql') await sql`SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO', '')`.execute(conn);
        }
      });
    }),
    setFirstPlace: (md5, mode, rx, scoreId, userId) => guard('submission.setFirstPlace', async () => {
      const q = db.insertInto('scores_first').values({ beatmap_md5: md5, mode, rx, scoreid: scoreId, userid: userId });
      await (ctx.dialect === 'mysql'
        ? q.onDuplicateKeyUpdate({ scoreid: scoreId, userid: userId })
        : q.onConflict((oc) => oc.columns(['beatmap_md5', 'mode', 'rx']).doUpdateSet({ scoreid: scoreId, userid: userId }))
      ).execute();
    }),
    addMatchGameScore: (m) => guard('submission.addMatchGameScore', async () => {
      const values = {
        match_id: m.matchId,
        game_id: m.gameId,
        user_id: m.userId,
        mode: m.mode,
        count_300: m.count300,
        count_100: m.count100,
        count_50: m.count50,
        count_miss: m.countMiss,
        count_geki: m.countGeki,
        count_katu: m.countKatu,
        score: m.score,
        accuracy: m.accuracy,
        max_combo: m.maxCombo,
        mods: m.mods,
        passed: m.passed ? 1 : 0,
        team: m.team,
      };
      // UNIQUE (game_id, user_id): a second session's submission of the same game replaces nothing.
      const q = db.insertInto('match_game_scores').values(values);
      await (ctx.dialect === 'mysql' ? q.ignore() : q.onConflict((oc) => oc.doNothing())).execute();
    }),
    achievements: () => guard('submission.achievements', async () => {
      const rows = await db.selectFrom('less_achievements').select(['id', 'file', 'name', 'desc', 'mode']).orderBy('id').execute();
      return rows.map((r) => ({ id: Number(r.id), file: r.file, name: r.name, desc: r.desc, mode: r.mode === null ? null : Number(r.mode) }));
    }),
    unlockedAchievements: (userId, mode) => guard('submission.unlockedAchievements', async () => {
      const rows = await db.selectFrom('users_achievements').select('achievement_id').where('user_id', '=', userId).where('mode', '=', mode).execute();
      return new Set(rows.map((r) => Number(r.achievement_id)));
    }),
    unlockAchievements: (userId, mode, ids, at) => guard('submission.unlockAchievements', async () => {
      if (ids.length === 0) return;
      const q = db.insertInto('users_achievements').values(ids.map((id) => ({ user_id: userId, achievement_id: id, mode, created_at: at })));
      await (ctx.dialect === 'mysql' ? q.ignore() : q.onConflict((oc) => oc.doNothing())).execute();
    }),
    logSubmission: (log) => guard('submission.logSubmission', async () => {
      await db
        .insertInto('score_submission_logs')
        .values({
          id: randomUUID(),
          score_id: log.scoreId,
          uninstall_id_hash: log.uninstallIdHash,
          disk_signature_hash: log.diskSignatureHash,
          client_version: log.clientVersion,
          client_hash: log.clientHash,
          score_time_elapsed: timeOfMs(log.scoreTimeElapsedMs),
          osu_auth_token: log.osuAuthToken,
          created_at: datetimeOf(new Date()),
        })
        .execute();
    }),
    knownHardware: (userId, mac, uniqueId, diskId) => guard('submission.knownHardware', async () => {
      const r = await db
        .selectFrom('hw_user')
        .select('id')
        .where('userid', '=', userId)
        .where('mac', '=', mac)
        .where('unique_id', '=', uniqueId)
        .where('disk_id', '=', diskId)
        .executeTakeFirst();
      return r !== undefined;
    }),
    setLatestPpAwarded: (userId, mode, at) => guard('submission.setLatestPpAwarded', async () => {
      await db.updateTable('user_stats').set({ latest_pp_awarded: at }).where('user_id', '=', userId).where('mode', '=', mode).execute();
    }),
  };
}

/** The scores a user's total is built from, read inside the commit (so the new one is in). */
async function bestsForTotals(
  trx: Transaction<Database & ExtraTables>,
  t: ScoreTableName,
  userId: number,
  mode: number,
  rules: 'akatsuki' | 'official',
): Promise<BestScoreForTotals[]> {
  // akatsuki: every best on a ranked/approved map (N of the bonus is uncapped);
  // official: up to 1000 passed scores by pp (deduplicated by the totals function).
  let q = trx
    .selectFrom(`${t} as s`)
    .innerJoin('beatmaps as b', 'b.beatmap_md5', 's.beatmap_md5')
    .select(['s.beatmap_md5', 's.pp', 's.accuracy'])
    .where('s.userid', '=', userId)
    .where('s.play_mode', '=', mode)
    .where('b.ranked', 'in', [2, 3]);
  q = rules === 'akatsuki' ? q.where('s.completed', '=', 3) : q.where('s.completed', '>=', 2).orderBy('s.pp', 'desc').limit(1000);
  const rows = await q.execute();
  return rows.map((r) => ({ beatmapMd5: r.beatmap_md5, pp: float32(r.pp), accuracy: float32(r.accuracy) }));
}

async function upsertMostPlayed(trx: Transaction<Database & ExtraTables>, dialect: 'sqlite' | 'mysql', userId: number, md5: string, rx: number, mode: number): Promise<void> {
  const q = trx.insertInto('user_beatmaps').values({ userid: userId, map: md5, rx, mode, count: 1 });
  await (dialect === 'mysql'
    ? q.onDuplicateKeyUpdate((eb) => ({ count: eb('count', '+', 1) }))
    : q.onConflict((oc) => oc.columns(['userid', 'map', 'rx', 'mode']).doUpdateSet((eb) => ({ count: eb('user_beatmaps.count', '+', 1) })))
  ).execute();
}
