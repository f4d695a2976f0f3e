/**
 * Queue throughput: publish N messages and consume them all (no-op handler), in-process broker vs
 * RabbitMQ, measured side by side in one run with the `benchmark` package. ops/s are messages/s.
 * RabbitMQ publishes are persistent and publisher-confirmed; consumption acks one by one.
 *
 *   node dist/bench/queue.bench.js   (BENCH_N, BENCH_PREFETCH, AMQP_URL to override)
 */
import Benchmark from 'benchmark';
import { randomBytes } from 'node:crypto';
import { AmqpQueueBroker } from '../server/adapters/queue/amqp/amqp-queue-broker.js';
import { MemoryQueueBroker } from '../server/adapters/queue/memory/memory-queue-broker.js';
import type { QueueBroker } from '../server/ports/queue.js';
import { deferred as deferredOf } from './support/deferred.js';

const N = Number(process.env.BENCH_N ?? 2000);
const PREFETCH = Number(process.env.BENCH_PREFETCH ?? 50);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
// 8 bytes, like a rework_queue message (user id, rework id).
const BODY = Buffer.alloc(8);

interface Rig {
  broker: QueueBroker;
  queue: string;
  handled: number;
  waiter: (() => void) | null;
  target: number;
}

async function rig(broker: QueueBroker): Promise<Rig> {
  const queue = `bench_queue_${process.pid}_${randomBytes(3).toString('hex')}`;
  await broker.declare(queue, { retryDelaysMs: [100] });
  const r: Rig = { broker, queue, handled: 0, waiter: null, target: 0 };
  await broker.consume(
    queue,
    async () => {
      if (++r.handled >= r.target && r.waiter) {
        const w = r.waiter;
        r.waiter = null;
        w();
      }
    },
    { prefetch: PREFETCH },
  );
  return r;
}

/** Publishes N (all at once or one after another) and resolves when all N were handled. */
async function round(r: Rig, sequential: boolean): Promise<void> {
  r.target = r.handled + N;
  const done = new Promise<void>((resolve) => (r.waiter = resolve));
  if (sequential) for (let i = 0; i < N; i++) await r.broker.publish(r.queue, BODY, { i });
  else await Promise.all(Array.from({ length: N }, (_, i) => r.broker.publish(r.queue, BODY, { i })));
  await done;
}

const deferred = (fn: () => Promise<unknown>) => deferredOf(fn, { minSamples: 5, maxTime: 4 });

const memory = await rig(new MemoryQueueBroker());
const amqp = await rig(await AmqpQueueBroker.connect(AMQP_URL, { connectionName: 'hayate-bench' }));
console.log(`queue bench: N=${N} messages per op, consumer prefetch ${PREFETCH}, ${BODY.length}-byte bodies`);
await round(memory, false);
await round(amqp, false);

const hz = new Map<string, number>();
await new Promise<void>((resolve) => {
  new Benchmark.Suite()
    .add('memory: publish all, consume', deferred(() => round(memory, false)))
    .add('amqp: publish all (confirmed), consume', deferred(() => round(amqp, false)))
    .add('amqp: publish one by one (await confirm), consume', deferred(() => round(amqp, true)))
    .on('cycle', (e: Benchmark.Event) => {
      const b = e.target as unknown as Benchmark;
      hz.set(String(b.name), (b.hz ?? 0) * N);
      console.log(`  ${String(b.name).padEnd(52)} ${((b.hz ?? 0) * N).toFixed(0).padStart(9)} msgs/s  ±${(b.stats?.rme ?? 0).toFixed(1)}%  (${b.stats?.sample.length} runs)`);
    })
    .on('complete', () => resolve())
    .run({ async: true });
});
const m = hz.get('memory: publish all, consume')!;
const a = hz.get('amqp: publish all (confirmed), consume')!;
const s = hz.get('amqp: publish one by one (await confirm), consume')!;
console.log(`  => memory / amqp: ${(m / a).toFixed(1)}x; amqp concurrent / one by one: ${(a / s).toFixed(1)}x`);

for (const r of [memory, amqp]) {
  await r.broker.delete(r.queue);
  await r.broker.close();
}
