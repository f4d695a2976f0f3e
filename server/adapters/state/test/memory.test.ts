import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveStateContract, makeSession } from '../../../ports/state.contract.js';
import { MemoryLiveState } from '../memory/memory-state.js';
import { StateError } from '../../../ports/state.js';

liveStateContract('memory', {
  create: async (options) => new MemoryLiveState(options?.maxQueueBytes !== undefined ? { maxQueueBytes: options.maxQueueBytes } : {}),
  peer: async (first) => first,
});

test('memory: fan-out shares one Buffer and a single-chunk drain returns it without copying', async () => {
  const state = new MemoryLiveState();
  const a = makeSession(1);
  const b = makeSession(2);
  await state.createSession(a);
  await state.createSession(b);
  await state.subscribe(a.token, 's');
  await state.subscribe(b.token, 's');
  const payload = Buffer.from('shared');
  await state.publish('s', payload);
  assert.equal(await state.drain(a.token), payload);
  assert.equal(await state.drain(b.token), payload);
  await state.close();
});

test('memory: lagging sessions report dropped bytes; closed state rejects with StateError', async () => {
  const state = new MemoryLiveState({ maxQueueBytes: 10 });
  const a = makeSession(1);
  await state.createSession(a);
  for (let i = 0; i < 5; i++) await state.send(a.token, Buffer.alloc(4, i));
  assert.equal(await state.droppedBytes(a.token), 12);
  assert.deepEqual([...(await state.drain(a.token))], [3, 3, 3, 3, 4, 4, 4, 4]);
  assert.equal(await state.droppedBytes(a.token), 0);
  await state.close();
  await assert.rejects(state.getSession(a.token), StateError);
});
