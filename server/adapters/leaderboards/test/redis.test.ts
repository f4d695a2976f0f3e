import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { leaderboardsContract } from '../../../ports/leaderboards.contract.js';
import { RedisLeaderboards } from '../redis/redis-leaderboards.js';
import { REDIS_URL, uniqueName } from '../../../test/support/services.js';
import { createLogger } from '../../../log.js';
import { deleteKeys, eventually, killConnections } from '../../state/test/redis-support.js';

const prefix = `${uniqueName('hayate_test')}:`;
const logger = createLogger('silent');
after(async () => {
  await deleteKeys(prefix);
});

leaderboardsContract('redis', {
  create: async () => {
    const b = new RedisLeaderboards({ url: REDIS_URL, keyPrefix: `${prefix}${uniqueName('lb')}:`, logger });
    await b.ready();
    return b;
  },
});

test('with an empty prefix the keys are exactly Akatsuki’s (ripple:leaderboard:std, ripple:relaxboard:taiko:ca)', async () => {
  // Real production names; a user id no real board uses, removed again at the end.
  const userId = 2_000_000_000 + (process.pid % 100_000);
  const boards = new RedisLeaderboards({ url: REDIS_URL, keyPrefix: '', logger });
  await boards.ready();
  const admin = new Redis(REDIS_URL);
  try {
    await boards.set('vanilla', 0, 'US', userId, 123.5);
    await boards.set('relax', 1, 'CA', userId, 456.25);
    assert.equal(await admin.zscore('ripple:leaderboard:std', String(userId)), '123.5');
    assert.equal(await admin.zscore('ripple:leaderboard:std:us', String(userId)), '123.5');
    assert.equal(await admin.zscore('ripple:relaxboard:taiko', String(userId)), '456.25');
    assert.equal(await admin.zscore('ripple:relaxboard:taiko:ca', String(userId)), '456.25');
    await boards.removeEverywhere(userId, 'US');
    await boards.removeEverywhere(userId, 'CA');
    assert.equal(await admin.zscore('ripple:leaderboard:std', String(userId)), null);
    assert.equal(await admin.zscore('ripple:relaxboard:taiko:ca', String(userId)), null);
  } finally {
    await boards.removeEverywhere(userId, 'US').catch(() => {});
    await boards.removeEverywhere(userId, 'CA').catch(() => {});
    admin.disconnect();
    await boards.close();
  }
});

test('redis leaderboards: a killed connection reconnects and the data is intact', async () => {
  const name = uniqueName('hayate_lb');
  const boards = new RedisLeaderboards({ url: REDIS_URL, keyPrefix: `${prefix}fault:`, logger, connectionName: name });
  await boards.ready();
  const admin = new Redis(REDIS_URL);
  try {
    await boards.set('vanilla', 0, 'NL', 1, 50);
    const killed = await killConnections(admin, name);
    assert.equal(killed, 1);
    const rank = await eventually(() => boards.rank({ playstyle: 'vanilla', mode: 0, country: 'NL' }, 1));
    assert.equal(rank, 1);
  } finally {
    admin.disconnect();
    await boards.close();
  }
});
