/**
 * Entry point of every compute worker thread (Piscina). Dispatches task kinds to the PP engine
 * and bcrypt, and always answers with an envelope (`TaskReply`) instead of throwing, so typed
 * errors survive the thread boundary.
 *
 * Worker hygiene (§1.4, §8.7): WASM linear memory never shrinks and a WASM `RuntimeError` leaves
 * the instance in an undefined state, so after such a task the worker answers, marks itself as
 * recycling and exits (at once if another task reaches it first: the pool retries that task);
 * Piscina starts a fresh thread in its place.
 */
import { threadId, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { getCalculator } from './pp/registry.js';
import { PpInputError } from './pp/calculator.js';
import { PpEngine, isRosuCalculator, normaliseParams } from './pp/engine.js';
import { difficultyMods, normaliseMods } from './pp/mods.js';
import { numericGetters, rosu, rosuWasmBytes } from './pp/rosu-lib.js';
import type { BatchItem, ComputeTask, RecycleReason, TaskReply, WorkerConfig } from './tasks.js';
import { Wasm, isWasmRuntimeError } from './wasm-globals.js';
import type { DifficultyResult } from './pp/engine.js';
import { normaliseBcryptPrefix } from './passwords/bcrypt-prefix.js';
import { analyzeForCheatSafe } from './cheat/task.js';

const config = (workerData ?? { wasmMemoryLimit: 512 * 1024 * 1024, allowFaultInjection: false }) as WorkerConfig;
const engine = new PpEngine({
  ...(config.mapsDir !== undefined ? { mapsDir: config.mapsDir } : {}),
  ...(config.beatmapCacheBytes !== undefined ? { beatmapCacheBytes: config.beatmapCacheBytes } : {}),
  ...(config.difficultyCacheEntries !== undefined ? { difficultyCacheEntries: config.difficultyCacheEntries } : {}),
});

/** The osu_2019 relax calculator lives in compute/pp/akatsuki-rx-2019/ (native/ WASM). */
async function loadRelax(): Promise<void> {
  try {
    engine.setRelaxCalculator(await getCalculator('akatsuki-rx-2019'));
  } catch (err) {
    engine.setRelaxCalculator(undefined, err instanceof Error ? err.message : String(err));
  }
}
if (config.role !== 'passwords') await loadRelax();

let recycling: RecycleReason | undefined;
let bcrypt: typeof import('bcrypt') | undefined;
const require = createRequire(import.meta.url);

function bcryptLib(): typeof import('bcrypt') {
  bcrypt ??= require('bcrypt') as typeof import('bcrypt');
  return bcrypt;
}

function wasmTrap(): never {
  // (module (func (export "f") unreachable))
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05,
    0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
  ]);
  const inst = new Wasm.Instance(new Wasm.Module(bytes));
  (inst.exports.f as () => void)();
  throw new Error('unreachable did not trap');
}

function run(task: ComputeTask): unknown {
  switch (task.kind) {
    case 'pp':
      return engine.calculate(task.calculator, task.map, task.params, task.stored);
    case 'pp-batch': {
      // One map, many scores: difficulty once per (mode, mods), then ~15 us per score (§6.4).
      const items: BatchItem[] = [];
      const computed = new Map<string, DifficultyResult>();
      for (const raw of task.scores) {
        try {
          const params = normaliseParams(raw);
          const dkey = `${params.mode}:${difficultyMods(params.mods)}`;
          const stored = task.stored?.[dkey];
          if (!isRosuCalculator(task.calculator)) {
            items.push({ ok: true, result: engine.calculate(task.calculator, task.map, params).result });
            continue;
          }
          const r = engine.calculate(task.calculator, task.map, params, stored);
          if (r.computed && !computed.has(dkey)) computed.set(dkey, r.computed);
          items.push({ ok: true, result: r.result });
        } catch (err) {
          if (!(err instanceof PpInputError)) throw err;
          items.push({ ok: false, error: err.message });
        }
      }
      return { items, computed: [...computed.values()] };
    }
    case 'difficulty': {
      if (!isRosuCalculator(task.calculator)) {
        // The relax calculator has no separate difficulty step: an SS gives stars and max combo.
        const r = engine.calculate(task.calculator, task.map, { mode: task.mode, mods: task.mods });
        return { calculator: task.calculator, md5: engine.resolve(task.map).md5, mode: task.mode, mods: task.mods, stars: r.result.stars, maxCombo: r.result.maxCombo, attributes: r.result.attributes, suspicious: r.result.suspicious === true };
      }
      return engine.difficulty(task.calculator, task.map, task.mode, normaliseMods(task.mods, task.mode));
    }
    case 'rosu-raw':
      return rosuRaw(task);
    case 'bcrypt-hash':
      if (typeof task.password !== 'string' || task.password.length === 0) throw new PpInputError('password must be a non-empty string');
      return bcryptLib().hashSync(task.password, task.rounds);
    case 'bcrypt-verify':
      if (typeof task.password !== 'string' || typeof task.hash !== 'string') throw new PpInputError('password and hash must be strings');
      // A malformed stored hash is "does not match", not an exception (bcrypt returns false).
      return bcryptLib().compareSync(task.password, normaliseBcryptPrefix(task.hash));
    case 'cheat-analyze':
      return analyzeForCheatSafe(task.request);
    case 'fault':
      if (!config.allowFaultInjection) throw new PpInputError('fault injection is disabled');
      if (task.fault === 'wasm-trap') wasmTrap();
      rosu('3.1').__wasm.memory.grow(64); // 4 MiB
      return null;
    default:
      throw new PpInputError(`unknown task kind ${JSON.stringify((task as { kind?: unknown }).kind)}`);
  }
}

const RAW_NAMES = [
  'pp', 'ppAim', 'ppSpeed', 'ppAccuracy', 'ppFlashlight', 'ppDifficulty', 'effectiveMissCount', 'speedDeviation', 'estimatedUnstableRate',
];

function rosuRaw(task: Extract<ComputeTask, { kind: 'rosu-raw' }>): Record<string, unknown> {
  const lib = rosu(task.version);
  const { bytes } = engine.resolve(task.map);
  const map = new lib.Beatmap(bytes);
  try {
    if (map.mode !== task.mode) map.convert(task.mode, task.convertMods ?? 0);
    if (task.what === 'difficulty') {
      const calc = new lib.Difficulty(task.args);
      try {
        const a = calc.calculate(map);
        try {
          return a.toJSON();
        } finally {
          a.free();
        }
      } finally {
        calc.free();
      }
    }
    const perf = new lib.Performance(task.args);
    try {
      const p = perf.calculate(map);
      try {
        const out: Record<string, unknown> = numericGetters(p, RAW_NAMES);
        const d = (p as unknown as { difficulty: { stars: number; maxCombo: number; free(): void } }).difficulty;
        try {
          out.stars = d.stars;
          out.maxCombo = d.maxCombo;
        } finally {
          d.free();
        }
        if (p.state) out.state = { ...p.state };
        return out;
      } finally {
        p.free();
      }
    } finally {
      perf.free();
    }
  } finally {
    map.free();
  }
}

function scheduleExit(reason: RecycleReason): void {
  if (recycling) return;
  recycling = reason;
  engine.clear();
  // Let Piscina post this reply first; the pool retries whatever else reaches us meanwhile.
  setImmediate(() => process.exit(0));
}

export default function handle(task: ComputeTask): TaskReply {
  if (recycling) {
    // Piscina handed us another task before our deferred exit ran (its Atomics fast path keeps
    // the thread busy): leave now; the pool sees "worker exited" and retries elsewhere.
    process.exit(0);
  }
  let reply: TaskReply;
  try {
    reply = { ok: true, value: run(task) as never, threadId };
  } catch (err) {
    if (isWasmRuntimeError(err)) scheduleExit('wasm-error');
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { ok: false, error: { name: isWasmRuntimeError(e) ? 'RuntimeError' : e.name, message: e.message }, threadId };
  }
  if (!recycling && rosuWasmBytes() > config.wasmMemoryLimit) scheduleExit('memory');
  if (recycling) reply.recycle = recycling;
  return reply;
}
