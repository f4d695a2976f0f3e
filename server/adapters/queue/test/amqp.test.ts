import { queueBrokerContract } from '../../../ports/queue.contract.js';
import { AMQP_URL, uniqueName } from '../../../test/support/services.js';
import { AmqpQueueBroker } from '../amqp/amqp-queue-broker.js';

queueBrokerContract('amqp', {
  open: () => AmqpQueueBroker.connect(AMQP_URL, { connectionName: uniqueName('hayate_contract') }),
  queueName: (label) => uniqueName(`hq_${label}`),
});
