/**
 * The behaviour every `QueueBroker` must show, run against each implementation by its test file
 * (memory, RabbitMQ). Retry delays are kept short so the suite stays fast.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PoisonMessageError, QueueError } from './queue.js';
import type { QueueBroker, QueueMessage } from './queue.js';

export interface QueueContractTarget {
  /** A fresh broker; the suite closes it. */
  open(): Promise<QueueBroker>;
  /** Unique queue name for one test. */
  queueName(label: string): string;
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function queueBrokerContract(name: string, target: QueueContractTarget): void {
  describe(`QueueBroker contract: ${name}`, () => {
    let broker: QueueBroker;
    const created: string[] = [];

    before(async () => {
      broker = await target.open();
    });
    after(async () => {
      for (const q of created) await broker.delete(q).catch(() => {});
      await broker.close();
    });

    async function fresh(label: string, retryDelaysMs: readonly number[] = [50, 100]): Promise<string> {
      const q = target.queueName(label);
      created.push(q);
      await broker.declare(q, { retryDelaysMs });
      return q;
    }

    test('publish then consume delivers body, headers and attempt 1', async () => {
      const q = await fresh('basic');
      await broker.publish(q, Buffer.from('hello'), { id: 'a1', n: 42, flag: true });
      const got: QueueMessage[] = [];
      const c = await broker.consume(q, async (m) => void got.push(m), { prefetch: 1 });
      await waitFor('delivery', () => got.length === 1);
      await c.stop();
      const m = got[0]!;
      assert.equal(m.body.toString(), 'hello');
      assert.deepEqual({ ...m.headers }, { id: 'a1', n: 42, flag: true });
      assert.equal(m.attempt, 1);
      assert.equal(m.redelivered, false);
      assert.equal(await broker.depth(q), 0);
    });

    test('publish and consume on an undeclared queue, bad prefetch and bad names reject with QueueError', async () => {
      const q = target.queueName('undeclared');
      await assert.rejects(broker.publish(q, Buffer.from('x')), QueueError);
      await assert.rejects(broker.consume(q, async () => {}, { prefetch: 1 }), QueueError);
      const ok = await fresh('badprefetch');
      await assert.rejects(broker.consume(ok, async () => {}, { prefetch: 0 }), QueueError);
      await assert.rejects(broker.declare('bad name with spaces'), QueueError);
      await assert.rejects(broker.declare(target.queueName('baddelay'), { retryDelaysMs: [-1] }), QueueError);
    });

    test('prefetch bounds the handlers running at once', async () => {
      const q = await fresh('prefetch');
      for (let i = 0; i < 20; i++) await broker.publish(q, Buffer.from(String(i)));
      let running = 0;
      let peak = 0;
      let done = 0;
      const c = await broker.consume(
        q,
        async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(15);
          running--;
          done++;
        },
        { prefetch: 3 },
      );
      await waitFor('all 20 handled', () => done === 20);
      await c.stop();
      assert.equal(peak, 3);
    });

    test('a failing handler is retried with backoff and then succeeds', async () => {
      const q = await fresh('retry');
      await broker.publish(q, Buffer.from('job'), { id: 'r1' });
      const seen: { attempt: number; at: number; id: unknown }[] = [];
      const outcomes: string[] = [];
      const c = await broker.consume(
        q,
        async (m) => {
          seen.push({ attempt: m.attempt, at: Date.now(), id: m.headers.id });
          if (m.attempt < 3) throw new Error(`transient ${m.attempt}`);
        },
        { prefetch: 1, onOutcome: (o) => outcomes.push(o) },
      );
      await waitFor('third attempt acked', () => outcomes.includes('acked'));
      await c.stop();
      assert.deepEqual(seen.map((s) => s.attempt), [1, 2, 3]);
      assert.deepEqual(seen.map((s) => s.id), ['r1', 'r1', 'r1'], 'headers survive retries');
      assert.deepEqual(outcomes, ['retry', 'retry', 'acked']);
      // The delays are lower bounds by construction (a TTL never expires early).
      assert.ok(seen[1]!.at - seen[0]!.at >= 45, `first backoff ${seen[1]!.at - seen[0]!.at} ms`);
      assert.ok(seen[2]!.at - seen[1]!.at >= 95, `second backoff ${seen[2]!.at - seen[1]!.at} ms`);
      assert.deepEqual(await broker.takeDeadLetters(q, 10), []);
    });

    test('exhausted retries dead-letter the message with the reason and attempt count', async () => {
      const q = await fresh('exhaust');
      await broker.publish(q, Buffer.from('doomed'), { id: 'd1' });
      let calls = 0;
      const c = await broker.consume(
        q,
        async () => {
          calls++;
          throw new Error('database unavailable');
        },
        { prefetch: 1 },
      );
      const dead: Awaited<ReturnType<QueueBroker['takeDeadLetters']>> = [];
      await waitFor('dead letter', async () => {
        dead.push(...(await broker.takeDeadLetters(q, 10)));
        return dead.length > 0;
      });
      await c.stop();
      assert.equal(calls, 3, 'one delivery plus one retry per delay');
      assert.equal(dead.length, 1);
      assert.equal(dead[0]!.body.toString(), 'doomed');
      assert.equal(dead[0]!.headers.id, 'd1');
      assert.equal(dead[0]!.attempts, 3);
      assert.match(dead[0]!.reason, /database unavailable/);
      assert.match(dead[0]!.reason, /exhausted/);
      assert.deepEqual(await broker.takeDeadLetters(q, 10), [], 'taking removes them');
    });

    test('PoisonMessageError dead-letters at once', async () => {
      const q = await fresh('poison');
      await broker.publish(q, Buffer.from('{bad json'));
      let calls = 0;
      const outcomes: string[] = [];
      const c = await broker.consume(
        q,
        async () => {
          calls++;
          throw new PoisonMessageError('body is not JSON');
        },
        { prefetch: 1, onOutcome: (o) => outcomes.push(o) },
      );
      await waitFor('dead outcome', () => outcomes.length === 1);
      await c.stop();
      const dead = await broker.takeDeadLetters(q, 10);
      assert.equal(calls, 1);
      assert.deepEqual(outcomes, ['dead']);
      assert.equal(dead.length, 1);
      assert.equal(dead[0]!.attempts, 1);
      assert.match(dead[0]!.reason, /poison: PoisonMessageError: body is not JSON/);
    });

    test('takeDeadLetters honours its limit', async () => {
      const q = await fresh('deadlimit');
      for (let i = 0; i < 5; i++) await broker.publish(q, Buffer.from(String(i)));
      const outcomes: string[] = [];
      const c = await broker.consume(
        q,
        async () => {
          throw new PoisonMessageError('no');
        },
        { prefetch: 5, onOutcome: (o) => outcomes.push(o) },
      );
      await waitFor('five dead', () => outcomes.length === 5);
      await c.stop();
      const first = await broker.takeDeadLetters(q, 3);
      const rest = await broker.takeDeadLetters(q, 10);
      assert.equal(first.length, 3);
      assert.equal(rest.length, 2);
      assert.deepEqual([...first, ...rest].map((d) => d.body.toString()).sort(), ['0', '1', '2', '3', '4']);
    });

    test('depth counts waiting messages', async () => {
      const q = await fresh('depth');
      assert.equal(await broker.depth(q), 0);
      for (let i = 0; i < 5; i++) await broker.publish(q, Buffer.from(String(i)));
      assert.equal(await broker.depth(q), 5);
      let done = 0;
      const c = await broker.consume(q, async () => void done++, { prefetch: 2 });
      await waitFor('drained', () => done === 5);
      await c.stop();
      assert.equal(await broker.depth(q), 0);
    });

    test('stop waits for in-flight handlers and acknowledges them', async () => {
      const q = await fresh('stop');
      await broker.publish(q, Buffer.from('slow'));
      const gate = deferred();
      let entered = false;
      let finished = false;
      const c = await broker.consume(
        q,
        async () => {
          entered = true;
          await gate.promise;
          finished = true;
        },
        { prefetch: 1 },
      );
      await waitFor('handler entered', () => entered);
      assert.equal(c.inFlight(), 1);
      let stopped = false;
      const stopping = c.stop().then(() => (stopped = true));
      await sleep(30);
      assert.equal(stopped, false, 'stop must wait for the running handler');
      gate.resolve();
      await stopping;
      assert.equal(finished, true);
      assert.equal(c.inFlight(), 0);
      // Acked, not requeued: a new consumer receives nothing.
      let again = 0;
      const c2 = await broker.consume(q, async () => void again++, { prefetch: 1 });
      await sleep(100);
      await c2.stop();
      assert.equal(again, 0);
      assert.equal(await broker.depth(q), 0);
    });

    test('two consumers process many messages exactly once between them', async () => {
      const q = await fresh('share');
      const n = 300;
      const counts = new Map<string, number>();
      const perConsumer = [0, 0];
      const handlerFor = (k: 0 | 1) => async (m: QueueMessage) => {
        const id = m.body.toString();
        counts.set(id, (counts.get(id) ?? 0) + 1);
        perConsumer[k]!++;
        await sleep(1);
      };
      const c0 = await broker.consume(q, handlerFor(0), { prefetch: 4 });
      const c1 = await broker.consume(q, handlerFor(1), { prefetch: 4 });
      await Promise.all(Array.from({ length: n }, (_, i) => broker.publish(q, Buffer.from(`m${i}`))));
      await waitFor('all handled', () => perConsumer[0]! + perConsumer[1]! >= n);
      await sleep(50);
      await Promise.all([c0.stop(), c1.stop()]);
      assert.equal(counts.size, n);
      assert.ok([...counts.values()].every((v) => v === 1), 'no message handled twice');
      assert.ok(perConsumer[0]! > 0 && perConsumer[1]! > 0, `both consumers worked: ${perConsumer.join('/')}`);
    });

    test('a handler that throws synchronously is retried like an async failure', async () => {
      const q = await fresh('syncthrow', [10]);
      await broker.publish(q, Buffer.from('x'));
      const attempts: number[] = [];
      const c = await broker.consume(
        q,
        ((m: QueueMessage) => {
          attempts.push(m.attempt);
          if (m.attempt === 1) throw new Error('sync');
          return Promise.resolve();
        }) as (m: QueueMessage) => Promise<void>,
        { prefetch: 1 },
      );
      await waitFor('second attempt', () => attempts.length === 2);
      await c.stop();
      assert.deepEqual(attempts, [1, 2]);
    });

    test('delete removes the queue: later use is rejected', async () => {
      const q = target.queueName('deleted');
      await broker.declare(q, { retryDelaysMs: [10] });
      await broker.publish(q, Buffer.from('x'));
      await broker.delete(q);
      await assert.rejects(broker.publish(q, Buffer.from('y')), QueueError);
    });
  });
}
