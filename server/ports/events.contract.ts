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

/** Resolves with the first `n` messages received on a channel (rejects after `ms`, so no hang). */
export function collect(bus: EventBus, channel: string, n: number, ms = 5000): Promise<{ messages: string[]; unsubscribe: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    let unsubscribe: (() => Promise<void>) | undefined;
    let done = false;
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} messages on ${channel}, got ${messages.length}`)), ms);
    const finish = (): void => {
      if (done || messages.length < n || !unsubscribe) return;
      done = true;
      clearTimeout(timer);
      resolve({ messages, unsubscribe });
    };
    bus
      .subscribe(channel, (m, c) => {
        assert.equal(c, channel);
        messages.push(m);
        finish();
      })
      .then((u) => {
        unsubscribe = u;
        finish();
      }, reject);
  });
}

export function eventBusContract(adapter: string, factory: EventBusFactory, ready: (bus: EventBus, channel: string) => Promise<void> = async () => {}): void {
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
      const here = collect(bus, channel, 3);
      const there = collect(other, channel, 3);
      await ready(bus, channel);
      const payloads = [JSON.stringify({ userID: 5, message: 'héllo ✓ 日本' }), '2', '3'];
      for (const p of payloads) await other.publish(channel, p);
      const [a, b] = await Promise.all([here, there]);
      assert.deepEqual(a.messages, payloads);
      assert.deepEqual(b.messages, payloads);
      await a.unsubscribe();
      await b.unsubscribe();
    });

    test('a throwing or rejecting handler does not stop delivery', async () => {
      const channel = PeppyChannel.ban;
      await bus.subscribe(channel, () => {
        throw new Error('handler bug (expected in this test)');
      });
      await bus.subscribe(channel, async () => {
        throw new Error('async handler bug (expected in this test)');
      });
      const ok = collect(bus, channel, 2);
      await ready(bus, channel);
      await bus.publish(channel, '1');
      await bus.publish(channel, '2');
      assert.deepEqual((await ok).messages, ['1', '2']);
    });

    test('unsubscribe stops delivery to that handler only', async () => {
      const channel = PeppyChannel.silence;
      let removedCalls = 0;
      const remove = await bus.subscribe(channel, () => {
        removedCalls++;
      });
      const kept = collect(bus, channel, 1);
      await ready(bus, channel);
      await remove();
      await bus.publish(channel, '42');
      assert.deepEqual((await kept).messages, ['42']);
      assert.equal(removedCalls, 0);
    });
  });
}
