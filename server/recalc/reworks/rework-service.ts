/**
 * Reworks (pp-compute.md §4.2, §4.4): a rework is (name, mode, rx, calculator id); processing a
 * user recomputes their top 100 best scores on ranked/approved maps with the rework's calculator,
 * stores per-score old/new pp (`rework_scores`), the user's old/new total (`rework_stats`) and the
 * `rework:leaderboard:<id>` entry, then marks the queue row processed.
 *
 * Differences from performance-service, on purpose:
 * - any calculator version can back a rework (`hayate_rework_calculators`, beside Akatsuki's `reworks`; '' = the profile's
 *   choice, which for std relax is `akatsuki-rx-2019` as in every Akatsuki rework);
 * - the new total weights the new pp in NEW pp order (performance-service keeps the old order,
 *   so a score that gained pp can be weighted below one that lost it);
 * - "Already in queue" means a row still waiting (processed_at NULL); their test is inverted.
 */
import type { Playstyle } from '../../../protocol/osu/modes.js';
import type { Storage } from '../../ports/storage.js';
import type { Logger } from '../../log.js';
import { PoisonMessageError } from '../../ports/queue.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import type { ComputePool } from '../../../compute/pool.js';
import { CALCULATOR_IDS, type CalculatorId } from '../../../compute/pp/calculator.js';
import { scoreInput, statsMode } from '../phases.js';
import { akatsukiBonus } from '../totals.js';
import type { RecalcStore, ReworkRow, ReworkScoreRow } from '../store/recalc-store.js';
import { PLAYSTYLE_OF_RX } from '../store/recalc-store.js';
import type { ReworkKv } from './rework-kv.js';
import type { ReworkQueueTransport } from './rework-queue.js';

export interface ReworkDeps {
  storage: Storage;
  store: RecalcStore;
  pool: ComputePool;
  kv: ReworkKv;
  transport: ReworkQueueTransport;
  log?: Logger;
}

export function playstyleOfRework(r: ReworkRow): Playstyle {
  const p = PLAYSTYLE_OF_RX[r.rx];
  if (!p) throw new PoisonMessageError(`rework ${r.reworkId}: unknown rx ${r.rx}`);
  return p;
}

function calculatorOf(r: ReworkRow): CalculatorId | undefined {
  if (r.calculator === '') return undefined;
  if (!(CALCULATOR_IDS as readonly string[]).includes(r.calculator)) throw new PoisonMessageError(`rework ${r.reworkId}: unknown calculator ${r.calculator}`);
  return r.calculator as CalculatorId;
}

export interface ProcessedUser {
  oldPp: number;
  newPp: number;
  scores: number;
}

/** The processor's work for one (user, rework). Idempotent (REPLACE / ZADD of computed values). */
export async function processReworkUser(deps: ReworkDeps, userId: number, reworkId: number): Promise<ProcessedUser> {
  const rework = await deps.store.getRework(reworkId);
  if (!rework) throw new PoisonMessageError(`rework ${reworkId} does not exist`);
  const playstyle = playstyleOfRework(rework);
  const calculator = calculatorOf(rework);
  const all = await deps.storage.scores.bestOfUser(playstyle, userId, rework.mode, { rankedOnly: true, limit: 1_000_000 });
  const top = all.slice(0, 100);
  const maps = await deps.store.beatmapInfo([...new Set(top.map((s) => s.beatmapMd5))]);

  const newPp = new Map<bigint, number>();
  const byMap = new Map<string, typeof top>();
  for (const s of top) {
    let g = byMap.get(s.beatmapMd5);
    if (!g) byMap.set(s.beatmapMd5, (g = []));
    g.push(s);
  }
  await Promise.all(
    [...byMap].map(async ([md5, scores]) => {
      try {
        const items = await deps.pool.calculateBatch({ map: { md5 }, scores: scores.map(scoreInput), ...(calculator ? { calculator } : {}) });
        items.forEach((it, i) => newPp.set(scores[i]!.id, it.ok && Number.isFinite(it.result.pp) ? it.result.pp : 0));
      } catch (err) {
        deps.log?.warn('rework: map unusable, its scores get 0 pp', { md5, reworkId, err });
        for (const s of scores) newPp.set(s.id, 0);
      }
    }),
  );

  const rows: ReworkScoreRow[] = top.map((s) => {
    const b = maps.get(s.beatmapMd5);
    return {
      scoreId: s.id,
      reworkId,
      beatmapId: b?.beatmapId ?? 0,
      beatmapsetId: b?.beatmapsetId ?? 0,
      userId,
      maxCombo: s.maxCombo,
      mods: s.mods,
      accuracy: s.accuracy,
      score: s.score,
      num300s: s.count300,
      num100s: s.count100,
      num50s: s.count50,
      numGekis: s.countGeki,
      numKatus: s.countKatu,
      numMisses: s.countMiss,
      oldPp: s.pp,
      newPp: newPp.get(s.id) ?? 0,
    };
  });
  await deps.store.replaceReworkScores(rows);

  const sorted = rows.map((r) => r.newPp).sort((a, b) => b - a);
  let total = 0;
  sorted.forEach((pp, i) => (total += pp * 0.95 ** i));
  total = Math.round(total + akatsukiBonus(all.length));
  const sm = statsMode(playstyle, rework.mode);
  const oldPp = sm === undefined ? 0 : ((await deps.storage.stats.get(userId, sm))?.pp ?? 0);
  await deps.store.replaceReworkStats({ userId, reworkId, oldPp, newPp: total });
  await deps.kv.boardSet(reworkId, userId, total);
  await deps.store.markReworkProcessed(userId, reworkId);
  return { oldPp, newPp: total, scores: rows.length };
}

export interface QueueResult {
  success: boolean;
  message: string;
}

/** Queues one user (API `POST /reworks/:id/queue`, individual recalculation). */
export async function queueReworkUser(deps: ReworkDeps, userId: number, reworkId: number): Promise<QueueResult> {
  const rework = await deps.store.getRework(reworkId);
  if (!rework) return { success: false, message: 'Unknown rework' };
  const user = await deps.storage.users.findById(userId);
  if (!user || !isPubliclyVisible(user.privileges)) return { success: false, message: 'User not found or restricted' };
  if (await deps.store.isQueued(userId, reworkId)) return { success: false, message: 'Already in queue' };
  await deps.store.enqueueRework(userId, reworkId);
  await deps.transport.publish({ userId, reworkId });
  return { success: true, message: 'Added to queue' };
}

/**
 * mass_recalc: start the rework over for everyone. Clears its rows and leaderboard, then queues
 * every unrestricted user with pp in the rework's mode who has a qualifying score (the 60-day
 * inactivity filter of performance-service is `activeWithinDays`; 0 = everyone).
 */
export async function massQueueRework(deps: ReworkDeps, reworkId: number, opts: { activeWithinDays?: number; now?: number } = {}): Promise<number> {
  const rework = await deps.store.getRework(reworkId);
  if (!rework) throw new Error(`rework ${reworkId} does not exist`);
  const playstyle = playstyleOfRework(rework);
  const sm = statsMode(playstyle, rework.mode);
  if (sm === undefined) return 0;
  await deps.transport.purge?.();
  await deps.store.deleteReworkRows(reworkId);
  await deps.kv.boardClear(reworkId);
  await deps.store.touchRework(reworkId);
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  let queued = 0;
  for (const userId of await deps.store.usersWithPp(sm)) {
    const best = await deps.storage.scores.bestOfUser(playstyle, userId, rework.mode, { rankedOnly: true, limit: 1_000_000 });
    if (best.length === 0) continue;
    if (opts.activeWithinDays && Math.max(...best.map((s) => s.time)) < now - opts.activeWithinDays * 86400) continue;
    if (await deps.store.isQueued(userId, reworkId)) continue;
    await deps.store.enqueueRework(userId, reworkId);
    await deps.transport.publish({ userId, reworkId });
    queued++;
  }
  return queued;
}

/** individual_recalc: drop one user's rework rows and board entry, then queue them. */
export async function requeueReworkUser(deps: ReworkDeps, userId: number, reworkId: number): Promise<QueueResult> {
  if (!(await deps.store.getRework(reworkId))) return { success: false, message: 'Unknown rework' };
  await deps.store.deleteReworkRows(reworkId, userId);
  await deps.kv.boardRemove(reworkId, userId);
  return queueReworkUser(deps, userId, reworkId);
}

/** Consumes the rework queue, processing each request. */
export function startReworkProcessor(deps: ReworkDeps, opts: { prefetch?: number } = {}): Promise<{ stop(): Promise<void> }> {
  return deps.transport.consume(async (req) => {
    await processReworkUser(deps, req.userId, req.reworkId);
  }, opts);
}
