import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { liveStateContract, makeMatchInit, makeSession } from '../../../ports/state.contract.js';
import { RedisLiveState } from '../redis/redis-state.js';
import { StateError, Streams } from '../../../ports/state.js';
import { REDIS_URL, uniqueName } from '../../../test/support/services.js';
import { createLogger } from '../../../log.js';
import { deleteKeys, eventually, killConnections } from './redis-support.js';

const prefix = `${uniqueName('hayate_test')}:`;
const logger = createLogger('silent');

after(async () => {
  await deleteKeys(prefix);
});

async function open(keyPrefix: string, extra: { maxQueueBytes?: number; connectionName?: string } = {}): Promise<RedisLiveState> {
  const s = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger, ...extra });
  await s.ready();
  return s;
}

liveStateContract('redis', {
  create: async (options) => {
    // Each instance gets its own namespace, so suites never see each other's sessions.
    return open(`${prefix}${uniqueName('c')}:`, options?.maxQueueBytes !== undefined ? { maxQueueBytes: options.maxQueueBytes } : {});
  },
  peer: async (first) => {
    const p = new RedisLiveState({ url: REDIS_URL, keyPrefix: (first as RedisLiveState).keyPrefix, logger });
    await p.ready();
    return p;
  },
});

describe('redis state specifics', () => {
  test('keys live under <prefix>hayate: and per-session keys carry a TTL', async () => {
    const p = `${prefix}layout:`;
    const s = await open(p);
    const admin = new Redis(REDIS_URL);
    try {
      const sess = makeSession(1);
      await s.createSession(sess);
      await s.subscribe(sess.token, Streams.main);
      await s.send(sess.token, Buffer.from('x'));
      for (const key of [`${p}hayate:session:${sess.token}`, `${p}hayate:q:${sess.token}`, `${p}hayate:subs:${sess.token}`, `${p}hayate:user:1`]) {
        const ttl = await admin.pttl(key);
        assert.ok(ttl > 0, `${key} has ttl ${ttl}`);
      }
      assert.equal(await admin.sismember(`${p}hayate:stream:main`, sess.token), 1);
      await s.deleteSession(sess.token);
      const left = await admin.keys(`${p}*`);
      assert.deepEqual(left, [], 'deleteSession leaves no keys');
    } finally {
      admin.disconnect();
      await s.close();
    }
  });

  test('a session that expired without logout is healed out of streams on publish', async () => {
    const p = `${prefix}heal:`;
    const s = await open(p);
    const admin = new Redis(REDIS_URL);
    try {
      const a = makeSession(1);
      const b = makeSession(2);
      await s.createSession(a);
      await s.createSession(b);
      await s.subscribe(a.token, 'st');
      await s.subscribe(b.token, 'st');
      await admin.del(`${p}hayate:session:${a.token}`); // what the safety-net TTL does
      await s.publish('st', Buffer.from('hi'));
      assert.deepEqual(await s.streamMembers('st'), [b.token]);
      assert.equal((await s.drain(b.token)).toString(), 'hi');
      assert.equal(await admin.exists(`${p}hayate:q:${a.token}`), 0);
      assert.deepEqual(await s.sessionsOfUser(1), []);
      await admin.del(`${p}hayate:user:1`); // its TTL ran out too
      assert.deepEqual(await s.onlineUserIds(), [2]);
    } finally {
      admin.disconnect();
      await s.close();
      await deleteKeys(p);
    }
  });

  test('corrupt documents in Redis surface as StateError, not crashes', async () => {
    const p = `${prefix}corrupt:`;
    const s = await open(p);
    const admin = new Redis(REDIS_URL);
    try {
      const m = await s.createMatch(makeMatchInit());
      await admin.hset(`${p}hayate:match:${m.id}`, 'data', '{not json');
      await assert.rejects(s.getMatch(m.id), /corrupt match/);
      await assert.rejects(s.listMatches(), StateError);
      await admin.hset(`${p}hayate:presence:9`, 'userId', '9');
      await assert.rejects(s.getPresence(9), /corrupt presence record: field username missing/);
    } finally {
      admin.disconnect();
      await s.close();
      await deleteKeys(p);
    }
  });

  test('a killed connection: the in-flight call rejects with StateError, later calls succeed', async () => {
    const name = uniqueName('hayate_fault');
    const s = await open(`${prefix}fault:`, { connectionName: name });
    const admin = new Redis(REDIS_URL);
    try {
      const sess = makeSession(1);
      await s.createSession(sess);
      // Pause writes so the next call is provably in flight (sent, not answered) when we kill it.
      await admin.call('CLIENT', 'PAUSE', '3000', 'WRITE');
      const inFlight = s.kvSet('k', 'v').then(
        () => undefined,
        (err: unknown) => err,
      );
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await killConnections(admin, name), 1);
      await admin.call('CLIENT', 'UNPAUSE');
      const err = await inFlight;
      assert.ok(err instanceof StateError, `expected StateError, got ${String(err)}`);
      assert.match(err.message, /redis kvSet failed: connection lost/);
      // Back after the automatic reconnect; state written before the kill is intact.
      const got = await eventually(() => s.touchSession(sess.token, 5));
      assert.equal(got?.userId, 1);
      await s.kvSet('k', 'v2');
      assert.equal(await s.kvGet('k'), 'v2');
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => {});
      admin.disconnect();
      await s.close();
    }
  });

  test('an unreachable Redis rejects calls with StateError instead of hanging or crashing', async () => {
    const s = new RedisLiveState({ url: 'redis://127.0.0.1:1', keyPrefix: prefix, logger });
    await assert.rejects(s.ready(), StateError);
    await assert.rejects(s.getSession('x'), StateError);
    await s.close();
  });
});
