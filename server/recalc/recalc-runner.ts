/**
 * `hayate recalc` as a library: plans the units of a job, publishes them as queue messages and
 * runs self-scaling consumer groups that feed the compute pool, phase 1 then phase 2.
 *
 * Resumability: the job row (`hayate_recalc_jobs`) keeps the parameters and the phase; every
 * finished unit is recorded (`hayate_recalc_units`) after its writes. A resumed run re-plans the
 * units (deterministic for the same database), publishes only the unfinished ones and consumes;
 * a message still sitting in RabbitMQ from the crashed run is either skipped (unit finished) or
 * recomputed (writes are idempotent), so at-least-once delivery never corrupts anything.
 *
 * Several processes may consume the same queues (`hayate recalc --consumers` on other hosts, or a
 * server); each message carries everything a consumer needs. The progress a run reports counts
 * finished units in the ledger, so it includes work done by other processes.
 *
 * Dry run: an in-process queue, an in-memory ledger and no writes at all; phase 2 sees phase 1's
 * new pp through an in-memory map, so the report says exactly what a real run would change.
 */
import { randomBytes } from 'node:crypto';
import type { Playstyle } from '../../protocol/osu/modes.js';
import type { QueueBroker, QueueMessage } from '../ports/queue.js';
import { PoisonMessageError } from '../ports/queue.js';
import { MemoryQueueBroker } from '../adapters/queue/memory/memory-queue-broker.js';
import type { CalculatorId } from '../../compute/pp/calculator.js';
import { ScalingConsumerGroup } from './scaling/scaling-consumer-group.js';
import {
  decodeScoreJob,
  decodeUserJob,
  encodeJob,
  SCORES_QUEUE,
  scoreUnit,
  USERS_QUEUE,
  userUnit,
  type ScoreJobMessage,
  type UserJobMessage,
} from './messages.js';
import { emptyCounters, memoryLedger, recalcMapScores, recalcUserTotals, sqlLedger, type PhaseCounters, type RecalcDeps } from './phases.js';
import type { WorkFilter } from './store/recalc-store.js';
import { PpWriter } from './pp-writer.js';

export interface RecalcParams {
  playstyles: Playstyle[];
  filter: WorkFilter;
  calculator?: CalculatorId;
  /** Both phases (default), only phase 1 (`scores`) or only phase 2 (`totals`, DEPLOY_TOTAL_PP_ONLY). */
  phases?: 'all' | 'scores' | 'totals';
}

export interface RecalcProgress {
  phase: 1 | 2;
  done: number;
  total: number;
  /** Units per second since the phase started. */
  rate: number;
  /** Seconds left at the current rate (undefined before the first unit). */
  etaSeconds: number | undefined;
  consumers: number;
}

export interface RunRecalcOptions {
  broker: QueueBroker;
  dryRun?: boolean;
  /** Continue a job (its id), or `true` for the most recent unfinished one. */
  resume?: string | true;
  queues?: { scores: string; users: string };
  consumers?: { min: number; max: number };
  prefetch?: number;
  sampleEveryMs?: number;
  pollMs?: number;
  retryDelaysMs?: readonly number[];
  onProgress?: (p: RecalcProgress) => void;
  /** Aborting stops the run where it is (tests simulate a crash with it). */
  signal?: AbortSignal;
  /**
   * Give up (with `RecalcStalledError`; the job stays resumable) when no unit finished for this
   * long — e.g. a unit dead-lettered by another process, which this one cannot see. Default 10 min.
   */
  stallTimeoutMs?: number;
}

export interface RecalcReport {
  jobId: string;
  dryRun: boolean;
  resumed: boolean;
  phase1: { units: number; skipped: number } & Pick<PhaseCounters, 'scores' | 'changed' | 'errors'>;
  phase2: { units: number; skipped: number } & Pick<PhaseCounters, 'usersChanged' | 'bestRemarked'>;
  /** Units whose messages were dead-lettered by this process (their reason is in the dead-letter queue). */
  failedUnits: string[];
  seconds: number;
}

export class RecalcStalledError extends Error {
  constructor(
    readonly jobId: string,
    readonly phase: 1 | 2,
    readonly done: number,
    readonly total: number,
  ) {
    super(`recalc ${jobId}: no progress in phase ${phase} (${done}/${total} units); check the dead-letter queue, then --resume`);
    this.name = 'RecalcStalledError';
  }
}

export class RecalcAbortedError extends Error {
  constructor() {
    super('recalc aborted');
    this.name = 'RecalcAbortedError';
  }
}

const DEFAULT_RETRY = [500, 2000, 10000] as const;

function serialiseParams(p: RecalcParams): string {
  return JSON.stringify(p);
}

function parseParams(s: string): RecalcParams {
  const o = JSON.parse(s) as RecalcParams;
  if (!Array.isArray(o.playstyles) || typeof o.filter !== 'object') throw new Error('recalc: stored job parameters are damaged');
  return o;
}

async function publishAll(broker: QueueBroker, queue: string, bodies: Buffer[], signal?: AbortSignal): Promise<void> {
  // A window of outstanding publishes: each waits for its publisher confirm on RabbitMQ.
  const WINDOW = 64;
  let next = 0;
  const lanes = Array.from({ length: Math.min(WINDOW, bodies.length) }, async () => {
    while (next < bodies.length) {
      if (signal?.aborted) throw new RecalcAbortedError();
      const body = bodies[next++]!;
      await broker.publish(queue, body);
    }
  });
  await Promise.all(lanes);
}

/** Runs (or resumes) one recalculation to the end. */
export async function runRecalc(base: Omit<RecalcDeps, 'ledger' | 'dryRun'>, params: RecalcParams, opts: RunRecalcOptions): Promise<RecalcReport> {
  const started = Date.now();
  const dryRun = opts.dryRun === true;
  const queues = opts.queues ?? { scores: SCORES_QUEUE, users: USERS_QUEUE };
  const retryDelaysMs = opts.retryDelaysMs ?? DEFAULT_RETRY;
  const broker = dryRun ? new MemoryQueueBroker() : opts.broker;
  const deps: RecalcDeps = dryRun
    ? { ...base, ledger: memoryLedger(), dryRun: { pp: new Map() } }
    : { ...base, ledger: sqlLedger(base.store), writer: base.writer ?? new PpWriter(base.store) };
  const log = base.log;

  let jobId: string;
  let phase: 1 | 2 | 3 = 1;
  let resumed = false;
  if (!dryRun) await base.store.ensureSchema();
  if (opts.resume !== undefined && !dryRun) {
    const job = opts.resume === true ? await base.store.lastUnfinishedJob() : await base.store.getJob(opts.resume);
    if (!job) throw new Error(opts.resume === true ? 'recalc --resume: no unfinished job' : `recalc --resume: no job ${opts.resume}`);
    if (job.state === 'done') throw new Error(`recalc --resume: job ${job.jobId} already finished`);
    jobId = job.jobId;
    params = parseParams(job.params);
    phase = job.phase;
    resumed = true;
  } else {
    jobId = `recalc-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  }

  const report: RecalcReport = {
    jobId,
    dryRun,
    resumed,
    phase1: { units: 0, skipped: 0, scores: 0, changed: 0, errors: 0 },
    phase2: { units: 0, skipped: 0, usersChanged: 0, bestRemarked: 0 },
    failedUnits: [],
    seconds: 0,
  };
  const counters = emptyCounters();
  const failed = { 1: new Set<string>(), 2: new Set<string>() };
  const lastAttempt = (msg: QueueMessage): boolean => msg.attempt > retryDelaysMs.length;

  await broker.declare(queues.scores, { retryDelaysMs });
  await broker.declare(queues.users, { retryDelaysMs });

  // ---- phase 1 ------------------------------------------------------------------------------
  const phases = params.phases ?? 'all';
  const scoreJobs: ScoreJobMessage[] = [];
  for (const playstyle of phases === 'totals' ? [] : params.playstyles) {
    const maps = await base.store.mapsFor(playstyle, params.filter);
    for (const md5 of maps) {
      scoreJobs.push({
        v: 1,
        kind: 'scores',
        job: jobId,
        playstyle,
        md5,
        filter: {
          ...(params.filter.mode !== undefined ? { mode: params.filter.mode } : {}),
          ...(params.filter.userId !== undefined ? { userId: params.filter.userId } : {}),
          ...(params.filter.modsAll !== undefined ? { modsAll: params.filter.modsAll } : {}),
        },
        ...(params.calculator ? { calculator: params.calculator } : {}),
      });
    }
  }
  report.phase1.units = scoreJobs.length;
  if (!dryRun && !resumed) await base.store.createJob(jobId, serialiseParams(params), scoreJobs.length);
  log?.info('recalc: planned', { jobId, maps: scoreJobs.length, resumed, dryRun });

  if (phase <= 1 && phases !== 'totals') {
    report.phase1.skipped = await runUnits(1, scoreJobs, scoreUnit, decodeScoreJob, (m) => recalcMapScores(deps, m, counters), queues.scores, opts.prefetch ?? 2);
    if (!dryRun) await base.store.setJobPhase(jobId, 2, 'running');
  }

  // ---- phase 2 ------------------------------------------------------------------------------
  const userJobs: UserJobMessage[] = [];
  for (const playstyle of phases === 'scores' ? [] : params.playstyles) {
    const pairs = await base.store.userModesFor(playstyle, params.filter);
    for (const { userId, mode } of pairs) userJobs.push({ v: 1, kind: 'user', job: jobId, playstyle, userId, mode });
  }
  report.phase2.units = userJobs.length;
  if (!dryRun) await base.store.setJobPhase(jobId, 2, 'running', userJobs.length);
  report.phase2.skipped = await runUnits(2, userJobs, userUnit, decodeUserJob, (m) => recalcUserTotals(deps, m, counters), queues.users, opts.prefetch ?? 8);
  if (!dryRun) await base.store.setJobPhase(jobId, 3, failed[1].size + failed[2].size > 0 ? 'failed' : 'done');
  if (dryRun) await broker.close();

  report.phase1.scores = counters.scores;
  report.phase1.changed = counters.changed;
  report.phase1.errors = counters.errors;
  report.phase2.usersChanged = counters.usersChanged;
  report.phase2.bestRemarked = counters.bestRemarked;
  report.failedUnits = [...failed[1], ...failed[2]].sort();
  report.seconds = (Date.now() - started) / 1000;
  return report;

  /**
   * Publishes the units of a phase that the ledger does not record as done and consumes them;
   * a unit that is dead-lettered (poison, or out of retries) is remembered as failed.
   * Returns how many units were skipped as already done (resume).
   */
  async function runUnits<J extends ScoreJobMessage | UserJobMessage>(
    phaseNo: 1 | 2,
    jobs: J[],
    unitOf: (job: J) => string,
    decode: (body: Buffer) => J,
    work: (job: J) => Promise<unknown>,
    queue: string,
    prefetch: number,
  ): Promise<number> {
    const done = await deps.ledger.doneUnits(jobId, phaseNo);
    const pending = jobs.filter((j) => !done.has(unitOf(j)));
    const handler = async (msg: QueueMessage): Promise<void> => {
      const job = decode(msg.body);
      try {
        await work(job);
      } catch (err) {
        if (err instanceof PoisonMessageError || lastAttempt(msg)) failed[phaseNo].add(unitOf(job));
        throw err;
      }
    };
    await runPhase(phaseNo, jobs.length, pending.map(encodeJob), queue, handler, prefetch);
    return jobs.length - pending.length;
  }

  async function runPhase(
    phaseNo: 1 | 2,
    total: number,
    bodies: Buffer[],
    queue: string,
    handler: (msg: QueueMessage) => Promise<void>,
    prefetch: number,
  ): Promise<void> {
    const group = new ScalingConsumerGroup({
      broker,
      queue,
      handler,
      min: opts.consumers?.min ?? 1,
      max: opts.consumers?.max ?? Math.max(2, base.pool.threads * 2),
      prefetch,
      sampleEveryMs: opts.sampleEveryMs ?? 500,
      utilisation: () => base.pool.utilisation(),
      ...(log ? { log } : {}),
    });
    await group.start();
    const phaseStart = Date.now();
    const startDone = await deps.ledger.countDone(jobId, phaseNo);
    let lastDone = startDone;
    let lastChange = Date.now();
    try {
      await publishAll(broker, queue, bodies, opts.signal);
      for (;;) {
        if (opts.signal?.aborted) throw new RecalcAbortedError();
        const done = await deps.ledger.countDone(jobId, phaseNo);
        const elapsed = (Date.now() - phaseStart) / 1000;
        const rate = elapsed > 0 ? (done - startDone) / elapsed : 0;
        opts.onProgress?.({
          phase: phaseNo,
          done,
          total,
          rate,
          etaSeconds: rate > 0 ? (total - done) / rate : undefined,
          consumers: group.stats().consumers,
        });
        if (done + failed[phaseNo].size >= total) break;
        if (done !== lastDone) {
          lastDone = done;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > (opts.stallTimeoutMs ?? 600_000)) {
          throw new RecalcStalledError(jobId, phaseNo, done, total);
        }
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
      }
      // Every unit is finished, but a message whose ack was lost with a connection may have just
      // come back to the queue: let the consumers take it (it is skipped as done) so no stale
      // duplicate is left behind. Bounded: other jobs' messages must not keep this run alive.
      const drainUntil = Date.now() + 3000;
      while (Date.now() < drainUntil && (await broker.depth(queue).catch(() => 0)) > 0) {
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
      }
    } finally {
      await group.stop();
    }
  }
}

export interface RecalcWorkers {
  /** Units this process finished (phase 1 scores computed, phase 2 users) — for logs and tests. */
  counters: PhaseCounters;
  stop(): Promise<void>;
}

/**
 * Consumers only (`hayate recalc --worker`, or a server helping out): joins whatever recalc jobs
 * are on the queues, from any process, until stopped. Each message carries its job's parameters
 * and the ledger is shared through the database, so any number of processes can help.
 */
export async function startRecalcWorkers(
  base: Omit<RecalcDeps, 'ledger' | 'dryRun'>,
  opts: Pick<RunRecalcOptions, 'broker' | 'queues' | 'consumers' | 'prefetch' | 'sampleEveryMs' | 'retryDelaysMs'>,
): Promise<RecalcWorkers> {
  const queues = opts.queues ?? { scores: SCORES_QUEUE, users: USERS_QUEUE };
  const retryDelaysMs = opts.retryDelaysMs ?? DEFAULT_RETRY;
  await base.store.ensureSchema();
  await opts.broker.declare(queues.scores, { retryDelaysMs });
  await opts.broker.declare(queues.users, { retryDelaysMs });
  const deps: RecalcDeps = { ...base, ledger: sqlLedger(base.store), writer: base.writer ?? new PpWriter(base.store) };
  const counters = emptyCounters();
  const group = (queue: string, prefetch: number, handler: (msg: QueueMessage) => Promise<void>) =>
    new ScalingConsumerGroup({
      broker: opts.broker,
      queue,
      handler,
      min: opts.consumers?.min ?? 1,
      max: opts.consumers?.max ?? Math.max(2, base.pool.threads * 2),
      prefetch,
      sampleEveryMs: opts.sampleEveryMs ?? 500,
      utilisation: () => base.pool.utilisation(),
      ...(base.log ? { log: base.log } : {}),
    });
  const groups = [
    group(queues.scores, opts.prefetch ?? 2, async (msg) => void (await recalcMapScores(deps, decodeScoreJob(msg.body), counters))),
    group(queues.users, opts.prefetch ?? 8, async (msg) => void (await recalcUserTotals(deps, decodeUserJob(msg.body), counters))),
  ];
  for (const g of groups) await g.start();
  return {
    counters,
    stop: async () => {
      await Promise.all(groups.map((g) => g.stop()));
    },
  };
}
