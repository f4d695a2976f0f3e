/**
 * Held sessions (redis/held-sessions.ts): two RedisLiveState handles on one Redis stand for two
 * processes. A process that touched a session answers its empty drains from memory and is told
 * by Redis when data is queued; these tests check that this never loses, duplicates or reorders
 * data, whichever process drains, and that logouts and lost subscriptions are noticed.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { makeSession } from '../../../ports/state.contract.js';
import { RedisLiveState } from '../redis/redis-state.js';
import { REDIS_URL, uniqueName } from '../../../test/support/services.js';
import { createLogger } from '../../../log.js';
import { deleteKeys, killConnections } from './redis-support.js';

const prefix = `${uniqueName('hayate_held')}:`;
const logger = createLogger('silent');

after(async () => {
  await deleteKeys(prefix);
});

async function pair(name: string): Promise<[RedisLiveState, RedisLiveState]> {
  const keyPrefix = `${prefix}${name}:`;
  const a = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger, connectionName: uniqueName('held_a') });
  const b = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger, connectionName: uniqueName('held_b') });
  await a.ready();
  await b.ready();
  return [a, b];
}

/** Counts the drain round trips a handle makes to Redis. */
function countDrains(s: RedisLiveState): { calls: number } {
  const counter = { calls: 0 };
  const r = s.redis as unknown as Record<string, (...args: unknown[]) => Promise<Buffer>>;
  const original = r['hyDrainBuffer']!;
  r['hyDrainBuffer'] = function (this: unknown, ...args: unknown[]) {
    counter.calls++;
    return original.apply(this, args);
  };
  return counter;
}

/** Drains until `want` bytes arrived (notifications from the other process are asynchronous). */
async function drainUntil(drains: Array<() => Promise<Buffer>>, want: number, limit = 400): Promise<string> {
  let got = '';
  for (let i = 0; got.length < want; i++) {
    if (i >= limit) assert.fail(`only ${JSON.stringify(got)} after ${limit} drains`);
    got += (await drains[i % drains.length]!()).toString();
    if (i % drains.length === drains.length - 1) await new Promise((r) => setTimeout(r, 2));
  }
  return got;
}

describe('redis held sessions (two processes)', () => {
  test('a held session with nothing queued is drained without a round trip; its own writes mark it at once', async () => {
    const [a, b] = await pair('own');
    try {
      const s = makeSession(1);
      await a.createSession(s);
      await a.subscribe(s.token, 'main');
      assert.equal(a.holds(s.token), false, 'not held before a touch');
      assert.ok(await a.touchSession(s.token, 10));
      assert.equal(a.holds(s.token), true);
      const drains = countDrains(a);
      assert.equal((await a.drain(s.token)).length, 0); // first drain after a claim reads Redis
      assert.equal(drains.calls, 1);
      for (let i = 0; i < 20; i++) assert.equal((await a.drain(s.token)).length, 0);
      assert.equal(drains.calls, 1, 'idle drains of a held session stay in memory');
      // Writes by the holder itself are marked synchronously: the very next drain has them.
      await a.send(s.token, Buffer.from('A'));
      await a.publish('main', Buffer.from('B'));
      await a.sendToUser(1, Buffer.from('C'));
      assert.equal((await a.drain(s.token)).toString(), 'ABC');
      assert.equal(drains.calls, 2);
      assert.equal((await a.drain(s.token)).length, 0);
      assert.equal(drains.calls, 2);
      assert.equal((await b.drain(s.token)).length, 0, 'nothing left for the other process');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('data queued by another process reaches the holder, in order, exactly once', async () => {
    const [a, b] = await pair('cross');
    try {
      const s = makeSession(2);
      await a.createSession(s);
      await a.subscribe(s.token, 'chan');
      await a.touchSession(s.token, 10);
      await a.drain(s.token);
      let want = '';
      for (let i = 0; i < 30; i++) {
        const c = String.fromCharCode(97 + (i % 26));
        want += c;
        if (i % 3 === 0) await b.send(s.token, Buffer.from(c));
        else if (i % 3 === 1) await b.publish('chan', Buffer.from(c));
        else await b.sendToUser(2, Buffer.from(c));
      }
      const got = await drainUntil([() => a.drain(s.token)], want.length);
      assert.equal(got, want);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal((await a.drain(s.token)).length, 0, 'not delivered twice');
      assert.equal((await b.drain(s.token)).length, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a session moving between processes while data flows: nothing lost, duplicated or reordered', async () => {
    const [a, b] = await pair('move');
    try {
      const s = makeSession(3);
      await a.createSession(s);
      await a.subscribe(s.token, 'm');
      // A sender on each process, while the client alternates (and sometimes sticks) between them.
      const senders = [a, b];
      let want = '';
      let got = '';
      for (let round = 0; round < 40; round++) {
        const server = round % 7 < 3 ? a : b;
        await server.touchSession(s.token, 100 + round);
        for (let k = 0; k < 3; k++) {
          const n = String((round * 3 + k) % 10);
          want += n;
          await senders[(round + k) % 2]!.publish('m', Buffer.from(n));
        }
        got += (await server.drain(s.token)).toString();
      }
      got += await drainUntil([() => a.drain(s.token), () => b.drain(s.token)], want.length - got.length);
      assert.equal(got, want);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('logout or idle expiry by another process is noticed by the holder', async () => {
    const [a, b] = await pair('gone');
    try {
      const s1 = makeSession(4);
      const s2 = makeSession(5, { lastSeenAt: 50 });
      await a.createSession(s1);
      await a.createSession(s2);
      await a.touchSession(s1.token, 60);
      await a.touchSession(s2.token, 60);
      assert.ok(a.holds(s1.token) && a.holds(s2.token));
      await b.deleteSession(s1.token);
      const claimed = await b.claimIdleSessions(100);
      assert.deepEqual(claimed.map((x) => x.token), [s2.token]);
      for (let i = 0; i < 200 && (a.holds(s1.token) || a.holds(s2.token)); i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(a.holds(s1.token), false, 'deleted elsewhere: no longer held');
      assert.equal(a.holds(s2.token), false, 'expired elsewhere: no longer held');
      assert.equal(await a.touchSession(s1.token, 70), undefined);
      // A send to the deleted session is refused in Redis and not seen by the old holder.
      await b.send(s1.token, Buffer.from('late'));
      assert.equal((await a.drain(s1.token)).length, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('keepAlive: only for held sessions, written in a batch, never re-creating a deleted session', async () => {
    const [a, b] = await pair('keep');
    const admin = new Redis(REDIS_URL);
    try {
      const s = makeSession(9, { lastSeenAt: 5 });
      const gone = makeSession(10, { lastSeenAt: 5 });
      await a.createSession(s);
      await a.createSession(gone);
      assert.equal(a.keepAlive(s.token, 100), false, 'not held yet: the caller must touch');
      await a.touchSession(s.token, 50);
      await a.touchSession(gone.token, 50);
      assert.equal(a.keepAlive(s.token, 1234), true);
      assert.equal(a.keepAlive(gone.token, 1234), true);
      await b.deleteSession(gone.token); // deleted elsewhere before the batch is written
      let seen: number | undefined;
      for (let i = 0; i < 300 && seen !== 1234; i++) {
        seen = (await b.getSession(s.token))?.lastSeenAt;
        if (seen !== 1234) await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(seen, 1234, 'the other process sees the activity within the flush interval');
      assert.equal(Number(await admin.zscore(`${prefix}keep:hayate:idle`, s.token)), 1234);
      assert.equal(await b.getSession(gone.token), undefined);
      assert.equal(await admin.zscore(`${prefix}keep:hayate:idle`, gone.token), null, 'not re-created by the batch');
      assert.equal(await admin.exists(`${prefix}keep:hayate:session:${gone.token}`), 0);
      // After a long silence (more than ttl / 8 = 225 s with the default 30 min ttl) the write
      // must not be deferred: another process's sweep could claim the session meanwhile.
      assert.equal(a.keepAlive(s.token, 1234 + 300_000), false);
      assert.ok(await a.touchSession(s.token, 1234 + 300_000));
      assert.equal(a.keepAlive(s.token, 1234 + 301_000), true);
    } finally {
      admin.disconnect();
      await a.close();
      await b.close();
    }
  });

  test('holdSessions: false never holds and drains every time from Redis (the design before)', async () => {
    const keyPrefix = `${prefix}nohold:`;
    const a = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger, holdSessions: false });
    const b = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger });
    try {
      await a.ready();
      await b.ready();
      const s = makeSession(8);
      await a.createSession(s);
      await a.touchSession(s.token, 10);
      assert.equal(a.holds(s.token), false);
      assert.equal(a.drainIfReady(s.token), undefined);
      const drains = countDrains(a);
      await b.send(s.token, Buffer.from('x'));
      assert.equal((await a.drain(s.token)).toString(), 'x');
      assert.equal((await a.drain(s.token)).length, 0);
      assert.equal(drains.calls, 2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a lost subscription forgets every held session, so nothing queued meanwhile is missed', async () => {
    const keyPrefix = `${prefix}lost:`;
    const name = uniqueName('held_lost');
    const a = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger, connectionName: name });
    const b = new RedisLiveState({ url: REDIS_URL, keyPrefix, logger });
    const admin = new Redis(REDIS_URL);
    try {
      await a.ready();
      await b.ready();
      const s = makeSession(6);
      await a.createSession(s);
      await a.touchSession(s.token, 10);
      await a.drain(s.token);
      assert.equal(a.holds(s.token), true);
      // Kill only the subscriber connection, and queue data right away, while it is down.
      assert.equal(await killConnections(admin, `${name}:sub`), 1);
      await b.send(s.token, Buffer.from('while down'));
      // Wait until the subscription is back (a probe session can be held again), then drain.
      const probe = makeSession(7);
      await a.createSession(probe);
      for (let i = 0; i < 400 && !(a.holds(probe.token) && !a.holds(s.token)); i++) {
        await a.touchSession(probe.token, 20 + i);
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(a.holds(probe.token), true, 'the subscription came back');
      assert.equal(a.holds(s.token), false, 'the gap made it forget the session held before');
      assert.equal((await a.drain(s.token)).toString(), 'while down');
      // Back to normal: a new touch holds it again and notifications flow.
      await a.touchSession(s.token, 500);
      assert.equal(a.holds(s.token), true);
      await a.drain(s.token);
      await b.send(s.token, Buffer.from('after'));
      assert.equal(await drainUntil([() => a.drain(s.token)], 'after'.length), 'after');
    } finally {
      admin.disconnect();
      await a.close();
      await b.close();
    }
  });
});
