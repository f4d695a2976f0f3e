import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { eventBusContract } from '../../../ports/events.contract.js';
import type { EventBus } from '../../../ports/events.js';
import { PeppyChannel } from '../../../ports/events.js';
import { RedisEventBus } from '../redis/redis-events.js';
import { REDIS_URL, uniqueName } from '../../../test/support/services.js';
import { createLogger } from '../../../log.js';
import { eventually, killConnections } from '../../state/test/redis-support.js';

const prefix = `${uniqueName('hayate_test')}:`;
const logger = createLogger('silent');

async function open(subscriberName?: string): Promise<RedisEventBus> {
  const bus = new RedisEventBus({ url: REDIS_URL, keyPrefix: prefix, logger, ...(subscriberName && { subscriberName }) });
  await bus.ready();
  return bus;
}

eventBusContract('redis', { create: () => open(), peer: () => open() });

test('redis events: the subscriber resubscribes after its connection is killed', async () => {
  const name = uniqueName('hayate_sub');
  const bus = await open(name);
  const other = await open();
  const admin = new Redis(REDIS_URL);
  try {
    const got: string[] = [];
    await bus.subscribe(PeppyChannel.disconnect, (m) => {
      got.push(m);
    });
    assert.equal(await killConnections(admin, name), 1);
    // Messages sent while it is down are lost (pub/sub); keep publishing until one arrives.
    await eventually(async () => {
      await other.publish(PeppyChannel.disconnect, JSON.stringify({ userID: 1, reason: 'r' }));
      await new Promise((r) => setTimeout(r, 20));
      if (got.length === 0) throw new Error('not resubscribed yet');
    });
    assert.deepEqual(JSON.parse(got[0]!), { userID: 1, reason: 'r' });
  } finally {
    admin.disconnect();
    await bus.close();
    await other.close();
  }
});

test('redis events: with an empty prefix the channel is exactly peppy:ban', async () => {
  const bus: EventBus = new RedisEventBus({ url: REDIS_URL, keyPrefix: '', logger });
  await (bus as RedisEventBus).ready();
  const sub = new Redis(REDIS_URL);
  try {
    const received = new Promise<[string, string]>((resolve) => sub.on('message', (c: string, m: string) => resolve([c, m])));
    await sub.subscribe('peppy:ban');
    // A user id no real deployment has; anything listening on this Redis would ignore it.
    await bus.publish(PeppyChannel.ban, '0');
    assert.deepEqual(await received, ['peppy:ban', '0']);
  } finally {
    sub.disconnect();
    await bus.close();
  }
});

test('redis events: a failing handler is logged and the subscriber keeps delivering', async () => {
  const logged: Array<Record<string, unknown> | undefined> = [];
  const capture = { ...logger, error: (_msg: string, fields?: Record<string, unknown>) => void logged.push(fields) };
  const bus = new RedisEventBus({ url: REDIS_URL, keyPrefix: prefix, logger: capture });
  await bus.ready();
  try {
    const got: string[] = [];
    await bus.subscribe(PeppyChannel.updateCachedStats, (m) => {
      if (m === 'boom') throw new Error('bad handler');
      got.push(m);
    });
    await bus.publish(PeppyChannel.updateCachedStats, 'boom');
    await bus.publish(PeppyChannel.updateCachedStats, '7');
    await eventually(async () => {
      if (got.length === 0) throw new Error('not yet');
    });
    assert.deepEqual(got, ['7']);
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.['channel'], PeppyChannel.updateCachedStats);
  } finally {
    await bus.close();
  }
});

test('redis events: two handlers subscribing at once both receive the very next message', async () => {
  const bus = await open();
  try {
    const a: string[] = [];
    const b: string[] = [];
    await Promise.all([bus.subscribe(PeppyChannel.unban, (m) => void a.push(m)), bus.subscribe(PeppyChannel.unban, (m) => void b.push(m))]);
    await bus.publish(PeppyChannel.unban, '3');
    await eventually(async () => {
      if (a.length + b.length < 2) throw new Error('not yet');
    });
    assert.deepEqual([a, b], [['3'], ['3']]);
  } finally {
    await bus.close();
  }
});
