/**
 * The SQL the recalculation and the rework service need beyond the Storage port's repositories:
 * work discovery (distinct maps / users of a filter), ranked status of many maps at once, the job
 * ledger, and the rework tables (pp-compute.md §4.2). One implementation for SQLite and MySQL over
 * the storage's Kysely instance; only portable SQL (REPLACE INTO and window functions exist on
 * both SQLite ≥ 3.25 and MariaDB ≥ 10.2).
 *
 * It lives here rather than behind `server/ports/storage.ts` because the storage files were being
 * edited concurrently; moving it behind the port is mechanical (see the report / README).
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Playstyle, VanillaMode } from '../../../protocol/osu/modes.js';
import type { Storage } from '../../ports/storage.js';
import { StorageError } from '../../ports/storage.js';
import { migrate } from '../../adapters/storage/migrations/migrator.js';
import { RECALC_MIGRATIONS } from './schema.js';
import { float32 } from '../../adapters/storage/repositories/context.js';

// The storage's query builder; this module issues raw SQL only, so the schema type is irrelevant.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SCORE_TABLE: Record<Playstyle, string> = { vanilla: 'scores', relax: 'scores_relax', autopilot: 'scores_ap' };
export const RX_OF: Record<Playstyle, number> = { vanilla: 0, relax: 1, autopilot: 2 };
export const PLAYSTYLE_OF_RX: readonly Playstyle[] = ['vanilla', 'relax', 'autopilot'];

export interface WorkFilter {
  mode?: VanillaMode;
  userId?: number;
  beatmapMd5?: string;
  modsAll?: number;
}

export interface UnitRef {
  job: string;
  phase: 1 | 2;
  unit: string;
}

export interface PpWrite {
  playstyle: Playstyle;
  updates: ReadonlyArray<{ id: bigint; pp: number }>;
  /** Ledger row written in the same transaction. */
  done?: UnitRef;
}

/** What phase 1 reads of a score. */
export interface RecalcScore {
  id: bigint;
  mode: VanillaMode;
  mods: number;
  n300: number;
  n100: number;
  n50: number;
  nGeki: number;
  nKatu: number;
  misses: number;
  combo: number;
  /** As stored (float precision). */
  pp: number;
}

export interface RecalcJobRow {
  jobId: string;
  params: string;
  phase: 1 | 2 | 3;
  state: 'running' | 'done' | 'failed';
  units1: number;
  units2: number;
  createdAt: number;
  updatedAt: number;
}

export interface ReworkRow {
  reworkId: number;
  reworkName: string;
  mode: VanillaMode;
  /** 0 vanilla, 1 relax, 2 autopilot. */
  rx: number;
  /** Unix seconds (0 = never). */
  updatedAt: number;
  /** Calculator id; '' means Akatsuki's default for reworks (std relax `akatsuki-rx-2019`). */
  calculator: string;
}

export interface ReworkScoreRow {
  scoreId: bigint;
  reworkId: number;
  beatmapId: number;
  beatmapsetId: number;
  userId: number;
  maxCombo: number;
  mods: number;
  accuracy: number;
  score: number;
  num300s: number;
  num100s: number;
  num50s: number;
  numGekis: number;
  numKatus: number;
  numMisses: number;
  oldPp: number;
  newPp: number;
}

export interface ReworkStatsRow {
  userId: number;
  reworkId: number;
  oldPp: number;
  newPp: number;
}

export interface BeatmapInfo {
  beatmapId: number;
  beatmapsetId: number;
  songName: string;
  ranked: number;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** DATETIME as text both dialects accept ('YYYY-MM-DD HH:MM:SS', UTC). */
export function sqlDatetime(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function fromDatetime(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  const t = Date.parse(String(v).replace(' ', 'T') + 'Z');
  return Number.isFinite(t) ? Math.floor(t / 1000) : 0;
}

async function guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StorageError) throw err;
    throw new StorageError(`recalc store: ${op} failed: ${(err as Error).message}`, { cause: err });
  }
}

export class RecalcStore {
  private ready: Promise<void> | undefined;

  constructor(
    readonly db: AnyDb,
    readonly dialect: 'sqlite' | 'mysql',
  ) {}

  /** The storage opened by `openStorage` (its Kysely adapter exposes `db`). */
  static fromStorage(storage: Storage): RecalcStore {
    const db = (storage as Storage & { db?: AnyDb }).db;
    if (!db) throw new StorageError('recalc store: the storage adapter does not expose its query builder');
    return new RecalcStore(db, storage.dialect);
  }

  /** Creates Hayate's job and rework-calculator tables (idempotent, additive). */
  ensureSchema(): Promise<void> {
    this.ready ??= migrate(this.db, this.dialect, { migrations: RECALC_MIGRATIONS }).then(() => undefined);
    return this.ready;
  }

  private where(table: string, playstyle: Playstyle, f: WorkFilter): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [sql`completed >= 2`];
    if (f.mode !== undefined) parts.push(sql`play_mode = ${f.mode}`);
    if (f.userId !== undefined) parts.push(sql`userid = ${f.userId}`);
    if (f.beatmapMd5 !== undefined) parts.push(sql`beatmap_md5 = ${f.beatmapMd5}`);
    if (f.modsAll !== undefined && f.modsAll !== 0) parts.push(sql`(mods & ${f.modsAll}) = ${f.modsAll}`);
    void table;
    void playstyle;
    return sql.join(parts, sql` AND `);
  }

  /** Distinct beatmap md5s with passed scores matching the filter (phase 1 units). */
  mapsFor(playstyle: Playstyle, f: WorkFilter): Promise<string[]> {
    return guard('mapsFor', async () => {
      const t = SCORE_TABLE[playstyle];
      const r = await sql<{ m: string }>`SELECT DISTINCT beatmap_md5 AS m FROM ${sql.table(t)} WHERE ${this.where(t, playstyle, f)} ORDER BY beatmap_md5`.execute(this.db);
      return r.rows.map((x) => x.m);
    });
  }

  /** Distinct (user, mode) pairs with passed scores matching the filter (phase 2 units). */
  userModesFor(playstyle: Playstyle, f: WorkFilter): Promise<Array<{ userId: number; mode: VanillaMode }>> {
    return guard('userModesFor', async () => {
      const t = SCORE_TABLE[playstyle];
      const r = await sql<{ u: number; m: number }>`SELECT DISTINCT userid AS u, play_mode AS m FROM ${sql.table(t)} WHERE ${this.where(t, playstyle, f)} ORDER BY userid, play_mode`.execute(this.db);
      return r.rows.map((x) => ({ userId: Number(x.u), mode: Number(x.m) as VanillaMode }));
    });
  }

  /** Beatmap rows by md5 (missing maps are absent from the result). */
  beatmapInfo(md5s: readonly string[]): Promise<Map<string, BeatmapInfo>> {
    return guard('beatmapInfo', async () => {
      const out = new Map<string, BeatmapInfo>();
      for (let i = 0; i < md5s.length; i += 500) {
        const chunk = md5s.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const r = await sql<{ beatmap_md5: string; beatmap_id: number; beatmapset_id: number; song_name: string; ranked: number }>`
          SELECT beatmap_md5, beatmap_id, beatmapset_id, song_name, ranked FROM beatmaps
          WHERE beatmap_md5 IN (${sql.join(chunk)})`.execute(this.db);
        for (const b of r.rows) {
          out.set(b.beatmap_md5, { beatmapId: Number(b.beatmap_id), beatmapsetId: Number(b.beatmapset_id), songName: b.song_name, ranked: Number(b.ranked) });
        }
      }
      return out;
    });
  }

  /**
   * Phase 1's read: the columns a pp calculation needs, for one map's passed scores matching the
   * filter, in id order after `afterId`. Leaner than the port's full rows (recalc reads every
   * score on the server, so per-row cost matters).
   */
  scoresForMap(playstyle: Playstyle, md5: string, f: WorkFilter, afterId: bigint | undefined, limit: number): Promise<RecalcScore[]> {
    return guard('scoresForMap', async () => {
      const t = SCORE_TABLE[playstyle];
      const where = this.where(t, playstyle, { ...f, beatmapMd5: md5 });
      const after = afterId === undefined ? sql`` : sql` AND id > ${afterId}`;
      const idText = this.dialect === 'sqlite' ? sql`CAST(id AS TEXT)` : sql`CAST(id AS CHAR)`;
      const r = await sql<Record<string, unknown>>`SELECT ${idText} AS id, play_mode, mods, ${sql.ref('300_count')} AS n300, ${sql.ref('100_count')} AS n100,
          ${sql.ref('50_count')} AS n50, gekis_count AS geki, katus_count AS katu, misses_count AS miss, max_combo, pp
        FROM ${sql.table(t)} WHERE ${where}${after} ORDER BY id LIMIT ${limit}`.execute(this.db);
      return r.rows.map((x) => ({
        id: BigInt(String(x.id)),
        mode: Number(x.play_mode) as VanillaMode,
        mods: Number(x.mods),
        n300: Number(x.n300),
        n100: Number(x.n100),
        n50: Number(x.n50),
        nGeki: Number(x.geki),
        nKatu: Number(x.katu),
        misses: Number(x.miss),
        combo: Number(x.max_combo),
        pp: float32(x.pp),
      }));
    });
  }

  /**
   * Writes many scores' pp in a few statements, 500 rows each, one transaction (SQLite:
   * `UPDATE … FROM (VALUES …)`; MySQL: `UPDATE … SET pp = CASE id WHEN … END WHERE id IN (…)`): recalculation rewrites whole servers, and one
   * statement per row costs more main-thread time than the pp calculation itself.
   */
  setPpBulk(playstyle: Playstyle, updates: ReadonlyArray<{ id: bigint; pp: number }>, done?: UnitRef): Promise<void> {
    return this.writeBatch([{ playstyle, updates, ...(done ? { done } : {}) }]);
  }

  /**
   * Several units' pp writes and ledger rows in ONE transaction (the write-behind batcher in
   * phases.ts groups concurrent units): on SQLite each commit costs a WAL append and index page
   * writes, so fewer, larger commits leave more of the main thread to feed the pool.
   */
  writeBatch(items: ReadonlyArray<PpWrite>): Promise<void> {
    return guard('writeBatch', async () => {
      if (items.every((it) => it.updates.length === 0 && !it.done)) return;
      await this.db.transaction().execute(async (trx) => {
        for (const { playstyle, updates, done } of items) {
          const t = SCORE_TABLE[playstyle];
          // The unit's ledger row commits with its writes: no window in which the pp are written
          // but the unit is not recorded.
          if (done) await sql`REPLACE INTO hayate_recalc_units (job_id, phase, unit, done_at) VALUES (${done.job}, ${done.phase}, ${done.unit}, ${now()})`.execute(trx);
          for (let i = 0; i < updates.length; i += 500) {
            const chunk = updates.slice(i, i + 500);
            if (this.dialect === 'sqlite') {
              // UPDATE … FROM (VALUES …): one primary-key lookup per row (SQLite ≥ 3.33).
              const values = sql.join(chunk.map((u) => sql`(${u.id}, ${u.pp})`));
              await sql`UPDATE ${sql.table(t)} SET pp = v.column2 FROM (VALUES ${values}) AS v WHERE ${sql.table(t)}.id = v.column1`.execute(trx);
            } else {
              const cases = sql.join(chunk.map((u) => sql`WHEN ${u.id} THEN ${u.pp}`), sql` `);
              const ids = sql.join(chunk.map((u) => sql`${u.id}`));
              await sql`UPDATE ${sql.table(t)} SET pp = CASE id ${cases} ELSE pp END WHERE id IN (${ids})`.execute(trx);
            }
          }
        }
      });
    });
  }

  // ---- job ledger -------------------------------------------------------------------------

  createJob(jobId: string, params: string, units1: number): Promise<void> {
    return guard('createJob', async () => {
      const t = now();
      await sql`REPLACE INTO hayate_recalc_jobs (job_id, params, phase, state, units_1, units_2, created_at, updated_at)
        VALUES (${jobId}, ${params}, 1, 'running', ${units1}, 0, ${t}, ${t})`.execute(this.db);
    });
  }

  setJobPhase(jobId: string, phase: 1 | 2 | 3, state: RecalcJobRow['state'], units2?: number): Promise<void> {
    return guard('setJobPhase', async () => {
      if (units2 === undefined) {
        await sql`UPDATE hayate_recalc_jobs SET phase = ${phase}, state = ${state}, updated_at = ${now()} WHERE job_id = ${jobId}`.execute(this.db);
      } else {
        await sql`UPDATE hayate_recalc_jobs SET phase = ${phase}, state = ${state}, units_2 = ${units2}, updated_at = ${now()} WHERE job_id = ${jobId}`.execute(this.db);
      }
    });
  }

  getJob(jobId: string): Promise<RecalcJobRow | undefined> {
    return guard('getJob', async () => {
      const r = await sql<Record<string, unknown>>`SELECT * FROM hayate_recalc_jobs WHERE job_id = ${jobId}`.execute(this.db);
      return r.rows[0] ? toJob(r.rows[0]) : undefined;
    });
  }

  /** The most recent job that did not finish (for `--resume` without an id). */
  lastUnfinishedJob(): Promise<RecalcJobRow | undefined> {
    return guard('lastUnfinishedJob', async () => {
      const r = await sql<Record<string, unknown>>`SELECT * FROM hayate_recalc_jobs WHERE state <> 'done' ORDER BY created_at DESC, job_id DESC LIMIT 1`.execute(this.db);
      return r.rows[0] ? toJob(r.rows[0]) : undefined;
    });
  }

  /** Idempotent: marking a unit twice (a redelivered message) keeps one row. */
  markUnitDone(jobId: string, phase: 1 | 2, unit: string): Promise<void> {
    return guard('markUnitDone', async () => {
      await sql`REPLACE INTO hayate_recalc_units (job_id, phase, unit, done_at) VALUES (${jobId}, ${phase}, ${unit}, ${now()})`.execute(this.db);
    });
  }

  isUnitDone(jobId: string, phase: 1 | 2, unit: string): Promise<boolean> {
    return guard('isUnitDone', async () => {
      const r = await sql<{ n: number }>`SELECT 1 AS n FROM hayate_recalc_units WHERE job_id = ${jobId} AND phase = ${phase} AND unit = ${unit}`.execute(this.db);
      return r.rows.length > 0;
    });
  }

  doneUnits(jobId: string, phase: 1 | 2): Promise<Set<string>> {
    return guard('doneUnits', async () => {
      const r = await sql<{ unit: string }>`SELECT unit FROM hayate_recalc_units WHERE job_id = ${jobId} AND phase = ${phase}`.execute(this.db);
      return new Set(r.rows.map((x) => x.unit));
    });
  }

  countDone(jobId: string, phase: 1 | 2): Promise<number> {
    return guard('countDone', async () => {
      const r = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM hayate_recalc_units WHERE job_id = ${jobId} AND phase = ${phase}`.execute(this.db);
      return Number(r.rows[0]?.n ?? 0);
    });
  }

  // ---- reworks -----------------------------------------------------------------------------

  createRework(r: { name: string; mode: VanillaMode; rx: number; calculator: string }): Promise<number> {
    return guard('createRework', () =>
      this.db.transaction().execute(async (trx) => {
        const at = sqlDatetime(now());
        let id: number;
        if (this.dialect === 'sqlite') {
          const res = await sql<{ id: number }>`INSERT INTO reworks (rework_name, mode, rx, updated_at)
            VALUES (${r.name}, ${r.mode}, ${r.rx}, ${at}) RETURNING rework_id AS id`.execute(trx);
          id = Number(res.rows[0]!.id);
        } else {
          const res = await sql`INSERT INTO reworks (rework_name, mode, rx, updated_at) VALUES (${r.name}, ${r.mode}, ${r.rx}, ${at})`.execute(trx);
          id = Number(res.insertId);
        }
        await sql`INSERT INTO hayate_rework_calculators (rework_id, calculator) VALUES (${id}, ${r.calculator})`.execute(trx);
        return id;
      }),
    );
  }

  listReworks(): Promise<ReworkRow[]> {
    return guard('listReworks', async () => {
      const r = await sql<Record<string, unknown>>`SELECT ${REWORK_COLUMNS} ORDER BY r.rework_id`.execute(this.db);
      return r.rows.map(toRework);
    });
  }

  getRework(id: number): Promise<ReworkRow | undefined> {
    return guard('getRework', async () => {
      const r = await sql<Record<string, unknown>>`SELECT ${REWORK_COLUMNS} WHERE r.rework_id = ${id}`.execute(this.db);
      return r.rows[0] ? toRework(r.rows[0]) : undefined;
    });
  }

  /** Bumps `updated_at` (a changed rework: everyone processed before is stale). */
  touchRework(id: number, at = now()): Promise<void> {
    return guard('touchRework', async () => {
      await sql`UPDATE reworks SET updated_at = ${sqlDatetime(at)} WHERE rework_id = ${id}`.execute(this.db);
    });
  }

  replaceReworkScores(rows: readonly ReworkScoreRow[]): Promise<void> {
    return guard('replaceReworkScores', async () => {
      if (rows.length === 0) return;
      await this.db.transaction().execute(async (trx) => {
        for (const s of rows) {
          await sql`REPLACE INTO rework_scores (score_id, rework_id, beatmap_id, beatmapset_id, user_id, max_combo, mods, accuracy, score,
              num_300s, num_100s, num_50s, num_gekis, num_katus, num_misses, old_pp, new_pp)
            VALUES (${s.scoreId.toString()}, ${s.reworkId}, ${s.beatmapId}, ${s.beatmapsetId}, ${s.userId}, ${s.maxCombo}, ${s.mods}, ${s.accuracy}, ${s.score},
              ${s.num300s}, ${s.num100s}, ${s.num50s}, ${s.numGekis}, ${s.numKatus}, ${s.numMisses}, ${s.oldPp}, ${s.newPp})`.execute(trx);
        }
      });
    });
  }

  replaceReworkStats(s: ReworkStatsRow): Promise<void> {
    return guard('replaceReworkStats', async () => {
      await sql`REPLACE INTO rework_stats (user_id, rework_id, old_pp, new_pp) VALUES (${s.userId}, ${s.reworkId}, ${Math.round(s.oldPp)}, ${Math.round(s.newPp)})`.execute(this.db);
    });
  }

  /** Removes a rework's rows (all users, or one). */
  deleteReworkRows(reworkId: number, userId?: number): Promise<void> {
    return guard('deleteReworkRows', async () => {
      for (const t of ['rework_scores', 'rework_stats', 'rework_queue']) {
        if (userId === undefined) await sql`DELETE FROM ${sql.table(t)} WHERE rework_id = ${reworkId}`.execute(this.db);
        else await sql`DELETE FROM ${sql.table(t)} WHERE rework_id = ${reworkId} AND user_id = ${userId}`.execute(this.db);
      }
    });
  }

  /** `REPLACE INTO rework_queue` with processed_at NULL: the user is waiting. */
  enqueueRework(userId: number, reworkId: number): Promise<void> {
    return guard('enqueueRework', async () => {
      await sql`REPLACE INTO rework_queue (user_id, rework_id, processed_at) VALUES (${userId}, ${reworkId}, NULL)`.execute(this.db);
    });
  }

  markReworkProcessed(userId: number, reworkId: number, at = now()): Promise<void> {
    return guard('markReworkProcessed', async () => {
      await sql`REPLACE INTO rework_queue (user_id, rework_id, processed_at) VALUES (${userId}, ${reworkId}, ${sqlDatetime(at)})`.execute(this.db);
    });
  }

  /**
   * "Already in queue", done right: a row that is still waiting (processed_at NULL). A user
   * processed before the rework last changed is NOT in the queue and may be queued again
   * (performance-service's `processed_at < updated_at` test is inverted, §4.4).
   */
  isQueued(userId: number, reworkId: number): Promise<boolean> {
    return guard('isQueued', async () => {
      const r = await sql<{ n: number }>`SELECT 1 AS n FROM rework_queue WHERE user_id = ${userId} AND rework_id = ${reworkId} AND processed_at IS NULL`.execute(this.db);
      return r.rows.length > 0;
    });
  }

  /** Users of a rework still waiting in its queue (processed_at NULL). */
  countWaiting(reworkId: number): Promise<number> {
    return guard('countWaiting', async () => {
      const r = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM rework_queue WHERE rework_id = ${reworkId} AND processed_at IS NULL`.execute(this.db);
      return Number(r.rows[0]?.n ?? 0);
    });
  }

  /** Reworks the user has stats in. */
  reworksOfUser(userId: number): Promise<ReworkRow[]> {
    return guard('reworksOfUser', async () => {
      const r = await sql<Record<string, unknown>>`SELECT ${REWORK_COLUMNS} JOIN rework_stats s ON s.rework_id = r.rework_id WHERE s.user_id = ${userId} ORDER BY r.rework_id`.execute(this.db);
      return r.rows.map(toRework);
    });
  }

  reworkStats(reworkId: number, userId: number): Promise<(ReworkStatsRow & { userName: string; country: string }) | undefined> {
    return guard('reworkStats', async () => {
      const r = await sql<Record<string, unknown>>`SELECT s.user_id, s.rework_id, s.old_pp, s.new_pp, u.username, u.country
        FROM rework_stats s JOIN users u ON u.id = s.user_id WHERE s.rework_id = ${reworkId} AND s.user_id = ${userId}`.execute(this.db);
      const x = r.rows[0];
      return x && { userId: Number(x.user_id), reworkId: Number(x.rework_id), oldPp: Number(x.old_pp), newPp: Number(x.new_pp), userName: String(x.username), country: String(x.country) };
    });
  }

  /** One page of a rework's leaderboard with DENSE_RANK by new and old pp (unrestricted users). */
  reworkLeaderboard(reworkId: number, offset: number, limit: number): Promise<{
    total: number;
    users: Array<{ userId: number; country: string; userName: string; newPp: number; oldPp: number; newRank: number; oldRank: number }>;
  }> {
    return guard('reworkLeaderboard', async () => {
      const total = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM rework_stats s JOIN users u ON u.id = s.user_id
        WHERE s.rework_id = ${reworkId} AND (u.privileges & 1) = 1`.execute(this.db);
      const r = await sql<Record<string, unknown>>`SELECT * FROM (
          SELECT s.user_id, s.old_pp, s.new_pp, u.username, u.country,
            DENSE_RANK() OVER (ORDER BY s.new_pp DESC) AS new_rank,
            DENSE_RANK() OVER (ORDER BY s.old_pp DESC) AS old_rank
          FROM rework_stats s JOIN users u ON u.id = s.user_id
          WHERE s.rework_id = ${reworkId} AND (u.privileges & 1) = 1) ranked
        ORDER BY new_rank, user_id LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
      return {
        total: Number(total.rows[0]?.n ?? 0),
        users: r.rows.map((x) => ({
          userId: Number(x.user_id),
          country: String(x.country),
          userName: String(x.username),
          newPp: Number(x.new_pp),
          oldPp: Number(x.old_pp),
          newRank: Number(x.new_rank),
          oldRank: Number(x.old_rank),
        })),
      };
    });
  }

  /** The user's rework scores, best new pp first (≤ 100), with beatmap info. */
  reworkScoresOfUser(reworkId: number, userId: number): Promise<Array<ReworkScoreRow & { songName: string }>> {
    return guard('reworkScoresOfUser', async () => {
      const r = await sql<Record<string, unknown>>`SELECT s.*, CAST(s.score_id AS CHAR) AS score_id_text, b.song_name
        FROM rework_scores s LEFT JOIN beatmaps b ON b.beatmap_id = s.beatmap_id
        WHERE s.rework_id = ${reworkId} AND s.user_id = ${userId} ORDER BY s.new_pp DESC LIMIT 100`.execute(this.db);
      return r.rows.map((x) => ({
        scoreId: BigInt(String(x.score_id_text)),
        reworkId: Number(x.rework_id),
        beatmapId: Number(x.beatmap_id),
        beatmapsetId: Number(x.beatmapset_id),
        userId: Number(x.user_id),
        maxCombo: Number(x.max_combo),
        mods: Number(x.mods),
        accuracy: Number(x.accuracy),
        score: Number(x.score),
        num300s: Number(x.num_300s),
        num100s: Number(x.num_100s),
        num50s: Number(x.num_50s),
        numGekis: Number(x.num_gekis),
        numKatus: Number(x.num_katus),
        numMisses: Number(x.num_misses),
        oldPp: Number(x.old_pp),
        newPp: Number(x.new_pp),
        songName: x.song_name === null || x.song_name === undefined ? '' : String(x.song_name),
      }));
    });
  }

  /** Users with stats in the rework whose name contains the query (case-insensitive). */
  searchReworkUsers(reworkId: number, query: string, limit = 50): Promise<Array<{ userId: number; userName: string }>> {
    return guard('searchReworkUsers', async () => {
      // '!' as the LIKE escape: a backslash literal means different things in MySQL and SQLite.
      const like = `%${query.toLowerCase().replace(/[!%_]/g, (c) => '!' + c)}%`;
      const r = await sql<{ id: number; username: string }>`SELECT u.id, u.username FROM rework_stats s JOIN users u ON u.id = s.user_id
        WHERE s.rework_id = ${reworkId} AND LOWER(u.username) LIKE ${like} ESCAPE '!' ORDER BY u.username LIMIT ${limit}`.execute(this.db);
      return r.rows.map((x) => ({ userId: Number(x.id), userName: x.username }));
    });
  }

  /** Users with pp > 0 in a stats mode (mass queueing), best first. */
  usersWithPp(statsMode: number): Promise<number[]> {
    return guard('usersWithPp', async () => {
      const r = await sql<{ id: number }>`SELECT st.user_id AS id FROM user_stats st JOIN users u ON u.id = st.user_id
        WHERE st.mode = ${statsMode} AND st.pp > 0 AND (u.privileges & 1) = 1 ORDER BY st.pp DESC`.execute(this.db);
      return r.rows.map((x) => Number(x.id));
    });
  }
}

function toJob(x: Record<string, unknown>): RecalcJobRow {
  return {
    jobId: String(x.job_id),
    params: String(x.params ?? '{}'),
    phase: Number(x.phase) as 1 | 2 | 3,
    state: String(x.state) as RecalcJobRow['state'],
    units1: Number(x.units_1),
    units2: Number(x.units_2),
    createdAt: Number(x.created_at),
    updatedAt: Number(x.updated_at),
  };
}

/** A rework with its calculator (Hayate's table beside Akatsuki's `reworks`; none = ''). */
const REWORK_COLUMNS = sql.raw(
  'r.rework_id, r.rework_name, r.mode, r.rx, r.updated_at, c.calculator AS hayate_calculator FROM reworks r LEFT JOIN hayate_rework_calculators c ON c.rework_id = r.rework_id',
);

function toRework(x: Record<string, unknown>): ReworkRow {
  return {
    reworkId: Number(x.rework_id),
    reworkName: String(x.rework_name),
    mode: Number(x.mode) as VanillaMode,
    rx: Number(x.rx),
    updatedAt: fromDatetime(x.updated_at),
    calculator: x.hayate_calculator === null || x.hayate_calculator === undefined ? '' : String(x.hayate_calculator),
  };
}
