import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueError } from '../../../ports/queue.js';
import { queueBrokerContract } from '../../../ports/queue.contract.js';
import { AMQP_URL, uniqueName } from '../../../test/support/services.js';
import { AmqpQueueBroker } from '../amqp/amqp-queue-broker.js';

queueBrokerContract('amqp', {
  open: () => AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_contract') }),
  queueName: (label) => uniqueName(`hq_${label}`),
});

test('amqp: a publish the broker cannot route (queue deleted elsewhere) rejects instead of vanishing', async () => {
  const a = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_unroutable_a') });
  const b = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_unroutable_b') });
  try {
    const q = uniqueName('hq_unroutable');
    await a.declare(q, { retryDelaysMs: [10] });
    await b.declare(q, { retryDelaysMs: [10] });
    await b.delete(q);
    await assert.rejects(a.publish(q, Buffer.from('lost?')), (err: unknown) => {
      assert.ok(err instanceof QueueError);
      assert.match(err.message, /does not exist/);
      return true;
    });
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
