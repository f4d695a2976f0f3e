import { eventBusContract } from '../../../ports/events.contract.js';
import { MemoryEventBus } from '../memory/memory-events.js';
import { createLogger } from '../../../log.js';

eventBusContract('memory', {
  create: async () => new MemoryEventBus({ logger: createLogger('silent') }),
  peer: async (first) => first,
});
