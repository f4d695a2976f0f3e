/**
 * The rework key-value store, in process and on Redis (unique key prefix): performance-service's
 * key names, the leaderboard's 1-based rank (0 = absent), sessions with a 2 h TTL.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { REDIS_URL, uniqueName } from '../../test/support/services.js';
import { MemoryReworkKv, RedisReworkKv, SESSION_TTL_SECONDS, type ReworkKv } from '../reworks/rework-kv.js';

const prefix = uniqueName('rkv') + ':';
const admin = new Redis(REDIS_URL);

after(async () => {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
});

function contract(name: string, open: () => Promise<ReworkKv>): void {
  describe(name, () => {
    test('leaderboard: ranks by pp, 0 when absent, remove and clear', async () => {
      const kv = await open();
      try {
        await kv.boardSet(7, 1, 100);
        await kv.boardSet(7, 2, 300);
        await kv.boardSet(7, 3, 200);
        assert.deepEqual([await kv.boardRank(7, 2), await kv.boardRank(7, 3), await kv.boardRank(7, 1)], [1, 2, 3]);
        assert.equal(await kv.boardRank(7, 99), 0);
        assert.equal(await kv.boardRank(8, 1), 0);
        await kv.boardRemove(7, 2);
        assert.equal(await kv.boardRank(7, 3), 1);
        await kv.boardClear(7);
        assert.equal(await kv.boardRank(7, 3), 0);
      } finally {
        await kv.close();
      }
    });

    test('sessions: token → user, user → token, delete removes both', async () => {
      const kv = await open();
      try {
        await kv.sessionPut('tok-1', 42);
        assert.equal(await kv.sessionUser('tok-1'), 42);
        assert.equal(await kv.sessionOf(42), 'tok-1');
        assert.equal(await kv.sessionUser('nope'), undefined);
        await kv.sessionDelete('tok-1');
        assert.equal(await kv.sessionUser('tok-1'), undefined);
        assert.equal(await kv.sessionOf(42), undefined);
      } finally {
        await kv.close();
      }
    });
  });
}

contract('MemoryReworkKv', async () => new MemoryReworkKv());
contract('RedisReworkKv', () => RedisReworkKv.open({ url: REDIS_URL, keyPrefix: prefix }));

test('Redis keys are performance-service\'s, sessions expire after 2 h', async () => {
  const kv = await RedisReworkKv.open({ url: REDIS_URL, keyPrefix: prefix });
  try {
    await kv.boardSet(19, 1000, 1234);
    await kv.sessionPut('abc', 1000);
    assert.equal(await admin.zscore(`${prefix}rework:leaderboard:19`, '1000'), '1234');
    assert.equal(await admin.get(`${prefix}rework:sessions:abc`), '1000');
    assert.equal(await admin.get(`${prefix}rework:sessions:ids:1000`), 'abc');
    const ttl = await admin.ttl(`${prefix}rework:sessions:abc`);
    assert.ok(ttl > SESSION_TTL_SECONDS - 60 && ttl <= SESSION_TTL_SECONDS, `ttl ${ttl}`);
  } finally {
    await kv.close();
  }
});

test('in process, sessions expire after 2 h', async () => {
  let now = 1_000_000;
  const kv = new MemoryReworkKv(() => now);
  await kv.sessionPut('t', 5);
  now += SESSION_TTL_SECONDS * 1000 - 1;
  assert.equal(await kv.sessionUser('t'), 5);
  now += 2;
  assert.equal(await kv.sessionUser('t'), undefined);
  assert.equal(await kv.sessionOf(5), undefined);
});
