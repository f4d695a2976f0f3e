import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openEventBus, openLeaderboards, openLiveState } from '../open-state.js';
import { MemoryLiveState } from '../memory/memory-state.js';
import { RedisLiveState } from '../redis/redis-state.js';
import { MemoryLeaderboards } from '../../leaderboards/memory/memory-leaderboards.js';
import { RedisLeaderboards } from '../../leaderboards/redis/redis-leaderboards.js';
import { MemoryEventBus } from '../../events/memory/memory-events.js';
import { RedisEventBus } from '../../events/redis/redis-events.js';
import { StateError } from '../../../ports/state.js';
import { REDIS_URL, uniqueName } from '../../../test/support/services.js';
import { createLogger } from '../../../log.js';
import { deleteKeys } from './redis-support.js';
import { makeSession } from '../../../ports/state.contract.js';

const prefix = `${uniqueName('hayate_test')}:`;
const logger = createLogger('silent');
after(async () => {
  await deleteKeys(prefix);
});

test('open-state: no REDIS_URL → in-process adapters', async () => {
  const state = await openLiveState({ redisUrl: undefined });
  const boards = await openLeaderboards({ redisUrl: undefined });
  const events = await openEventBus({ redisUrl: undefined });
  assert.ok(state instanceof MemoryLiveState);
  assert.ok(boards instanceof MemoryLeaderboards);
  assert.ok(events instanceof MemoryEventBus);
  await state.close();
  await boards.close?.();
  await events.close();
});

test('open-state: REDIS_URL → Redis adapters honouring keyPrefix', async () => {
  const opts = { keyPrefix: prefix, logger };
  const state = await openLiveState({ redisUrl: REDIS_URL, sessionIdleSeconds: 60 }, opts);
  const boards = await openLeaderboards({ redisUrl: REDIS_URL }, opts);
  const events = await openEventBus({ redisUrl: REDIS_URL }, opts);
  try {
    assert.ok(state instanceof RedisLiveState);
    assert.ok(boards instanceof RedisLeaderboards);
    assert.ok(events instanceof RedisEventBus);
    const s = makeSession(1);
    await state.createSession(s);
    const ttl = await state.redis.pttl(`${prefix}hayate:session:${s.token}`);
    assert.ok(ttl > 60_000 && ttl <= 240_000, `safety-net ttl ${ttl} is 4 × the idle timeout`);
    await boards.set('vanilla', 0, 'DE', 5, 10);
    assert.equal(await state.redis.zscore(`${prefix}ripple:leaderboard:std:de`, '5'), '10');
  } finally {
    await state.close();
    await boards.close?.();
    await events.close();
  }
});

test('open-state: an unreachable Redis fails start-up with StateError', async () => {
  await assert.rejects(openLiveState({ redisUrl: 'redis://127.0.0.1:1' }, { logger }), StateError);
});
