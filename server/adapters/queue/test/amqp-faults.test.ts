/**
 * RabbitMQ adapter under connection faults: the broker closing a consumer's or a publisher's
 * connection mid-run, and a full outage (through a TCP proxy the test cuts and restores).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../../ports/queue.contract.js';
import { QueueError } from '../../../ports/queue.js';
import type { QueueMessage } from '../../../ports/queue.js';
import { AMQP_URL, uniqueName } from '../../../test/support/services.js';
import { AmqpQueueBroker } from '../amqp/amqp-queue-broker.js';
import { closeRabbitConnection } from './support/rabbitmq-connections.js';
import { TcpProxy } from './support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AMQP queue broker under connection faults', () => {
  let admin: AmqpQueueBroker;
  const queues: string[] = [];

  before(async () => {
    admin = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_fault_admin') });
  });
  after(async () => {
    for (const q of queues) await admin.delete(q).catch(() => {});
    await admin.close();
  });

  async function queue(label: string): Promise<string> {
    const q = uniqueName(`hqf_${label}`);
    queues.push(q);
    await admin.declare(q, { retryDelaysMs: [50] });
    return q;
  }

  test('a consumer whose connection is killed loses nothing and resumes; only in-flight messages repeat, flagged redelivered', async () => {
    const q = await queue('consumer');
    const name = uniqueName('hayate_fault_consumer');
    const consumerBroker = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: name });
    await consumerBroker.declare(q, { retryDelaysMs: [50] });
    const n = 200;
    const prefetch = 8;
    await Promise.all(Array.from({ length: n }, (_, i) => admin.publish(q, Buffer.from(`id${i}`))));

    const deliveries = new Map<string, QueueMessage[]>();
    let handled = 0;
    // After 40 messages the handlers hold until the connection is gone, so a full prefetch window
    // is in flight at the kill, whatever the speed of rabbitmqctl.
    let releaseHeld!: () => void;
    const held = new Promise<void>((r) => (releaseHeld = r));
    let holding = 0;
    const consumer = await consumerBroker.consume(
      q,
      async (m) => {
        const id = m.body.toString();
        deliveries.set(id, [...(deliveries.get(id) ?? []), m]);
        if (handled >= 40) {
          holding++;
          await held;
        }
        await sleep(1);
        handled++;
      },
      { prefetch },
    );
    await waitFor('a full window held', () => holding === prefetch);
    assert.equal(await closeRabbitConnection(name), 1, 'the consumer connection was found and closed');
    releaseHeld();
    const handledAtKill = handled + prefetch;
    await waitFor('every message handled', () => deliveries.size === n, 20_000);
    await waitFor('queue drained', async () => (await admin.depth(q)) === 0);
    await consumer.stop();
    await consumerBroker.close();

    assert.ok(handled > handledAtKill, 'the consumer resumed after the reconnect');
    const repeated = [...deliveries].filter(([, ds]) => ds.length > 1);
    assert.ok(repeated.length <= prefetch, `at most one prefetch window repeats, got ${repeated.length}`);
    assert.ok(repeated.length > 0, 'the messages in flight at the kill were redelivered');
    for (const [id, ds] of repeated) {
      assert.equal(ds.length, 2, `${id} delivered ${ds.length} times`);
      assert.equal(ds[1]!.redelivered, true, `${id}'s second delivery is flagged redelivered`);
    }
    for (const [, ds] of deliveries) {
      if (ds.length === 1) assert.equal(ds[0]!.attempt, 1);
    }
  });

  test('a publisher whose connection is killed mid-stream never loses a confirmed message', async () => {
    const q = await queue('publisher');
    const name = uniqueName('hayate_fault_publisher');
    const pub = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: name, operationTimeoutMs: 5000 });
    await pub.declare(q, { retryDelaysMs: [50] });
    const confirmed = new Set<string>();
    const rejected: unknown[] = [];
    const inflight: Promise<void>[] = [];
    // Publish steadily; the kill lands mid-stream (rabbitmqctl takes a few hundred ms) and the
    // stream goes on for 100 more messages once it is done.
    let kill: Promise<number> | null = null;
    let killedAt = -1;
    let i = 0;
    for (; killedAt < 0 || i < killedAt + 100; i++) {
      const id = `p${i}`;
      inflight.push(
        pub.publish(q, Buffer.from(id)).then(
          () => void confirmed.add(id),
          (err: unknown) => void rejected.push(err),
        ),
      );
      if (i === 50) kill = closeRabbitConnection(name).then((count) => ((killedAt = i), count));
      if (i % 4 === 0) await sleep(5);
    }
    const n = i;
    await Promise.all(inflight);
    await pub.close();
    assert.equal(await kill, 1, 'the publisher connection was found and closed');
    for (const err of rejected) assert.ok(err instanceof QueueError, `rejections are QueueError: ${String(err)}`);
    assert.equal(confirmed.size + rejected.length, n, 'every publish settled');
    assert.ok(confirmed.has(`p${n - 1}`), 'publishing resumed after the reconnect');

    const seen = new Set<string>();
    const c = await admin.consume(q, async (m) => void seen.add(m.body.toString()), { prefetch: 50 });
    await waitFor('confirmed messages consumed', () => [...confirmed].every((id) => seen.has(id)), 20_000);
    await c.stop();
  });

  test('during an outage publish and depth reject with QueueError after the bounded wait; after it, everything resumes', async () => {
    const q = await queue('outage');
    const target = new URL(AMQP_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5672));
    await proxy.start();
    const viaProxy = new URL(AMQP_URL);
    viaProxy.port = String(proxy.port);
    const broker = await AmqpQueueBroker.connect(viaProxy.toString(), {
      connectionName: uniqueName('hayate_fault_outage'),
      operationTimeoutMs: 300,
      reconnectDelayMs: { initial: 20, max: 100 },
    });
    try {
      await broker.declare(q, { retryDelaysMs: [50] });
      const got: string[] = [];
      const consumer = await broker.consume(q, async (m) => void got.push(m.body.toString()), { prefetch: 2 });
      await broker.publish(q, Buffer.from('before'));
      await waitFor('before delivered', () => got.includes('before'));

      await proxy.outage();
      await assert.rejects(broker.publish(q, Buffer.from('during')), (err: unknown) => {
        assert.ok(err instanceof QueueError);
        assert.match(err.message, /unreachable|not confirmed/);
        return true;
      });
      await assert.rejects(broker.depth(q), QueueError);
      // Another process keeps publishing while this one is cut off.
      await admin.publish(q, Buffer.from('while-cut-off'));

      await proxy.start();
      await waitFor('reconnected publish', async () => {
        try {
          await broker.publish(q, Buffer.from('after'));
          return true;
        } catch {
          return false;
        }
      });
      await waitFor('consumer resumed', () => got.includes('after') && got.includes('while-cut-off'), 10_000);
      await consumer.stop();
      assert.equal(got.includes('during'), false, 'a rejected publish was not stored');
    } finally {
      await broker.close();
      await proxy.stop();
    }
  });

  test('an unreachable broker at start is a QueueError, not a hang', async () => {
    await assert.rejects(AmqpQueueBroker.connect('amqp://guest:guest@127.0.0.1:1'), QueueError);
  });
});
