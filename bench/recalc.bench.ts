/**
 * Recalculation throughput end to end — scores/s through the queue → the compute pool → the
 * database (phase 1 of `hayate recalc`: page the scores of each map, batch them into the pool,
 * write the pp that changed, record the unit) — against the raw calculator loop on the same
 * scores (the same pool, the same batches of 250, nothing else: no queue, no database).
 * Measured side by side in one run with the `benchmark` package; ops/s × scores = scores/s.
 *
 * Every op alternates the calculator (rosu-2.0 / rosu-3.1), so every recalc op really rewrites
 * every score's pp (a recalc that finds nothing changed would skip its writes). Difficulty is
 * warm in both (worker LRU), so this is the performance-only regime a real recalc is in after the
 * first score of each (map, mods) group.
 *
 *   node dist/bench/recalc.bench.js   (BENCH_SCORES, BENCH_THREADS, AMQP_URL for a RabbitMQ row)
 */
import Benchmark from 'benchmark';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { openStorage } from '../server/adapters/storage/open-storage.js';
import { MemoryQueueBroker } from '../server/adapters/queue/memory/memory-queue-broker.js';
import { AmqpQueueBroker } from '../server/adapters/queue/amqp/amqp-queue-broker.js';
import { MemoryLeaderboards } from '../server/adapters/leaderboards/memory/memory-leaderboards.js';
import { MemoryEventBus } from '../server/adapters/events/memory/memory-events.js';
import type { QueueBroker } from '../server/ports/queue.js';
import type { ScoreRow } from '../server/ports/storage.js';
import { readOsuMetadata } from '../compute/maps/read-osu-metadata.js';
import { ComputePool } from '../compute/pool.js';
import type { CalculatorId } from '../compute/pp/calculator.js';
import { RecalcStore } from '../server/recalc/store/recalc-store.js';
import { runRecalc } from '../server/recalc/recalc-runner.js';
import { scoreInput } from '../server/recalc/phases.js';

const SCORES = Number(process.env.BENCH_SCORES ?? 8000);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const VARIANTS = Number(process.env.BENCH_MAP_VARIANTS ?? 10);
const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 8);
const AMQP_URL = process.env.AMQP_URL;
const MAPS_DIR = fileURLToPath(new URL('../../compute/test/fixtures/beatmaps/', import.meta.url));
const MODS: Record<number, number[]> = { 0: [0, 8, 16, 64, 72], 1: [0, 64, 8], 2: [0, 16, 64], 3: [0, 64] };

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-bench-recalc-'));
  const storage = await openStorage({ dataDir: dir, databaseUrl: undefined });
  const pool = new ComputePool({ threads: THREADS, mapsDir: path.join(dir, 'osu'), passwordThreads: 0 });
  const store = RecalcStore.fromStorage(storage);
  const brokers: QueueBroker[] = [];
  try {
    // Seed: the four fixture maps, SCORES scores spread over them and 50 users.
    mkdirSync(path.join(dir, 'osu'));
    const maps: Array<{ md5: string; mode: 0 | 1 | 2 | 3; objects: number }> = [];
    // A real server has many maps with a few scores each: VARIANTS copies of each fixture map that
    // differ only in their difficulty name (so in md5), each with its own difficulty calculation.
    for (const f of readdirSync(MAPS_DIR).sort()) {
      const original = readFileSync(path.join(MAPS_DIR, f), 'utf8');
      for (let v = 0; v < VARIANTS; v++) {
        const bytes = Buffer.from(original.replace(/^Version:(.*)$/m, (_l, name: string) => `Version:${name} v${v}`));
        const md5 = createHash('md5').update(bytes).digest('hex');
        writeFileSync(path.join(dir, 'osu', `${md5}.osu`), bytes);
        const m = readOsuMetadata(bytes);
        maps.push({ md5, mode: m.mode, objects: m.nObjects });
      }
    }
    const users: number[] = [];
    for (let i = 0; i < 50; i++) users.push(await storage.users.create({ username: `bench ${i}`, email: `b${i}@x.test`, passwordHash: 'x', privileges: 3 }));
    for (let i = 0; i < SCORES; i++) {
      const map = maps[i % maps.length]!;
      const mods = MODS[map.mode]![i % MODS[map.mode]!.length]!;
      const misses = i % 5;
      const n100 = i % 13;
      await storage.scores.insert('vanilla', {
        beatmapMd5: map.md5,
        userId: users[i % users.length]!,
        score: 1000 + i,
        maxCombo: 100 + (i % 200),
        fullCombo: false,
        mods,
        count300: map.objects - misses - n100,
        count100: n100,
        count50: 0,
        countKatu: 0,
        countGeki: 0,
        countMiss: misses,
        time: 1_700_000_000,
        playMode: map.mode,
        completed: 3,
        accuracy: 95,
        pp: 0,
        checksum: randomBytes(16).toString('hex'),
      });
    }
    const byMap = new Map<string, ScoreRow[]>();
    for (const s of await storage.scores.page({ playstyle: 'vanilla' }, SCORES)) {
      let g = byMap.get(s.beatmapMd5);
      if (!g) byMap.set(s.beatmapMd5, (g = []));
      g.push(s);
    }

    // Separate alternations: only recalc ops change the database, so they must alternate among
    // themselves whatever number of raw ops ran in between.
    let rawFlip = 0;
    let recalcFlip = 0;
    const calcOf = (n: number): CalculatorId => (n % 2 === 0 ? 'rosu-3.1' : 'rosu-2.0');

    // The raw calculator loop: the same batches through the same pool, results discarded.
    const raw = async (): Promise<void> => {
      const calculator = calcOf(rawFlip++);
      await Promise.all(
        [...byMap].flatMap(([md5, rows]) => {
          const chunks: ScoreRow[][] = [];
          for (let i = 0; i < rows.length; i += 250) chunks.push(rows.slice(i, i + 250));
          return chunks.map((c) => pool.calculateBatch({ map: { md5 }, scores: c.map(scoreInput), calculator }));
        }),
      );
    };
    const recalc = (broker: QueueBroker, queues: { scores: string; users: string }) => async (): Promise<void> => {
      const report = await runRecalc(
        { storage, store, pool, leaderboards: new MemoryLeaderboards(), events: new MemoryEventBus(), rules: 'akatsuki' },
        { playstyles: ['vanilla'], filter: {}, calculator: calcOf(recalcFlip++), phases: 'scores' },
        { broker, queues, pollMs: 5, sampleEveryMs: 100, consumers: { min: CONSUMERS, max: CONSUMERS * 2 }, prefetch: 2 },
      );
      if (report.phase1.scores !== SCORES || report.phase1.changed === 0) throw new Error(`recalc op did not rewrite the scores: ${JSON.stringify(report.phase1)}`);
    };

    const memory = new MemoryQueueBroker();
    brokers.push(memory);
    const suite = new Benchmark.Suite('recalc');
    // Main-thread busy time per op (event-loop utilisation), the resource recalc competes for:
    // on 2 cores the two workers and the main thread share the CPUs.
    const busy = new Map<string, { ms: number; ops: number }>();
    const measured = (name: string, fn: () => Promise<void>) => async (): Promise<void> => {
      const e0 = performance.eventLoopUtilization();
      await fn();
      const e = performance.eventLoopUtilization(e0);
      const b = busy.get(name) ?? { ms: 0, ops: 0 };
      b.ms += e.active;
      b.ops++;
      busy.set(name, b);
    };
    const deferred = (fn: () => Promise<void>) => ({
      defer: true,
      minSamples: 4,
      maxTime: 6,
      fn: (d: Benchmark.Deferred) => {
        fn().then(
          () => d.resolve(),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      },
    });
    // Warm-up: difficulty of every (map, mods) for both calculators, SQLite pages.
    await raw();
    await raw();
    // Interleaved rounds (raw, recalc, raw, recalc): a shared machine's load drifts; the ratio is
    // taken over the sums so a drift hits both sides alike.
    for (const round of [1, 2]) {
      suite.add(`raw calculator loop (pool, batches of 250) #${round}`, deferred(measured('raw', raw)));
      suite.add(`hayate recalc phase 1, SQLite + in-process queue #${round}`, deferred(measured('recalc', recalc(memory, { scores: 'bench.scores', users: 'bench.users' }))));
    }
    if (AMQP_URL) {
      const amqp = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: `hayate-bench-recalc-${process.pid}` });
      brokers.push(amqp);
      const q = { scores: `bench.recalc.scores.${process.pid}`, users: `bench.recalc.users.${process.pid}` };
      suite.add('hayate recalc phase 1, SQLite + RabbitMQ', deferred(recalc(amqp, q)));
      brokers.push({ ...amqp, close: async () => { await amqp.delete(q.scores); await amqp.delete(q.users); } } as QueueBroker);
    }
    const results: Array<{ name: string; hz: number }> = [];
    await new Promise<void>((resolve) => {
      suite
        .on('cycle', (e: Benchmark.Event) => {
          const b = e.target as unknown as Benchmark;
          results.push({ name: String(b.name), hz: b.hz ?? 0 });
          console.log(`${String(b.name)}: ${((b.hz ?? 0) * SCORES).toFixed(0)} scores/s (${(b.hz ?? 0).toFixed(3)} ops/s ±${(b.stats?.rme ?? 0).toFixed(1)}%, ${b.stats?.sample.length ?? 0} samples)`);
        })
        .on('complete', () => resolve())
        .run({ async: true });
    });
    const sum = (prefix: string): number => results.filter((r) => r.name.startsWith(prefix)).reduce((a, r) => a + r.hz, 0);
    const base = sum('raw');
    console.log(`\n${SCORES} scores on ${maps.length} maps, ${THREADS} pool threads; against the raw calculator loop (sum of rounds):`);
    console.log(`  recalc, in-process queue: ${((sum('hayate recalc phase 1, SQLite + in-process') / base) * 100).toFixed(1)} % (goal ≥ 90 %)`);
    for (const [name, b] of busy) console.log(`  main thread busy per op (${name}): ${(b.ms / b.ops).toFixed(0)} ms = ${((b.ms / b.ops / SCORES) * 1000).toFixed(1)} µs/score`);
    if (AMQP_URL) console.log(`  recalc, RabbitMQ (one round, vs the mean raw round): ${((sum('hayate recalc phase 1, SQLite + RabbitMQ') / (base / 2)) * 100).toFixed(1)} %`);
  } finally {
    for (const b of brokers.reverse()) await b.close().catch(() => {});
    await pool.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
