/**
 * The EventBus contract, run against both adapters (server/adapters/events/test/*.test.ts).
 * `peer` gives a bus of another process on the same backend (the memory adapter returns the
 * same instance).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EventBus } from './events.js';
import { PeppyChannel } from './events.js';

export interface EventBusFactory {
  create(): Promise<EventBus>;
  peer(first: EventBus): Promise<EventBus>;
}

/**
 * Subscribes (resolving once the subscription is active) and collects messages; `done` resolves
 * with the first `n` messages (rejects after `ms`, so a lost message fails instead of hanging).
 */
export async function collect(
  bus: EventBus,
  channel: string,
  n: number,
  ms = 5000,
): Promise<{ done: Promise<string[]>; unsubscribe: () => Promise<void> }> {
  const messages: string[] = [];
  let resolveDone!: (m: string[]) => void;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<string[]>((resolve, reject) => {
    resolveDone = (m) => {
      clearTimeout(timer);
      resolve(m);
    };
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} messages on ${channel}, got ${messages.length}`)), ms);
  });
  // Observed later by the test; mark it handled so an early timeout is reported by the test.
  done.catch(() => {});
  const unsubscribe = await bus.subscribe(channel, (m, c) => {
    assert.equal(c, channel);
    messages.push(m);
    if (messages.length === n) resolveDone(messages);
  });
  return { done, unsubscribe };
}

export function eventBusContract(adapter: string, factory: EventBusFactory): void {
  describe(`EventBus contract: ${adapter}`, () => {
    let bus: EventBus;
    let other: EventBus;
    before(async () => {
      bus = await factory.create();
      other = await factory.peer(bus);
    });
    after(async () => {
      if (other !== bus) await other.close();
      await bus.close();
    });

    test('delivers to subscribers in this and other processes, in order, unicode intact', async () => {
      const channel = PeppyChannel.notification;
      const here = await collect(bus, channel, 3);
      const there = await collect(other, channel, 3);
      const payloads = [JSON.stringify({ userID: 5, message: 'héllo ✓ 日本' }), '2', '3'];
      for (const p of payloads) await other.publish(channel, p);
      assert.deepEqual(await here.done, payloads);
      assert.deepEqual(await there.done, payloads);
      await here.unsubscribe();
      await there.unsubscribe();
    });

    test('a throwing or rejecting handler does not stop delivery', async () => {
      const channel = PeppyChannel.ban;
      await bus.subscribe(channel, () => {
        throw new Error('handler bug (expected in this test)');
      });
      await bus.subscribe(channel, async () => {
        throw new Error('async handler bug (expected in this test)');
      });
      const ok = await collect(bus, channel, 2);
      await bus.publish(channel, '1');
      await bus.publish(channel, '2');
      assert.deepEqual(await ok.done, ['1', '2']);
    });

    test('unsubscribe stops delivery to that handler only', async () => {
      const channel = PeppyChannel.silence;
      let removedCalls = 0;
      const remove = await bus.subscribe(channel, () => {
        removedCalls++;
      });
      const kept = await collect(bus, channel, 1);
      await remove();
      await bus.publish(channel, '42');
      assert.deepEqual(await kept.done, ['42']);
      assert.equal(removedCalls, 0);
    });
  });
}
