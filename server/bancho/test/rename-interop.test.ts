/**
 * Username changes across services, on Redis, with the keys and channels read raw as rs and
 * score-service see them:
 * - a rename published while the player plays is queued under `ripple:change_username_pending:<id>`
 *   (plain string), and score-service's post-submission step (GET the key, re-publish
 *   `peppy:change_username`) applies it in Hayate;
 * - a rename queued by another bancho (rs) is applied by Hayate at login, or live through
 *   `republishPendingRename` (what Hayate's submission does), and the key is cleared.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { REDIS_URL } from '../../test/support/services.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { republishPendingRename } from '../../users/pending-rename.js';
import { loginMany, newUser, PASSWORD } from './bancho-helpers.js';

describe('username changes shared with rs and score-service (redis)', () => {
  let server: TestServer;
  let redis: Redis;
  before(async () => {
    server = await startTestServer({ mode: 'redis' });
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    await redis.quit();
    await server.close();
  });
  const deps = () => server.servers[0]!.deps;
  const key = (id: number): string => `${server.keyPrefix}ripple:change_username_pending:${id}`;
  const nameOf = async (id: number): Promise<string> => (await deps().storage.users.findById(id))!.username;

  test('mid-play rename: queued under the shared key; score-service\'s re-publish applies it live', async () => {
    const [a, b] = await loginMany(server, 'ren', 2);
    await a!.send(encodeClient.CHANGE_ACTION({ action: 2, infoText: 'playing', beatmapMd5: '', mods: 0, mode: 0, beatmapId: 1 }));
    const newName = `Renamed ${a!.userId}`;
    // As the admin panel (Python json.dumps) formats it; score-service (orjson) re-publishes it compact
    // below. (Identical payloads within peppy's 3 s claim window would count as one delivery.)
    await redis.publish(`${server.keyPrefix}peppy:change_username`, `{"userID": ${a!.userId}, "newUsername": ${JSON.stringify(newName)}}`);
    let queued: string | null = null;
    for (let i = 0; i < 500 && queued === null; i++) {
      queued = await redis.get(key(a!.userId));
      if (queued === null) await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(queued, newName, 'the plain new name, where score-service reads it');
    assert.equal(await redis.ttl(key(a!.userId)), -1, 'no expiry, as rs writes it');
    assert.equal(await nameOf(a!.userId), a!.username);

    // The map ends; score-service handles the submission and re-publishes the queued name.
    await a!.send(encodeClient.CHANGE_ACTION({ action: 0, infoText: '', beatmapMd5: '', mods: 0, mode: 0, beatmapId: 0 }));
    const pending = await redis.get(key(a!.userId));
    await redis.publish(`${server.keyPrefix}peppy:change_username`, JSON.stringify({ userID: a!.userId, newUsername: pending }));
    const p = await b!.waitFor('USER_PRESENCE', (x) => x.userId === a!.userId && x.username === newName);
    assert.equal(p.username, newName);
    assert.equal(await nameOf(a!.userId), newName);
    assert.equal(await redis.get(key(a!.userId)), null, 'cleared once applied');
  });

  test('a rename rs queued is applied at the next Hayate login', async () => {
    const { id, name } = await newUser(server, 'rsq');
    const newName = `rsname${id}`;
    await redis.set(key(id), newName);
    const c = await BanchoClient.login(server.url, name, PASSWORD);
    const own = c.loginPackets.find((x) => x.name === 'USER_PRESENCE' && x.data.userId === id);
    assert.equal((own!.data as { username: string }).username, newName);
    assert.equal(await nameOf(id), newName);
    assert.equal(await redis.get(key(id)), null);
  });

  test('Hayate\'s post-submission step re-publishes a queued rename like score-service', async () => {
    const [a] = await loginMany(server, 'sub', 1);
    const newName = `subname${a!.userId}`;
    await redis.set(key(a!.userId), newName);
    const heard: string[] = [];
    const sub = new Redis(REDIS_URL);
    try {
      await sub.subscribe(`${server.keyPrefix}api:change_username`);
      sub.on('message', (_c: string, m: string) => heard.push(m));
      assert.equal(await republishPendingRename(deps(), a!.userId), true);
      for (let i = 0; i < 500 && (await nameOf(a!.userId)) !== newName; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await nameOf(a!.userId), newName);
      for (let i = 0; i < 500 && !heard.includes(String(a!.userId)); i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(heard, [String(a!.userId)]);
    } finally {
      await sub.quit();
    }
    assert.equal(await republishPendingRename(deps(), a!.userId), false, 'nothing queued any more');
  });
});
