/** `peppy:*` events published on the bus → their effect on connected clients (§5.5). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PeppyChannel } from '../../ports/events.js';
import { Privileges } from '../../domain/privileges.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { loginMany } from './bancho-helpers.js';

describe('bancho peppy events', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  const deps = () => server.servers[0]!.deps;

  test('notification → 24 to every session of the user', async () => {
    const [a] = await loginMany(server, 'note', 1);
    await deps().events.publish(PeppyChannel.notification, JSON.stringify({ userID: a!.userId, message: 'hello from the website' }));
    assert.equal(await a!.waitFor('NOTIFICATION', (t) => t === 'hello from the website'), 'hello from the website');
  });

  test('disconnect → the session ends (restart answer) and others see 12', async () => {
    const [a, b] = await loginMany(server, 'disc', 2);
    await deps().events.publish(PeppyChannel.disconnect, JSON.stringify({ userID: a!.userId, reason: 'test' }));
    await b!.waitFor('USER_LOGOUT', (id) => id === a!.userId);
    assert.equal((await a!.sendRaw(Buffer.alloc(0))).token, 'no');
  });

  test('silence → 92 with the remaining seconds, 94 to others', async () => {
    const [a, b] = await loginMany(server, 'psil', 2);
    await deps().storage.users.setSilence(a!.userId, Math.floor(Date.now() / 1000) + 60, 'via website');
    await deps().events.publish(PeppyChannel.silence, String(a!.userId));
    const left = await a!.waitFor('SILENCE_END');
    assert.ok(left > 50 && left <= 60);
    await b!.waitFor('USER_SILENCED', (id) => id === a!.userId);
  });

  test('ban of a restricted account → 104 and hidden; ban without CanLogin → kicked', async () => {
    const [a, b, c] = await loginMany(server, 'ban', 3);
    await deps().storage.users.setPrivileges(a!.userId, Privileges.CanLogin);
    await deps().events.publish(PeppyChannel.ban, String(a!.userId));
    await a!.waitFor('ACCOUNT_RESTRICTED');
    await b!.waitFor('USER_LOGOUT', (id) => id === a!.userId);
    await deps().storage.users.setPrivileges(c!.userId, 0);
    await deps().events.publish(PeppyChannel.ban, String(c!.userId));
    await b!.waitFor('USER_LOGOUT', (id) => id === c!.userId);
    assert.equal((await c!.sendRaw(Buffer.alloc(0))).token, 'no');
  });

  test('change_username → renamed in the DB and a new 83 for everyone', async () => {
    const [a, b] = await loginMany(server, 'ren', 2);
    const newName = `renamed${a!.userId}`;
    await deps().events.publish(PeppyChannel.changeUsername, JSON.stringify({ userID: a!.userId, newUsername: newName }));
    const p = await b!.waitFor('USER_PRESENCE', (x) => x.userId === a!.userId);
    assert.equal(p.username, newName);
    assert.equal((await deps().storage.users.findById(a!.userId))!.username, newName);
  });

  test('change_username while playing waits for the next login', async () => {
    const [a] = await loginMany(server, 'play', 1);
    const { encodeClient } = await import('../../../protocol/bancho/writer.js');
    await a!.send(encodeClient.CHANGE_ACTION({ action: 2, infoText: 'x', beatmapMd5: '', mods: 0, mode: 0, beatmapId: 1 }));
    const newName = `later${a!.userId}`;
    await deps().events.publish(PeppyChannel.changeUsername, JSON.stringify({ userID: a!.userId, newUsername: newName }));
    for (let i = 0; i < 50 && !(await deps().sharedKeys.get(`ripple:change_username_pending:${a!.userId}`)); i++) await a!.poll();
    assert.equal((await deps().storage.users.findById(a!.userId))!.username, a!.username, 'not renamed mid-play');
    const { BanchoClient } = await import('../../test/support/bancho-client.js');
    const { PASSWORD } = await import('./bancho-helpers.js');
    const again = await BanchoClient.login(server.url, a!.username, PASSWORD);
    const own = again.loginPackets.find((p) => p.name === 'USER_PRESENCE' && p.data.userId === a!.userId);
    assert.equal((await deps().storage.users.findById(a!.userId))!.username, newName);
    assert.equal((own!.data as { username: string }).username, newName);
  });

  test('update_cached_stats → fresh 11 broadcast', async () => {
    const [a, b] = await loginMany(server, 'ucs', 2);
    const row = await deps().storage.stats.get(a!.userId, 0);
    await deps().storage.stats.put({ ...row!, pp: 4321 });
    await deps().events.publish(PeppyChannel.updateCachedStats, String(a!.userId));
    const s = await b!.waitFor('USER_STATS', (x) => x.userId === a!.userId && x.pp === 4321);
    assert.equal(s.pp, 4321);
  });

  test('wipe → the user leaves that leaderboard and their rank is refreshed', async () => {
    const [a, b] = await loginMany(server, 'wipe', 2);
    await deps().leaderboards.set('relax', 0, 'JP', a!.userId, 500);
    assert.ok((await deps().leaderboards.rank({ playstyle: 'relax', mode: 0 }, a!.userId)) > 0);
    await deps().events.publish(PeppyChannel.wipe, `${a!.userId},1,0`);
    for (let i = 0; i < 50 && (await deps().leaderboards.rank({ playstyle: 'relax', mode: 0 }, a!.userId)) !== 0; i++) await b!.poll();
    assert.equal(await deps().leaderboards.rank({ playstyle: 'relax', mode: 0 }, a!.userId), 0);
  });

  test('malformed payloads are dropped without breaking later events', async () => {
    const [a] = await loginMany(server, 'bad', 1);
    await deps().events.publish(PeppyChannel.notification, 'not json');
    await deps().events.publish(PeppyChannel.ban, 'abc');
    await deps().events.publish(PeppyChannel.wipe, '1,9,9');
    await deps().events.publish(PeppyChannel.notification, JSON.stringify({ userID: a!.userId, message: 'still listening' }));
    await a!.waitFor('NOTIFICATION', (t) => t === 'still listening');
  });
});
