/**
 * The two-process mode (issue 4): two Hayate instances sharing Redis and MySQL. Client A logs in
 * through process 1, client B through process 2, and every later request of each rotates over both
 * processes. Login, presence, public chat, DMs, logout and peppy events must work across them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { Action } from '../../../protocol/bancho/types.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { PeppyChannel } from '../../ports/events.js';
import { newUser, PASSWORD } from './bancho-helpers.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import { RedisLiveState } from '../../adapters/state/redis/redis-state.js';

describe('bancho across two processes (Redis)', () => {
  let server: TestServer;
  const clock = createManualClock();
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2, clock });
  });
  after(() => server.close());

  async function pair(prefix: string): Promise<[BanchoClient, BanchoClient]> {
    const [u1, u2] = server.urls as [string, string];
    const a = await newUser(server, `${prefix}a`);
    const b = await newUser(server, `${prefix}b`);
    const ca = await BanchoClient.login(u1, a.name, PASSWORD, { alsoUrls: [u2] });
    const cb = await BanchoClient.login(u2, b.name, PASSWORD, { alsoUrls: [u1] });
    return [ca, cb];
  }

  test('two processes are running on different ports', () => {
    assert.equal(server.urls.length, 2);
    assert.notEqual(server.urls[0], server.urls[1]);
  });

  test('login through process 2 is announced to a player of process 1, and the bundle lists both', async () => {
    const [a, b] = await pair('lg');
    await a.waitFor('USER_PRESENCE', (p) => p.userId === b.userId);
    const bundle = b.loginPackets.find((p) => p.name === 'USER_PRESENCE_BUNDLE')!.data as number[];
    assert.ok(bundle.includes(a.userId) && bundle.includes(b.userId));
  });

  test('presence: a status change reaches the other process', async () => {
    const [a, b] = await pair('st');
    await a.send(encodeClient.CHANGE_ACTION({ action: Action.Playing, infoText: 'x', beatmapMd5: '', mods: 0, mode: 1, beatmapId: 3 }));
    const s = await b.waitFor('USER_STATS', (x) => x.userId === a.userId && x.action.action === Action.Playing);
    assert.equal(s.action.mode, 1);
    const req = await b.send(encodeClient.USER_PRESENCE_REQUEST([a.userId]));
    assert.ok(req.some((p) => p.name === 'USER_PRESENCE' && p.data.userId === a.userId));
  });

  test('public chat in #osu crosses processes, both ways', async () => {
    const [a, b] = await pair('ch');
    await a.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'from one', recipient: '#osu', senderId: 0 }));
    await b.waitFor('SEND_MESSAGE', (m) => m.text === 'from one' && m.senderId === a.userId);
    await b.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'from two', recipient: '#osu', senderId: 0 }));
    await a.waitFor('SEND_MESSAGE', (m) => m.text === 'from two' && m.senderId === b.userId);
  });

  test('DMs cross processes; the bot answers on either', async () => {
    const [a, b] = await pair('dm');
    await a.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text: 'hi b', recipient: b.username, senderId: 0 }));
    await b.waitFor('SEND_MESSAGE', (m) => m.text === 'hi b');
    const bot = await b.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text: '!roll', recipient: server.config.botName, senderId: 0 }));
    assert.ok(bot.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId));
  });

  test('a peppy notification is delivered once even though both processes listen', async () => {
    const [a] = await pair('pe');
    await server.servers[1]!.deps.events.publish(PeppyChannel.notification, JSON.stringify({ userID: a.userId, message: 'exactly once' }));
    await a.waitFor('NOTIFICATION', (t) => t === 'exactly once');
    const more = await a.settle(4);
    assert.ok(!more.some((p) => p.name === 'NOTIFICATION' && p.data === 'exactly once'), 'not delivered twice');
  });

  test('logout through one process is seen by a player of the other', async () => {
    const [a, b] = await pair('lo');
    await a.waitFor('USER_PRESENCE', (p) => p.userId === b.userId);
    clock.advance(2000); // past the 1 s grace after login
    await b.send(encodeClient.LOGOUT(0));
    await a.waitFor('USER_LOGOUT', (id) => id === b.userId);
  });

  /** Sends `count` DMs from `from` to `to` and returns what `to` received from `from`, in order. */
  async function dmRun(from: BanchoClient, to: BanchoClient, count: number): Promise<string[]> {
    const sent = Array.from({ length: count }, (_, i) => `seq ${i}`);
    const got: string[] = [];
    const collect = (packets: Awaited<ReturnType<BanchoClient['poll']>>): void => {
      for (const p of packets) if (p.name === 'SEND_MESSAGE' && p.data.senderId === from.userId) got.push(p.data.text);
    };
    for (const text of sent) {
      await from.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text, recipient: to.username, senderId: 0 }));
      collect(await to.poll()); // idle polls in between, wherever the receiver's requests land
    }
    for (let i = 0; i < 200 && got.length < count; i++) {
      collect(await to.poll());
      await new Promise((r) => setTimeout(r, 5));
    }
    collect(await to.settle(3)); // and nothing more afterwards
    return got;
  }

  test('token-hash stickiness: idle polls are held in memory; DMs from the other process arrive once, in order', async () => {
    const [u1, u2] = server.urls as [string, string];
    const a = await newUser(server, 'sa', NORMAL_USER | Privileges.AdminChatMod);
    const b = await newUser(server, 'sb');
    const ca = await BanchoClient.login(u1, a.name, PASSWORD);
    const cb = await BanchoClient.login(u2, b.name, PASSWORD);
    await cb.poll();
    await cb.poll();
    const state2 = server.servers[1]!.deps.state;
    assert.ok(state2 instanceof RedisLiveState);
    assert.equal(state2.holds(cb.token), true, 'process 2 holds the session it serves');
    assert.equal((server.servers[0]!.deps.state as RedisLiveState).holds(cb.token), false, 'process 1 never served it');
    const got = await dmRun(ca, cb, 20);
    assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => `seq ${i}`));
  });

  test('a session moving between processes mid-conversation loses, repeats and reorders nothing', async () => {
    const [u1, u2] = server.urls as [string, string];
    const a = await newUser(server, 'ma', NORMAL_USER | Privileges.AdminChatMod);
    const b = await newUser(server, 'mb');
    const ca = await BanchoClient.login(u1, a.name, PASSWORD, { alsoUrls: [u2] });
    // Runs of requests on one process, then a move: stickiness that changes (a rebalanced LB).
    const cb = await BanchoClient.login(u2, b.name, PASSWORD, { alsoUrls: [u2, u2, u1, u1, u1] });
    const got = await dmRun(ca, cb, 30);
    assert.deepEqual(got, Array.from({ length: 30 }, (_, i) => `seq ${i}`));
  });

  test('idle expiry: both processes sweep at once, each idle session is expired exactly once', async () => {
    const [a, b] = await pair('ix');
    await a.waitFor('USER_PRESENCE', (p) => p.userId === b.userId);
    clock.advance((server.config.sessionIdleSeconds + 5) * 1000);
    await a.send(encodeClient.REQUEST_STATUS_UPDATE()); // a stays active (a full touch, not the idle shortcut)
    const counts = await Promise.all(server.servers.map((s) => s.sweepIdle()));
    assert.ok(counts.reduce((x, y) => x + y, 0) >= 1);
    await a.waitFor('USER_LOGOUT', (id) => id === b.userId);
    const more = await a.settle(3);
    assert.ok(!more.some((p) => p.name === 'USER_LOGOUT' && p.data === b.userId), 'one quit, not one per process');
    assert.equal((await b.sendRaw(Buffer.alloc(0))).token, 'no');
  });
});
