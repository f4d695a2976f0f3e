/**
 * Two scaling groups (as two Hayate processes would run) share one RabbitMQ queue; one group's
 * connection is killed mid-batch. Every message must be handled, and the only repeats are the
 * messages that group had in flight, each flagged `redelivered` on its second delivery — the
 * guarantee idempotent recalc writes build on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AmqpQueueBroker } from '../../../adapters/queue/amqp/amqp-queue-broker.js';
import { closeRabbitConnection } from '../../../adapters/queue/test/support/rabbitmq-connections.js';
import { waitFor } from '../../../ports/queue.contract.js';
import type { QueueMessage } from '../../../ports/queue.js';
import { AMQP_URL, uniqueName } from '../../../test/support/services.js';
import { ScalingConsumerGroup } from '../scaling-consumer-group.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ScalingConsumerGroup on RabbitMQ', () => {
  const queue = uniqueName('hq_group');
  const nameA = uniqueName('hayate_group_a');
  let brokerA: AmqpQueueBroker;
  let brokerB: AmqpQueueBroker;

  before(async () => {
    brokerA = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: nameA });
    brokerB = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_group_b') });
    await brokerA.declare(queue, { retryDelaysMs: [50] });
    await brokerB.declare(queue, { retryDelaysMs: [50] });
  });
  after(async () => {
    await brokerB.delete(queue).catch(() => {});
    await Promise.all([brokerA.close(), brokerB.close()]);
  });

  test('a group killed mid-batch loses nothing; repeats are only its in-flight messages, flagged redelivered', async () => {
    const n = 400;
    const deliveries = new Map<string, { group: 'A' | 'B'; redelivered: boolean }[]>();
    const record = (group: 'A' | 'B', m: QueueMessage) => {
      const id = m.body.toString();
      deliveries.set(id, [...(deliveries.get(id) ?? []), { group, redelivered: m.redelivered === true }]);
    };
    // Group A holds its handlers once it has done some work, until its connection is gone, so a
    // full window (2 consumers × prefetch 3) is in flight at the kill.
    let releaseA!: () => void;
    const heldA = new Promise<void>((r) => (releaseA = r));
    let holdingA = 0;
    let doneA = 0;
    let killed = false;
    const groupA = new ScalingConsumerGroup({
      broker: brokerA,
      queue,
      min: 2,
      max: 2,
      prefetch: 3,
      sampleEveryMs: 20,
      handler: async (m) => {
        record('A', m);
        if (doneA >= 10 && !killed) {
          holdingA++;
          await heldA;
        }
        await sleep(2);
        doneA++;
      },
    });
    const groupB = new ScalingConsumerGroup({
      broker: brokerB,
      queue,
      min: 1,
      max: 3,
      prefetch: 2,
      sampleEveryMs: 20,
      handler: async (m) => {
        record('B', m);
        await sleep(5);
      },
    });
    for (let i = 0; i < n; i++) await brokerB.publish(queue, Buffer.from(`g${i}`));
    await groupA.start();
    await groupB.start();

    await waitFor('group A holds a full window', () => holdingA === 6);
    assert.equal(await closeRabbitConnection(nameA), 1);
    killed = true;
    releaseA();

    await waitFor('every message handled', () => deliveries.size === n, 30_000);
    await waitFor('queue drained', async () => (await brokerB.depth(queue)) === 0 && groupA.stats().inFlight + groupB.stats().inFlight === 0);
    const statsA = groupA.stats();
    await Promise.all([groupA.stop(), groupB.stop()]);

    const repeated = [...deliveries].filter(([, ds]) => ds.length > 1);
    assert.ok(repeated.length > 0 && repeated.length <= 6, `repeats only from A's in-flight window: ${repeated.length}`);
    for (const [id, ds] of repeated) {
      assert.equal(ds.length, 2, `${id}: ${JSON.stringify(ds)}`);
      assert.equal(ds[0]!.group, 'A', `${id} was first handled by the killed group`);
      assert.equal(ds[1]!.redelivered, true, `${id}'s repeat is flagged redelivered`);
    }
    assert.equal(statsA.requeued, repeated.length, "A's lost acks are counted as requeued");
    assert.ok(statsA.processed > 10, 'group A resumed after the reconnect');
    assert.ok(groupB.stats().peakConsumers > 1, 'group B scaled up under the backlog');
  });
});
