/**
 * The two phases of a recalculation (pp-compute.md §4.5), one queue message at a time.
 *
 * Phase 1 (`recalcMapScores`): one beatmap × playstyle. The map's scores (passed, matching the
 * filter) are read in id order and sent to the pool in batches: the worker parses the map once
 * and computes difficulty once per mods group, then only performance per score. pp is written
 * only where it changed. Inputs are the stored hit counts and combo (exact for stable scores;
 * Akatsuki's deploy uses accuracy + misses, which generates counts and can differ slightly).
 *
 * Phase 2 (`recalcUserTotals`): one user × playstyle × mode. Re-marks the best score per beatmap
 * (highest pp → completed 3, the others 2; ties keep the older score), computes total pp and
 * accuracy by the configured rules (totals.ts), writes `user_stats`, updates the global and
 * country leaderboards (unrestricted users; restricted ones are removed), and publishes
 * `peppy:update_cached_stats` so bancho refreshes its cached stats.
 *
 * Both are idempotent: they set values computed from the database, so a redelivered message just
 * writes the same numbers again. A finished unit is recorded in the job ledger; a repeat skips.
 */
import type { Playstyle, VanillaMode, EffectiveModeValue } from '../../protocol/osu/modes.js';
import type { Storage, ScoreRow, ScoreCompleted, ScoreId } from '../ports/storage.js';
import type { Leaderboards } from '../ports/leaderboards.js';
import type { EventBus } from '../ports/events.js';
import { PeppyChannel } from '../ports/events.js';
import type { Logger } from '../log.js';
import { isPubliclyVisible } from '../domain/privileges.js';
import type { ComputePool, ScoreInput } from '../../compute/pool.js';
import { PpInputError } from '../../compute/pp/calculator.js';
import { float32 } from '../adapters/storage/repositories/context.js';
import type { RecalcScore, RecalcStore } from './store/recalc-store.js';
import type { PpWriter } from './pp-writer.js';
import type { ScoreJobMessage, UserJobMessage } from './messages.js';
import { scoreUnit, userUnit } from './messages.js';
import { userTotals, type TotalsRules, type TotalsScore } from './totals.js';

/** Which units of a job are finished (SQL in real runs, memory for dry runs). */
export interface JobLedger {
  /** Set for the SQL ledger: phase 1 then records a unit in the same transaction as its writes. */
  readonly store?: RecalcStore;
  isDone(job: string, phase: 1 | 2, unit: string): Promise<boolean>;
  markDone(job: string, phase: 1 | 2, unit: string): Promise<void>;
  doneUnits(job: string, phase: 1 | 2): Promise<Set<string>>;
  countDone(job: string, phase: 1 | 2): Promise<number>;
}

export function sqlLedger(store: RecalcStore): JobLedger {
  return {
    store,
    isDone: (j, p, u) => store.isUnitDone(j, p, u),
    markDone: (j, p, u) => store.markUnitDone(j, p, u),
    doneUnits: (j, p) => store.doneUnits(j, p),
    countDone: (j, p) => store.countDone(j, p),
  };
}

export function memoryLedger(): JobLedger {
  const done = new Map<string, Set<string>>();
  const set = (j: string, p: number): Set<string> => {
    const k = `${j}/${p}`;
    let s = done.get(k);
    if (!s) done.set(k, (s = new Set()));
    return s;
  };
  return {
    isDone: async (j, p, u) => set(j, p).has(u),
    markDone: async (j, p, u) => void set(j, p).add(u),
    doneUnits: async (j, p) => new Set(set(j, p)),
    countDone: async (j, p) => set(j, p).size,
  };
}

export interface RecalcDeps {
  storage: Storage;
  store: RecalcStore;
  pool: ComputePool;
  leaderboards: Leaderboards;
  events: EventBus;
  ledger: JobLedger;
  rules: TotalsRules;
  log?: Logger;
  /**
   * Dry run: nothing is written; phase 1 puts its new pp here (keyed `playstyle:id`) and phase 2
   * reads them back, so the totals reported are the ones a real run would write.
   */
  dryRun?: { pp: Map<string, number> };
  /** Scores per pool task (default 250). */
  batchSize?: number;
  /** Groups concurrent units' final writes into shared transactions (see pp-writer.ts). */
  writer?: PpWriter;
}

export interface PhaseCounters {
  scores: number;
  changed: number;
  errors: number;
  /** Users whose stored total pp changes. */
  usersChanged: number;
  bestRemarked: number;
}

export const emptyCounters = (): PhaseCounters => ({ scores: 0, changed: 0, errors: 0, usersChanged: 0, bestRemarked: 0 });

const PAGE = 2000;

export function scoreInput(s: ScoreRow): ScoreInput {
  return {
    mode: s.playMode,
    mods: s.mods,
    n300: s.count300,
    n100: s.count100,
    n50: s.count50,
    nGeki: s.countGeki,
    nKatu: s.countKatu,
    misses: s.countMiss,
    combo: s.maxCombo,
  };
}

/**
 * The pp a reader sees after the write: FLOAT columns keep float precision and the storage
 * adapter reads them back rounded to 7 significant digits. Comparing in that form means an
 * unchanged score is never rewritten (and a second run reports 0 changes).
 */
export const storedPp = (pp: number): number => float32(Number.isFinite(pp) && pp > 0 ? pp : 0);

/**
 * Whether a stored pp needs rewriting. MariaDB returns FLOAT columns with 6 significant digits
 * over the text protocol (SQLite: 7 after the adapter's rounding), so equality is relative.
 */
export const ppDiffers = (computed: number, stored: number): boolean => Math.abs(computed - stored) > 1e-5 * Math.max(1, Math.abs(computed));

/** Phase 1 for one message. Returns what it did (zeros when the unit was already done). */
export async function recalcMapScores(deps: RecalcDeps, m: ScoreJobMessage, counters = emptyCounters()): Promise<PhaseCounters> {
  const unit = scoreUnit(m);
  if (await deps.ledger.isDone(m.job, 1, unit)) return counters;
  const batch = deps.batchSize ?? 250;
  let afterId: bigint | undefined;
  for (;;) {
    const page = await deps.store.scoresForMap(m.playstyle, m.md5, m.filter, afterId, PAGE);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const chunks: RecalcScore[][] = [];
    for (let i = 0; i < page.length; i += batch) chunks.push(page.slice(i, i + batch));
    const updates: Array<{ id: ScoreId; pp: number }> = [];
    await Promise.all(
      chunks.map(async (rows) => {
        let items;
        try {
          items = await deps.pool.calculateBatch({ map: { md5: m.md5 }, scores: rows, ...(m.calculator ? { calculator: m.calculator } : {}) });
        } catch (err) {
          // The map itself is unusable (file missing, md5 mismatch, no objects): nothing on it can
          // be computed, now or on a retry. Count and leave the stored pp alone.
          if (err instanceof PpInputError) {
            counters.errors += rows.length;
            deps.log?.warn('recalc: map unusable, scores skipped', { md5: m.md5, scores: rows.length, reason: err.message });
            return;
          }
          throw err;
        }
        items.forEach((item, i) => {
          const row = rows[i]!;
          counters.scores++;
          if (!item.ok) {
            counters.errors++;
            deps.log?.warn('recalc: score skipped', { id: row.id.toString(), reason: item.error });
            return;
          }
          const pp = storedPp(item.result.pp);
          if (deps.dryRun) deps.dryRun.pp.set(`${m.playstyle}:${row.id}`, pp);
          if (ppDiffers(pp, row.pp)) {
            counters.changed++;
            updates.push({ id: row.id, pp });
          }
        });
      }),
    );
    const last = page.length < PAGE;
    if (last && !deps.dryRun && deps.ledger.store) {
      const item = { playstyle: m.playstyle, updates, done: { job: m.job, phase: 1 as const, unit } };
      if (deps.writer) await deps.writer.write(item);
      else await deps.ledger.store.setPpBulk(item.playstyle, item.updates, item.done);
      return counters;
    }
    if (!deps.dryRun && updates.length > 0) await deps.store.setPpBulk(m.playstyle, updates);
    if (last) break;
  }
  await deps.ledger.markDone(m.job, 1, unit);
  return counters;
}

/** user_stats mode of a (playstyle, mode); undefined where the combination has no stats row. */
export function statsMode(playstyle: Playstyle, mode: VanillaMode): EffectiveModeValue | undefined {
  if (playstyle === 'vanilla') return mode;
  if (playstyle === 'relax') return mode === 3 ? undefined : ((mode + 4) as EffectiveModeValue);
  return mode === 0 ? 8 : undefined;
}

export interface UserTotalsResult {
  pp: number;
  accuracy: number;
  previousPp: number | undefined;
}

/** Phase 2 for one message. */
export async function recalcUserTotals(deps: RecalcDeps, m: UserJobMessage, counters = emptyCounters()): Promise<UserTotalsResult | undefined> {
  const unit = userUnit(m);
  if (await deps.ledger.isDone(m.job, 2, unit)) return undefined;
  const scores: ScoreRow[] = [];
  let afterId: ScoreId | undefined;
  for (;;) {
    const page = await deps.storage.scores.page(
      { playstyle: m.playstyle, userId: m.userId, mode: m.mode, minCompleted: 2, ...(afterId !== undefined ? { afterId } : {}) },
      PAGE,
    );
    scores.push(...page);
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  const ppOf = (s: ScoreRow): number => deps.dryRun?.pp.get(`${m.playstyle}:${s.id}`) ?? s.pp;

  // Best per beatmap: highest pp, ties to the older (lower id) score — the one submitted first.
  const best = new Map<string, ScoreRow>();
  for (const s of scores) {
    const cur = best.get(s.beatmapMd5);
    if (!cur || ppOf(s) > ppOf(cur) || (ppOf(s) === ppOf(cur) && s.id < cur.id)) best.set(s.beatmapMd5, s);
  }
  const remark: Array<{ id: ScoreId; completed: ScoreCompleted }> = [];
  for (const s of scores) {
    const want: ScoreCompleted = best.get(s.beatmapMd5) === s ? 3 : 2;
    if (s.completed !== want) remark.push({ id: s.id, completed: want });
  }
  counters.bestRemarked += remark.length;

  const maps = await deps.store.beatmapInfo([...best.keys()]);
  const isRanked = (md5: string): boolean => {
    const r = maps.get(md5)?.ranked;
    return r === 2 || r === 3;
  };
  const source = deps.rules === 'official' ? scores : [...best.values()];
  const input: TotalsScore[] = source.map((s) => ({ beatmapMd5: s.beatmapMd5, pp: ppOf(s), accuracy: s.accuracy, ranked: isRanked(s.beatmapMd5) }));
  const totals = userTotals(deps.rules, input);

  const sm = statsMode(m.playstyle, m.mode);
  const previous = sm === undefined ? undefined : await deps.storage.stats.get(m.userId, sm);
  // user_stats.pp is an integer column: compare what it will hold.
  if (previous === undefined || Math.round(previous.pp) !== Math.round(totals.pp) || Math.abs(previous.avgAccuracy - totals.accuracy) > 1e-6) counters.usersChanged++;

  if (!deps.dryRun) {
    if (remark.length > 0) await deps.storage.scores.setCompleted(m.playstyle, remark);
    if (sm !== undefined) {
      await deps.storage.stats.setPpAndAccuracy(m.userId, sm, totals.pp, totals.accuracy);
      const user = await deps.storage.users.findById(m.userId);
      if (user) {
        if (isPubliclyVisible(user.privileges) && totals.pp > 0) await deps.leaderboards.set(m.playstyle, m.mode, user.country, m.userId, totals.pp);
        else await deps.leaderboards.remove(m.playstyle, m.mode, user.country, m.userId);
      }
      await deps.events.publish(PeppyChannel.updateCachedStats, String(m.userId));
    }
    await deps.ledger.markDone(m.job, 2, unit);
  } else {
    await deps.ledger.markDone(m.job, 2, unit);
  }
  return { pp: totals.pp, accuracy: totals.accuracy, previousPp: previous?.pp };
}
