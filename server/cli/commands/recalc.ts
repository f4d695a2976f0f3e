/**
 * `hayate recalc`: recalculates scores (phase 1) and user totals (phase 2) for the whole server or
 * a filter, through the queue (RabbitMQ when AMQP_URL is set) and the compute pool. The engine is
 * server/recalc/recalc-runner.ts; this module parses options, wires the adapters and shows
 * progress (a live bar on a terminal, a log line every few seconds otherwise).
 */
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { loadConfig } from '../../config.js';
import type { Playstyle, VanillaMode } from '../../../protocol/osu/modes.js';
import { CALCULATOR_IDS, type CalculatorId } from '../../../compute/pp/calculator.js';
import type { RecalcParams, RecalcProgress, RecalcReport } from '../../recalc/recalc-runner.js';

const USAGE = `Usage: hayate recalc [options]

Recalculates pp in two phases: every matching score (grouped by beatmap, difficulty computed once
per mods group), then every affected user's best scores, total pp, accuracy and leaderboards.
Work goes through the queue (hayate.recalc.scores / hayate.recalc.users on RabbitMQ when AMQP_URL
is set); other processes running \`hayate recalc --resume\` on the same job help consume it.

Options:
  --mode 0-3                 only this game mode
  --playstyle NAME           vanilla, relax or autopilot (default: all three)
  --user ID                  only this user's scores (and totals)
  --map MD5                  only scores on this beatmap (totals of every user who played it)
  --beatmap-id ID            same, by beatmap id
  --mods-all N               only scores whose mods include all these bits
  --calc ID                  calculator for every score (${CALCULATOR_IDS.join(', ')});
                             default: the PP_PROFILE picks per score, as score submission does
  --scores-only              phase 1 only (score pp; no totals)
  --totals-only              phase 2 only (best flags, totals, leaderboards from stored pp)
  --dry-run                  compute and report what would change; write nothing
  --resume                   continue the most recent unfinished job (or --job ID)
  --job ID                   the job to resume
  --consumers MIN..MAX       consumer range per queue (default 1..2×COMPUTE threads)
  --worker                   only consume the recalc queues (help jobs started elsewhere) until
                             SIGINT/SIGTERM; needs AMQP_URL to be useful
  --json                     print the final report as JSON

Reworks (performance-service's mass_recalc / individual_recalc):
  --rework ID                clear the rework's results and queue every unrestricted user with pp
                             in its mode (with --user: only that user), then process the queue
                             here until it is empty
  --active-days N            with --rework: skip users whose last best score is older (0 = all)
  --queue-only               with --rework: only queue (a running server's processor handles it)

Totals follow PP_PROFILE: akatsuki (top 100, integer) or official (all, ≤ 1000 rows).`;

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return n;
}

function formatEta(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${Math.round(s)}s`;
}

async function progressReporter(): Promise<{ update(p: RecalcProgress): void; stop(): void }> {
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { format: 'phase {phase} [{bar}] {value}/{total} units | {rate}/s | ETA {etaText} | {consumers} consumers', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let phase = 0;
    return {
      update(p) {
        const payload = { phase: p.phase, rate: p.rate.toFixed(1), etaText: formatEta(p.etaSeconds), consumers: p.consumers };
        if (p.phase !== phase) {
          if (phase !== 0) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, payload);
        } else {
          bar.update(p.done, payload);
        }
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let lastPhase = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase === lastPhase && now - last < 5000 && p.done < p.total) return;
      last = now;
      lastPhase = p.phase;
      process.stderr.write(`recalc phase ${p.phase}: ${p.done}/${p.total} units, ${p.rate.toFixed(1)}/s, ETA ${formatEta(p.etaSeconds)}, ${p.consumers} consumers\n`);
    },
    stop() {},
  };
}

function summary(r: RecalcReport): string {
  return [
    `job ${r.jobId}${r.dryRun ? ' (dry run: nothing written)' : ''}${r.resumed ? ' (resumed)' : ''}`,
    `phase 1: ${r.phase1.units} maps (${r.phase1.skipped} already done), ${r.phase1.scores} scores, ${r.phase1.changed} ${r.dryRun ? 'would change' : 'changed'}, ${r.phase1.errors} errors`,
    `phase 2: ${r.phase2.units} users×modes (${r.phase2.skipped} already done), ${r.phase2.usersChanged} totals ${r.dryRun ? 'would change' : 'changed'}, ${r.phase2.bestRemarked} best flags re-marked`,
    r.failedUnits.length > 0 ? `FAILED units (dead-lettered): ${r.failedUnits.join(', ')}` : 'no failed units',
    `${r.seconds.toFixed(1)} s`,
  ].join('\n');
}

/** `--rework ID`: queue (all users or one) and, unless --queue-only, process until done. */
async function runRework(reworkId: number, userId: number | undefined, activeDays: number, queueOnly: boolean): Promise<number> {
  const config = loadConfig();
  const { openStorage } = await import('../../adapters/storage/open-storage.js');
  const { openQueue } = await import('../../adapters/queue/open-queue.js');
  const { openComputePool } = await import('../../open-compute.js');
  const { RecalcStore } = await import('../../recalc/store/recalc-store.js');
  const { openReworkKv } = await import('../../recalc/reworks/rework-kv.js');
  const { openReworkTransport } = await import('../../recalc/reworks/rework-queue.js');
  const service = await import('../../recalc/reworks/rework-service.js');
  const { createLogger } = await import('../../log.js');
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const storage = await openStorage(config);
  const closers: Array<() => Promise<void>> = [() => storage.close()];
  try {
    const store = RecalcStore.fromStorage(storage);
    await store.ensureSchema();
    if (!(await store.getRework(reworkId))) throw new UsageError(`no rework ${reworkId}`);
    const pool = openComputePool(config, { passwordThreads: 0 });
    closers.push(() => pool.close());
    const broker = await openQueue(config, { log });
    closers.push(() => broker.close());
    const kv = await openReworkKv(config);
    closers.push(() => kv.close());
    const transport = await openReworkTransport(config, broker, { log });
    closers.push(() => transport.close());
    const deps = { storage, store, pool, kv, transport, log };
    if (userId !== undefined) {
      const r = await service.requeueReworkUser(deps, userId, reworkId);
      process.stdout.write(`${r.message}\n`);
      if (!r.success) return 1;
    } else {
      const n = await service.massQueueRework(deps, reworkId, { activeWithinDays: activeDays });
      process.stdout.write(`queued ${n} users for rework ${reworkId}\n`);
    }
    if (queueOnly) return 0;
    const processor = await service.startReworkProcessor(deps, { prefetch: 2 });
    closers.push(() => processor.stop());
    // Until the queue is empty, or 60 s without progress (a user whose processing keeps failing
    // is retried, then dead-lettered, and stays waiting: report it rather than hang).
    let last = -1;
    let stalledSince = Date.now();
    for (let waiting = await store.countWaiting(reworkId); waiting > 0; waiting = await store.countWaiting(reworkId)) {
      if (waiting !== last) {
        last = waiting;
        stalledSince = Date.now();
        process.stderr.write(`rework ${reworkId}: ${waiting} users waiting\n`);
      } else if (Date.now() - stalledSince > 60_000) {
        process.stderr.write(`rework ${reworkId}: no progress for 60 s, ${waiting} users still waiting (see the logs)\n`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    process.stdout.write(`rework ${reworkId}: queue processed\n`);
    return 0;
  } finally {
    for (const c of closers.reverse()) await c().catch(() => {});
  }
}

const command: CliCommand = {
  summary: 'recalculate pp and totals (whole server or a filter), resumable',
  usage: USAGE,
  async run(args) {
    let values;
    try {
      values = parseArgs({
        args,
        strict: true,
        options: {
          mode: { type: 'string' },
          playstyle: { type: 'string' },
          user: { type: 'string' },
          map: { type: 'string' },
          'beatmap-id': { type: 'string' },
          'mods-all': { type: 'string' },
          calc: { type: 'string' },
          'dry-run': { type: 'boolean' },
          'scores-only': { type: 'boolean' },
          'totals-only': { type: 'boolean' },
          resume: { type: 'boolean' },
          job: { type: 'string' },
          consumers: { type: 'string' },
          json: { type: 'boolean' },
          rework: { type: 'string' },
          worker: { type: 'boolean' },
          'active-days': { type: 'string' },
          'queue-only': { type: 'boolean' },
        },
      }).values;
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const mode = int('mode', values.mode, 0, 3) as VanillaMode | undefined;
    const userId = int('user', values.user, 1, 2 ** 31 - 1);
    const modsAll = int('mods-all', values['mods-all'], 0, 2 ** 31 - 1);
    const beatmapId = values['beatmap-id'] === undefined ? undefined : Number(values['beatmap-id']);
    if (beatmapId !== undefined && !Number.isInteger(beatmapId)) throw new UsageError('--beatmap-id must be a whole number');
    if (values.map !== undefined && !/^[0-9a-fA-F]{32}$/.test(values.map)) throw new UsageError('--map must be a beatmap md5 (32 hex digits)');
    if (values.map !== undefined && beatmapId !== undefined) throw new UsageError('give --map or --beatmap-id, not both');
    const playstyles: Playstyle[] = values.playstyle === undefined ? ['vanilla', 'relax', 'autopilot'] : [values.playstyle as Playstyle];
    if (!['vanilla', 'relax', 'autopilot'].includes(playstyles[0]!)) throw new UsageError('--playstyle must be vanilla, relax or autopilot');
    if (values.calc !== undefined && !(CALCULATOR_IDS as readonly string[]).includes(values.calc)) throw new UsageError(`--calc must be one of ${CALCULATOR_IDS.join(', ')}`);
    let consumers: { min: number; max: number } | undefined;
    if (values.consumers !== undefined) {
      const m = /^(\d+)\.\.(\d+)$/.exec(values.consumers);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) throw new UsageError('--consumers must be MIN..MAX with 1 ≤ MIN ≤ MAX');
      consumers = { min: Number(m[1]), max: Number(m[2]) };
    }
    if (values['scores-only'] && values['totals-only']) throw new UsageError('give --scores-only or --totals-only, not both');
    if (values.job !== undefined && !values.resume) throw new UsageError('--job needs --resume');
    if (values.resume && values['dry-run']) throw new UsageError('--dry-run cannot resume a job');

    const reworkId = int('rework', values.rework, 1, 2 ** 31 - 1);
    if (reworkId !== undefined) return runRework(reworkId, userId, int('active-days', values['active-days'], 0, 100_000) ?? 0, values['queue-only'] === true);

    const config = loadConfig();
    const { openStorage } = await import('../../adapters/storage/open-storage.js');
    const { openQueue } = await import('../../adapters/queue/open-queue.js');
    const { openLeaderboards, openEventBus } = await import('../../adapters/state/open-state.js');
    const { openComputePool } = await import('../../open-compute.js');
    const { RecalcStore } = await import('../../recalc/store/recalc-store.js');
    const { runRecalc, startRecalcWorkers } = await import('../../recalc/recalc-runner.js');
    const { createLogger } = await import('../../log.js');

    const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const storage = await openStorage(config);
    const closers: Array<() => Promise<void>> = [() => storage.close()];
    const progress = await progressReporter();
    try {
      let beatmapMd5 = values.map?.toLowerCase();
      if (beatmapId !== undefined) {
        const row = await storage.beatmaps.findById(beatmapId);
        if (!row) throw new UsageError(`no beatmap with id ${beatmapId} in the beatmap store`);
        beatmapMd5 = row.beatmapMd5;
      }
      const pool = openComputePool(config, { passwordThreads: 0 });
      closers.push(() => pool.close());
      const broker = await openQueue(config, { log });
      closers.push(() => broker.close());
      const leaderboards = await openLeaderboards(config);
      closers.push(async () => leaderboards.close?.());
      const events = await openEventBus(config, { logger: log });
      closers.push(() => events.close());
      const base = { storage, store: RecalcStore.fromStorage(storage), pool, leaderboards, events, rules: config.ppProfile === 'official' ? ('official' as const) : ('akatsuki' as const), log };
      if (values.worker) {
        const workers = await startRecalcWorkers(base, { broker, ...(consumers ? { consumers } : {}) });
        process.stderr.write('recalc worker: consuming hayate.recalc.scores and hayate.recalc.users (Ctrl-C to stop)\n');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await workers.stop();
        process.stdout.write(`recalc worker: ${workers.counters.scores} scores, ${workers.counters.changed} changed\n`);
        return 0;
      }
      const params: RecalcParams = {
        playstyles,
        filter: {
          ...(mode !== undefined ? { mode } : {}),
          ...(userId !== undefined ? { userId } : {}),
          ...(beatmapMd5 !== undefined ? { beatmapMd5 } : {}),
          ...(modsAll !== undefined ? { modsAll } : {}),
        },
        ...(values.calc ? { calculator: values.calc as CalculatorId } : {}),
        ...(values['scores-only'] ? { phases: 'scores' as const } : values['totals-only'] ? { phases: 'totals' as const } : {}),
      };
      const report = await runRecalc(
        base,
        params,
        {
          broker,
          dryRun: values['dry-run'] === true,
          ...(values.resume ? { resume: values.job ?? true } : {}),
          ...(consumers ? { consumers } : {}),
          onProgress: (p) => progress.update(p),
        },
      );
      progress.stop();
      process.stdout.write((values.json ? JSON.stringify(report) : summary(report)) + '\n');
      return report.failedUnits.length > 0 ? 1 : 0;
    } finally {
      progress.stop();
      for (const c of closers.reverse()) await c().catch(() => {});
    }
  },
};
export default command;
