import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AMQP_URL } from '../../../test/support/services.js';
import { QueueError } from '../../../ports/queue.js';
import { AmqpQueueBroker } from '../amqp/amqp-queue-broker.js';
import { MemoryQueueBroker } from '../memory/memory-queue-broker.js';
import { openQueue } from '../open-queue.js';

test('openQueue: no AMQP_URL gives the in-process broker', async () => {
  const q = await openQueue({ amqpUrl: undefined });
  assert.ok(q instanceof MemoryQueueBroker);
  await q.close();
});

test('openQueue: an amqp:// URL gives the RabbitMQ broker', async () => {
  const q = await openQueue({ amqpUrl: AMQP_URL });
  assert.ok(q instanceof AmqpQueueBroker);
  await q.close();
});

test('openQueue: an unreachable RabbitMQ fails with QueueError', async () => {
  await assert.rejects(openQueue({ amqpUrl: 'amqp://guest:guest@127.0.0.1:1' }), QueueError);
});
