/**
 * The scaling group on the in-process broker: a burst grows it to max, an empty queue shrinks it
 * back to min, every message is handled once, and stop() is graceful.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryQueueBroker } from '../../../adapters/queue/memory/memory-queue-broker.js';
import { waitFor } from '../../../ports/queue.contract.js';
import { PoisonMessageError } from '../../../ports/queue.js';
import { ScalingConsumerGroup } from '../scaling-consumer-group.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ScalingConsumerGroup (memory broker)', () => {
  const broker = new MemoryQueueBroker();
  after(() => broker.close());

  test('a burst grows the group to max, an empty queue shrinks it back to min', async () => {
    await broker.declare('burst', { retryDelaysMs: [10] });
    const counts = new Map<string, number>();
    let maxSeen = 0;
    const group = new ScalingConsumerGroup({
      broker,
      queue: 'burst',
      min: 1,
      max: 4,
      prefetch: 2,
      sampleEveryMs: 10,
      handler: async (m) => {
        const id = m.body.toString();
        counts.set(id, (counts.get(id) ?? 0) + 1);
        await sleep(4);
      },
    });
    await group.start();
    assert.equal(group.stats().consumers, 1);
    const n = 600;
    for (let i = 0; i < n; i++) await broker.publish('burst', Buffer.from(`b${i}`));
    await waitFor('grown to max', () => {
      maxSeen = Math.max(maxSeen, group.stats().consumers);
      return group.stats().consumers === 4;
    });
    await waitFor('all handled', () => group.stats().processed === n, 20_000);
    await waitFor('shrunk to min', () => group.stats().consumers === 1, 10_000);
    await waitFor('holding at min', () => group.stats().lastDecision?.reason === 'at-min');
    const stats = group.stats();
    await group.stop();
    assert.equal(stats.peakConsumers, 4, 'never above max');
    assert.equal(counts.size, n);
    assert.ok([...counts.values()].every((v) => v === 1));
    assert.equal(stats.failed, 0);
    assert.equal(stats.depth, 0);
    assert.equal(stats.lastDecision?.reason, 'at-min');
  });

  test('a saturated pool keeps the group from growing', async () => {
    await broker.declare('saturated', { retryDelaysMs: [10] });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const group = new ScalingConsumerGroup({
      broker,
      queue: 'saturated',
      min: 1,
      max: 4,
      prefetch: 1,
      sampleEveryMs: 10,
      utilisation: () => 1,
      handler: () => gate,
    });
    await group.start();
    for (let i = 0; i < 50; i++) await broker.publish('saturated', Buffer.from(String(i)));
    await waitFor('several samples with a backlog', () => group.stats().lastDecision?.reason === 'pool-saturated');
    await sleep(60);
    assert.equal(group.stats().consumers, 1);
    release();
    await group.stop();
    await broker.delete('saturated');
  });

  test('counts failures, retries and dead letters; stop waits for in-flight work', async () => {
    await broker.declare('failing', { retryDelaysMs: [10] });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let slowDone = false;
    const group = new ScalingConsumerGroup({
      broker,
      queue: 'failing',
      min: 2,
      max: 2,
      prefetch: 1,
      sampleEveryMs: 10,
      handler: async (m) => {
        const kind = m.body.toString();
        if (kind === 'poison') throw new PoisonMessageError('bad');
        if (kind === 'flaky' && m.attempt === 1) throw new Error('flaky');
        if (kind === 'slow') {
          await gate;
          slowDone = true;
        }
      },
    });
    await group.start();
    for (const k of ['poison', 'flaky', 'ok']) await broker.publish('failing', Buffer.from(k));
    await waitFor('settled', () => group.stats().processed === 2 && group.stats().deadLettered === 1);
    const s = group.stats();
    assert.equal(s.failed, 2);
    assert.equal(s.retried, 1);
    assert.equal((await broker.takeDeadLetters('failing', 5)).length, 1);
    await broker.publish('failing', Buffer.from('slow'));
    await waitFor('slow in flight', () => group.stats().inFlight === 1);
    let stopped = false;
    const stopping = group.stop().then(() => (stopped = true));
    await sleep(30);
    assert.equal(stopped, false);
    release();
    await stopping;
    assert.equal(slowDone, true);
    assert.equal(group.stats().consumers, 0);
  });

  test('bad bounds are rejected at construction', () => {
    const handler = async () => {};
    assert.throws(() => new ScalingConsumerGroup({ broker, queue: 'x', handler, min: 0, max: 2, prefetch: 1, sampleEveryMs: 10 }), RangeError);
    assert.throws(() => new ScalingConsumerGroup({ broker, queue: 'x', handler, min: 3, max: 2, prefetch: 1, sampleEveryMs: 10 }), RangeError);
  });
});
