/** Presence and stats (0, 3, 85, 97, 98, 79) and friends (72, 73, 74) over real HTTP. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { Action } from '../../../protocol/bancho/types.js';
import { Mods } from '../../../protocol/osu/mods.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { Privileges } from '../../domain/privileges.js';
import { loginMany, loginNew, newUser, PASSWORD } from './bancho-helpers.js';

const action = (a: number, mods = 0, mode = 0): Buffer =>
  encodeClient.CHANGE_ACTION({ action: a, infoText: 'Artist - Title [Hard]', beatmapMd5: 'f'.repeat(32), mods, mode, beatmapId: 42 });

describe('bancho presence, stats and friends', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a status change is broadcast as 11 to everyone, with relax stats for RX', async () => {
    const [a, b] = await loginMany(server, 'act', 2);
    const storage = server.servers[0]!.deps.storage;
    const rx = await storage.stats.get(a!.userId, 4);
    assert.ok(rx, 'user_stats rows exist for every mode');
    await storage.stats.put({ ...rx!, pp: 70000, playcount: 7, avgAccuracy: 98.5 });
    await a!.send(action(Action.Playing, Mods.Relax | Mods.Hidden));
    const s = await b!.waitFor('USER_STATS', (x) => x.userId === a!.userId && x.action.action === Action.Playing);
    assert.equal(s.action.mods, Mods.Relax | Mods.Hidden);
    assert.equal(s.action.mode, 0, 'the wire carries the vanilla mode');
    assert.equal(s.playCount, 7);
    assert.ok(Math.abs(s.accuracy - 0.985) < 1e-6);
    assert.equal(s.pp, 0, 'pp above 65535 moves to the ranked-score field');
    assert.equal(s.rankedScore, 70000n);
    await a!.waitFor('USER_STATS', (x) => x.userId === a!.userId && x.action.action === Action.Playing);
  });

  test('relax on mania is stripped (no relax mania mode)', async () => {
    const [a, b] = await loginMany(server, 'mania', 2);
    await a!.send(action(Action.Playing, Mods.Relax | Mods.Key4, 3));
    const s = await b!.waitFor('USER_STATS', (x) => x.userId === a!.userId && x.action.action === Action.Playing);
    assert.equal(s.action.mods, Mods.Key4);
    assert.equal(s.action.mode, 3);
  });

  test("a restricted player's status reaches only themselves", async () => {
    const [b] = await loginMany(server, 'seer', 1);
    const r = await loginNew(server, 'hidden', { privileges: Privileges.CanLogin });
    r.clear();
    await r.send(action(Action.Playing));
    await r.waitFor('USER_STATS', (x) => x.userId === r.userId);
    assert.ok(!(await b!.settle(2)).some((p) => p.name === 'USER_STATS' && p.data.userId === r.userId));
  });

  test('85/97/98: online users answered, offline ids get 12, the bot is always online', async () => {
    const [a, b] = await loginMany(server, 'req', 2);
    const { id: offline } = await newUser(server, 'offl');
    const bot = server.config.botUserId;
    const stats = await a!.send(encodeClient.USER_STATS_REQUEST([b!.userId, offline, bot, a!.userId]));
    assert.deepEqual(stats.filter((p) => p.name === 'USER_STATS').map((p) => p.data.userId).sort(), [b!.userId, bot].sort());
    assert.deepEqual(stats.filter((p) => p.name === 'USER_LOGOUT').map((p) => p.data), [offline]);
    const pres = await a!.send(encodeClient.USER_PRESENCE_REQUEST([b!.userId, offline]));
    assert.deepEqual(pres.filter((p) => p.name === 'USER_PRESENCE').map((p) => p.data.userId), [b!.userId]);
    const all = await a!.send(encodeClient.USER_PRESENCE_REQUEST_ALL(0));
    const ids = all.filter((p) => p.name === 'USER_PRESENCE').map((p) => p.data.userId);
    assert.ok(ids.includes(a!.userId) && ids.includes(b!.userId) && ids.includes(bot));
  });

  test('3 REQUEST_STATUS_UPDATE answers own stats; changed stats are broadcast', async () => {
    const [a, b] = await loginMany(server, 'rsu', 2);
    const own = await a!.send(encodeClient.REQUEST_STATUS_UPDATE());
    assert.ok(own.some((p) => p.name === 'USER_STATS' && p.data.userId === a!.userId));
    const storage = server.servers[0]!.deps.storage;
    const row = await storage.stats.get(a!.userId, 0);
    await storage.stats.put({ ...row!, pp: 1234, playcount: 99 });
    await a!.send(encodeClient.REQUEST_STATUS_UPDATE());
    const s = await b!.waitFor('USER_STATS', (x) => x.userId === a!.userId && x.pp === 1234);
    assert.equal(s.playCount, 99);
  });

  test('friends: add persists (72 at next login), remove deletes', async () => {
    const [a, b] = await loginMany(server, 'fr', 2);
    await a!.send(encodeClient.FRIEND_ADD(b!.userId), encodeClient.FRIEND_ADD(a!.userId), encodeClient.FRIEND_ADD(99_999_999));
    const rel = server.servers[0]!.deps.storage.relationships;
    assert.deepEqual(await rel.friendsOf(a!.userId), [b!.userId]);
    const again = await BanchoClient.login(server.url, a!.username, PASSWORD);
    assert.deepEqual(again.loginPackets.find((p) => p.name === 'FRIENDS_LIST')!.data, [b!.userId]);
    await a!.send(encodeClient.FRIEND_REMOVE(b!.userId));
    assert.deepEqual(await rel.friendsOf(a!.userId), []);
  });

  test('79 RECEIVE_UPDATES stores the filter', async () => {
    const [a] = await loginMany(server, 'filt', 1);
    await a!.send(encodeClient.RECEIVE_UPDATES(2));
    const s = await server.servers[0]!.deps.state.getSession(a!.token);
    assert.equal(s!.presenceFilter, 2);
  });
});
