import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventBusContract } from '../../../ports/events.contract.js';
import { MemoryEventBus } from '../memory/memory-events.js';
import { createLogger } from '../../../log.js';

eventBusContract('memory', {
  create: async () => new MemoryEventBus({ logger: createLogger('silent') }),
  peer: async (first) => first,
});

test('memory events: a failing handler is logged with its channel', async () => {
  const logged: Array<{ msg: string; fields: Record<string, unknown> | undefined }> = [];
  const capture = { ...createLogger('silent'), error: (msg: string, fields?: Record<string, unknown>) => logged.push({ msg, fields }) };
  const bus = new MemoryEventBus({ logger: capture });
  await bus.subscribe('peppy:wipe', () => {
    throw new Error('bad handler');
  });
  await bus.publish('peppy:wipe', '1,0,0');
  await new Promise((r) => setImmediate(r));
  assert.equal(logged.length, 1);
  assert.equal(logged[0]?.fields?.['channel'], 'peppy:wipe');
  assert.match(String((logged[0]?.fields?.['err'] as Error).message), /bad handler/);
  await bus.close();
});
