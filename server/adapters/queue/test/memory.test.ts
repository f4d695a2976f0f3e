import { queueBrokerContract } from '../../../ports/queue.contract.js';
import { uniqueName } from '../../../test/support/services.js';
import { MemoryQueueBroker } from '../memory/memory-queue-broker.js';

queueBrokerContract('memory', {
  open: async () => new MemoryQueueBroker(),
  queueName: (label) => uniqueName(`hq_${label}`),
});
