/**
 * The compute pool: one Piscina pool of worker threads (compute/worker.ts) for PP, difficulty
 * and bcrypt, so no request ever waits on the event loop.
 *
 * - Backpressure: the queue is bounded (`maxQueue`); when it is full a task is refused at once
 *   with `ComputeBusyError` instead of growing memory and latency without limit.
 * - Typed errors: workers answer with envelopes; bad input comes back as `PpInputError`.
 * - Recycling: workers exit after a WASM RuntimeError or when their WASM memory passes
 *   `wasmMemoryLimit`; a task that reached such a worker in its last moments is retried
 *   (every task kind is a pure function, so a retry is safe).
 * - Difficulty store: with a `DifficultyCache`, attributes computed by any worker are persisted
 *   and handed to later tasks, so only performance (~15 us) is computed again.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { LRUCache } from 'lru-cache';
import type { VanillaMode } from '../protocol/osu/modes.js';
import type { CalculatorId, PpResult, ScoreParams } from './pp/calculator.js';
import { CALCULATOR_IDS, PpInputError } from './pp/calculator.js';
import { ComputeBusyError, ComputeClosedError, ComputeWorkerError } from './errors.js';
import { createComputeMetrics, type ComputeMetrics } from './metrics.js';
import { difficultyKeyString, type DifficultyCache, type DifficultyKey } from './pp/difficulty-cache.js';
import { isRosuCalculator, normaliseParams, type DifficultyResult } from './pp/engine.js';
import { assertMd5, md5Hex } from './pp/map-check.js';
import { difficultyMods, normaliseMods, parseMods } from './pp/mods.js';
import type { PlainAttributes } from './pp/rosu-lib.js';
import { selectCalculator, type PpProfile } from './pp/select.js';
import type { BatchItem, ComputeTask, MapRef, RosuRawTask, TaskKind, TaskReply, TaskValues, WorkerConfig } from './tasks.js';
import { WORKER_RECYCLING } from './tasks.js';
import type { CheatAnalysisOutcome, CheatAnalysisRequest } from './cheat/task.js';

export { ComputeBusyError, ComputeClosedError, ComputeWorkerError } from './errors.js';
export { PpInputError } from './pp/calculator.js';

export interface ComputePoolOptions {
  /** Worker threads; 0 or undefined = one per core. */
  threads?: number;
  /** Tasks allowed to wait for a worker; default 256 per thread. */
  maxQueue?: number;
  /** Chooses the calculator when a request names none. Default `akatsuki`. */
  profile?: PpProfile;
  /** `<md5>.osu` files for requests that carry only an md5 (DATA_DIR/osu). */
  mapsDir?: string;
  /** Recycle a worker whose rosu WASM memory passes this. Default 512 MiB. */
  wasmMemoryLimit?: number;
  difficultyCache?: DifficultyCache;
  /** bcrypt cost for new hashes. Default 10. */
  bcryptRounds?: number;
  /**
   * Threads of a second, small pool that runs only bcrypt, so a login never queues behind a
   * recalculation backlog. Default 1; 0 = run bcrypt in the main pool.
   */
  passwordThreads?: number;
  /** Tests only: accept `fault` tasks (WASM trap, memory growth). */
  allowFaultInjection?: boolean;
  metrics?: ComputeMetrics;
  beatmapCacheBytes?: number;
  difficultyCacheEntries?: number;
}

/** Score parameters as callers give them: mods may still be a string like "HDDT". */
export type ScoreInput = Omit<ScoreParams, 'mods'> & { mods: number | string };

export interface PpRequest {
  map: MapRef;
  score: ScoreInput;
  /** Omitted: the pool's profile picks by mode and mods. */
  calculator?: CalculatorId;
}

export interface PpBatchRequest {
  map: MapRef;
  scores: ScoreInput[];
  /** Omitted: picked per score by the profile (the batch is then split by calculator). */
  calculator?: CalculatorId;
}

export interface DifficultyRequest {
  map: MapRef;
  mode: VanillaMode;
  mods: number | string;
  calculator?: CalculatorId;
}

const MAX_ATTEMPTS = 4;

/**
 * The settings the pool is built from (the server's Config satisfies this structurally; compute/
 * imports nothing of server/).
 */
export interface ComputeSettings {
  computeThreads: number;
  ppProfile: PpProfile;
  dataDir: string;
}

export class ComputePool {
  readonly metrics: ComputeMetrics;
  readonly threads: number;
  readonly maxQueue: number;
  readonly profile: PpProfile;
  private readonly piscina: Piscina;
  /** bcrypt tasks (the main pool when `passwordThreads` is 0). */
  private readonly passwords: Piscina;
  private readonly cache: DifficultyCache | undefined;
  /** Recently used stored attributes, so hot maps skip the store's round trip. */
  private readonly recent = new LRUCache<string, PlainAttributes>({ max: 10_000 });
  private readonly bcryptRounds: number;
  private closed = false;

  constructor(opts: ComputePoolOptions = {}) {
    this.threads = opts.threads && opts.threads > 0 ? opts.threads : Math.max(1, os.availableParallelism());
    this.maxQueue = opts.maxQueue ?? this.threads * 256;
    this.profile = opts.profile ?? 'akatsuki';
    this.cache = opts.difficultyCache;
    this.bcryptRounds = opts.bcryptRounds ?? 10;
    this.metrics = opts.metrics ?? createComputeMetrics();
    this.metrics.setSource({ queueDepth: () => this.queueDepth(), utilisation: () => this.utilisation() });
    const workerData: WorkerConfig = {
      wasmMemoryLimit: opts.wasmMemoryLimit ?? 512 * 1024 * 1024,
      allowFaultInjection: opts.allowFaultInjection === true,
      ...(opts.mapsDir !== undefined ? { mapsDir: opts.mapsDir } : {}),
      ...(opts.beatmapCacheBytes !== undefined ? { beatmapCacheBytes: opts.beatmapCacheBytes } : {}),
      ...(opts.difficultyCacheEntries !== undefined ? { difficultyCacheEntries: opts.difficultyCacheEntries } : {}),
    };
    this.piscina = new Piscina({
      filename: fileURLToPath(new URL('./worker.js', import.meta.url)),
      minThreads: this.threads,
      maxThreads: this.threads,
      maxQueue: this.maxQueue,
      idleTimeout: Infinity,
      workerData,
    });
    // Worker exits we cause are expected; anything else is logged by the caller via metrics.
    this.piscina.on('error', () => this.metrics.errors.inc({ kind: 'pool', reason: 'worker' }));
    const passwordThreads = opts.passwordThreads ?? 1;
    this.passwords =
      passwordThreads === 0
        ? this.piscina
        : new Piscina({
            filename: fileURLToPath(new URL('./worker.js', import.meta.url)),
            minThreads: passwordThreads,
            maxThreads: passwordThreads,
            maxQueue: 1024,
            idleTimeout: Infinity,
            workerData: { ...workerData, role: 'passwords' } satisfies WorkerConfig,
          });
    if (this.passwords !== this.piscina) this.passwords.on('error', () => this.metrics.errors.inc({ kind: 'pool', reason: 'worker' }));
  }

  static fromConfig(config: ComputeSettings, extra: Omit<ComputePoolOptions, 'threads' | 'profile'> = {}): ComputePool {
    return new ComputePool({ threads: config.computeThreads, profile: config.ppProfile, mapsDir: `${config.dataDir}/osu`, ...extra });
  }

  /** 0..1: how busy the workers were recently (Piscina's utilization). */
  utilisation(): number {
    return this.piscina.utilization;
  }

  queueDepth(): number {
    return this.piscina.queueSize;
  }

  /** One score. Rejects with PpInputError (bad map/score), ComputeBusyError or ComputeWorkerError. */
  async calculate(req: PpRequest): Promise<PpResult> {
    const params = this.params(req.score);
    const calculator = this.calculatorFor(req.calculator, params);
    const map = checkMapRef(req.map);
    const key = await this.difficultyKey(calculator, map, params.mode, params.mods);
    const stored = key ? await this.lookup(key) : undefined;
    // With stored attributes the worker needs no map at all: skip copying its bytes.
    const sent = stored && key ? { md5: key.md5 } : map;
    const value = await this.run('pp', { kind: 'pp', calculator, map: sent, params, ...(stored ? { stored } : {}) });
    if (value.computed) this.store(value.computed);
    return value.result;
  }

  /**
   * Many scores on one map: difficulty once per (mode, mods), performance for each score
   * (batching is ~3x the throughput of single perf tasks, §6.2). Results keep the input order;
   * a bad score gives `{ ok: false, error }` without failing the others.
   */
  async calculateBatch(req: PpBatchRequest): Promise<BatchItem[]> {
    const map = checkMapRef(req.map);
    const items: BatchItem[] = new Array(req.scores.length);
    const groups = new Map<CalculatorId, Array<{ index: number; params: ScoreParams }>>();
    req.scores.forEach((s, index) => {
      try {
        const params = this.params(s);
        const calc = this.calculatorFor(req.calculator, params);
        let g = groups.get(calc);
        if (!g) groups.set(calc, (g = []));
        g.push({ index, params });
      } catch (err) {
        if (!(err instanceof PpInputError)) throw err;
        items[index] = { ok: false, error: err.message };
      }
    });
    await Promise.all(
      [...groups].map(async ([calculator, group]) => {
        const stored: Record<string, PlainAttributes> = {};
        const seen = new Set<string>();
        let md5: string | undefined;
        if (this.cache && isRosuCalculator(calculator)) {
          for (const { params } of group) {
            const dk = `${params.mode}:${difficultyMods(params.mods)}`;
            if (seen.has(dk)) continue;
            seen.add(dk);
            const key = await this.difficultyKey(calculator, map, params.mode, params.mods);
            md5 = key?.md5;
            const attrs = key ? await this.lookup(key) : undefined;
            if (attrs) stored[dk] = attrs;
          }
        }
        const allStored = md5 !== undefined && seen.size > 0 && Object.keys(stored).length === seen.size;
        const sent = allStored ? { md5: md5! } : map;
        const value = await this.run('pp-batch', { kind: 'pp-batch', calculator, map: sent, scores: group.map((g) => g.params), stored });
        value.computed.forEach((d) => this.store(d));
        value.items.forEach((item, i) => {
          items[group[i]!.index] = item;
        });
      }),
    );
    return items;
  }

  async difficulty(req: DifficultyRequest): Promise<DifficultyResult> {
    const mods = normaliseMods(parseMods(req.mods), req.mode);
    const calculator = req.calculator ?? selectCalculator(this.profile, req.mode, mods);
    assertCalculator(calculator);
    const map = checkMapRef(req.map);
    const d = await this.run('difficulty', { kind: 'difficulty', calculator, map, mode: req.mode, mods });
    if (!d.suspicious && isRosuCalculator(calculator)) this.store(d);
    return d;
  }

  /** Reference path: a raw rosu-pp-js call (any args) in a worker. See `RosuRawTask`. */
  rosuRaw(task: Omit<RosuRawTask, 'kind'>): Promise<Record<string, unknown>> {
    return this.run('rosu-raw', { kind: 'rosu-raw', ...task });
  }

  hashPassword(md5Hex: string, rounds = this.bcryptRounds): Promise<string> {
    return this.run('bcrypt-hash', { kind: 'bcrypt-hash', password: md5Hex, rounds });
  }

  verifyPassword(md5Hex: string, hash: string): Promise<boolean> {
    return this.run('bcrypt-verify', { kind: 'bcrypt-verify', password: md5Hex, hash });
  }

  /** Replay decode + cheat heuristics for one score, off the event loop (compute/cheat/task.ts). */
  analyzeReplay(request: CheatAnalysisRequest): Promise<CheatAnalysisOutcome> {
    return this.run('cheat-analyze', { kind: 'cheat-analyze', request });
  }

  /** Tests: inject a fault into a worker (needs `allowFaultInjection`). */
  injectFault(fault: 'wasm-trap' | 'grow-memory'): Promise<null> {
    return this.run('fault', { kind: 'fault', fault });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.piscina.destroy(), this.passwords !== this.piscina ? this.passwords.destroy() : undefined]);
  }

  private params(s: ScoreInput): ScoreParams {
    if (typeof s !== 'object' || s === null) throw new PpInputError('score parameters missing');
    return normaliseParams({ ...s, mods: parseMods(s.mods) });
  }

  private calculatorFor(requested: CalculatorId | undefined, params: ScoreParams): CalculatorId {
    const c = requested ?? selectCalculator(this.profile, params.mode, params.mods);
    assertCalculator(c);
    return c;
  }

  private async difficultyKey(calculator: CalculatorId, map: MapRef, mode: number, mods: number): Promise<DifficultyKey | undefined> {
    if (!this.cache || !isRosuCalculator(calculator)) return undefined;
    // Hashing 20-40 KB costs ~50 us; callers that know the md5 (score submission) pass it.
    const md5 = map.md5 !== undefined ? map.md5.toLowerCase() : map.bytes ? md5Hex(map.bytes) : undefined;
    return md5 ? { md5, mode, mods: difficultyMods(mods), calculator } : undefined;
  }

  private async lookup(key: DifficultyKey): Promise<PlainAttributes | undefined> {
    const k = difficultyKeyString(key);
    const recent = this.recent.get(k);
    if (recent) return recent;
    try {
      const attrs = await this.cache!.get(key);
      this.metrics.difficultyStore.inc({ result: attrs ? 'hit' : 'miss' });
      if (attrs) this.recent.set(k, attrs);
      return attrs;
    } catch {
      this.metrics.difficultyStore.inc({ result: 'error' });
      return undefined; // the store is an optimisation: compute instead
    }
  }

  private store(d: DifficultyResult): void {
    if (!this.cache || d.suspicious || !isRosuCalculator(d.calculator)) return;
    const key: DifficultyKey = { md5: d.md5, mode: d.mode, mods: d.mods, calculator: d.calculator };
    this.recent.set(difficultyKeyString(key), d.attributes);
    this.cache.put(key, d.attributes).then(
      () => this.metrics.difficultyStore.inc({ result: 'write' }),
      () => this.metrics.difficultyStore.inc({ result: 'error' }),
    );
  }

  private async run<K extends TaskKind>(kind: K, task: Extract<ComputeTask, { kind: K }>): Promise<TaskValues[K]> {
    if (this.closed) throw new ComputeClosedError();
    const piscina = kind === 'bcrypt-hash' || kind === 'bcrypt-verify' ? this.passwords : this.piscina;
    const maxQueue = piscina === this.piscina ? this.maxQueue : 1024;
    if (piscina.queueSize >= maxQueue) {
      this.metrics.busyRejections.inc();
      this.metrics.errors.inc({ kind, reason: 'busy' });
      throw new ComputeBusyError(piscina.queueSize, maxQueue);
    }
    const end = this.metrics.taskSeconds.startTimer({ kind });
    let outcome = 'ok';
    try {
      for (let attempt = 1; ; attempt++) {
        let reply: TaskReply<K>;
        try {
          reply = (await piscina.run(task)) as TaskReply<K>;
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          if (this.closed) throw new ComputeClosedError();
          if (/queue is at limit/i.test(msg)) {
            this.metrics.busyRejections.inc();
            throw new ComputeBusyError(piscina.queueSize, maxQueue);
          }
          // The worker went away under the task (a recycle we triggered): run it again.
          if (/worker exited/i.test(msg) && attempt < MAX_ATTEMPTS) continue;
          throw new ComputeWorkerError(msg, kind);
        }
        if (reply.recycle) this.metrics.recycles.inc({ reason: reply.recycle });
        if (reply.ok) return reply.value;
        const { name, message } = reply.error;
        if (name === WORKER_RECYCLING && attempt < MAX_ATTEMPTS) continue;
        if (name === 'PpInputError') throw new PpInputError(message);
        throw new ComputeWorkerError(`${name}: ${message}`, kind);
      }
    } catch (err) {
      outcome = err instanceof PpInputError ? 'input' : err instanceof ComputeBusyError ? 'busy' : 'error';
      this.metrics.errors.inc({ kind, reason: outcome });
      throw err;
    } finally {
      end({ outcome });
    }
  }
}

function assertCalculator(c: string): asserts c is CalculatorId {
  if (!(CALCULATOR_IDS as readonly string[]).includes(c)) {
    throw new PpInputError(`unknown calculator ${JSON.stringify(c)} (one of ${CALCULATOR_IDS.join(', ')})`);
  }
}

function checkMapRef(map: MapRef): MapRef {
  if (typeof map !== 'object' || map === null) throw new PpInputError('map reference missing');
  if (map.bytes === undefined && map.md5 === undefined) throw new PpInputError('a map needs bytes or an md5');
  if (map.bytes !== undefined && !(map.bytes instanceof Uint8Array)) throw new PpInputError('map bytes must be a Uint8Array');
  if (map.md5 !== undefined) assertMd5(map.md5);
  return map;
}
