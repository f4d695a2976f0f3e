/**
 * The compatibility consumer on RabbitMQ: a `rework_queue` declared the way Akatsuki declares it
 * (non-durable, no arguments) is used as it is (passive check), Akatsuki-layout bodies are
 * consumed, a malformed body is rejected without blocking the queue, and a missing queue is
 * declared Akatsuki's way. Unique queue names stand in for `rework_queue`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { AMQP_URL, uniqueName } from '../../test/support/services.js';
import { AmqpQueueBroker } from '../../adapters/queue/amqp/amqp-queue-broker.js';
import { encodeReworkRequest, type ReworkQueueRequest } from '../messages.js';
import { AmqpReworkTransport } from '../reworks/rework-queue.js';

describe('rework_queue on RabbitMQ (Akatsuki-compatible)', () => {
  let conn: ChannelModel;
  let ch: Channel;
  const names: string[] = [];

  before(async () => {
    conn = await amqp.connect(AMQP_URL);
    ch = await conn.createChannel();
  });

  after(async () => {
    for (const n of names) await ch.deleteQueue(n).catch(() => {});
    await conn.close();
  });

  test('an Akatsuki-declared queue: the port cannot declare it durable, the transport uses it as is', async () => {
    const queue = uniqueName('rework_queue');
    names.push(queue);
    await ch.assertQueue(queue, { durable: false });

    // Why the transport exists: a durable declare of the same name is refused by the broker.
    const broker = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_rework_port') });
    try {
      await assert.rejects(broker.declare(queue), /PRECONDITION_FAILED|inequivalent/i);
    } finally {
      await broker.close();
    }

    const transport = await AmqpReworkTransport.connect(AMQP_URL, { queue });
    const got: ReworkQueueRequest[] = [];
    const consumer = await transport.consume(async (r) => void got.push(r), { prefetch: 2 });
    try {
      // An Akatsuki producer: raw 8-byte bodies with default properties; plus one malformed body.
      ch.sendToQueue(queue, encodeReworkRequest({ userId: 1000, reworkId: 19 }));
      ch.sendToQueue(queue, Buffer.from([1, 2, 3]));
      await transport.publish({ userId: 1001, reworkId: 19 });
      for (let i = 0; i < 200 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      assert.deepEqual(
        got.sort((a, b) => a.userId - b.userId),
        [
          { userId: 1000, reworkId: 19 },
          { userId: 1001, reworkId: 19 },
        ],
      );
      const q = await ch.checkQueue(queue);
      assert.equal(q.messageCount, 0, 'the malformed message was rejected, not left blocking');
    } finally {
      await consumer.stop();
      await transport.close();
    }
  });

  test('a missing queue is declared non-durable, as Akatsuki would', async () => {
    const queue = uniqueName('rework_queue');
    names.push(queue);
    const transport = await AmqpReworkTransport.connect(AMQP_URL, { queue });
    try {
      await transport.publish({ userId: 5, reworkId: 6 });
      // Akatsuki's own declaration (durable false, no args) must now be accepted as equivalent.
      const side = await conn.createChannel();
      const ok = await side.assertQueue(queue, { durable: false });
      assert.equal(ok.queue, queue);
      await side.close();
    } finally {
      await transport.close();
    }
  });
});
