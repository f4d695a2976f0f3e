/**
 * Issue 4 polish, end to end over HTTP: `#lobby` only from the lobby, the 79 presence filter on
 * status broadcasts, the bot naming a match's creator, 91 to match members on a password change,
 * the first-login welcome DM and the main-menu icon (76). Run on both state backends: the filter
 * is a stream subscription, which each adapter implements.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { Privileges } from '../../domain/privileges.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { loginMany, newUser, PASSWORD } from './bancho-helpers.js';
import { matchRequest } from './multiplayer-scenarios.js';

const action = (infoText: string) => encodeClient.CHANGE_ACTION({ action: 2, infoText, beatmapMd5: 'e'.repeat(32), mods: 0, mode: 0, beatmapId: 7 });

for (const mode of ['embedded', 'redis'] as const) describe(`bancho polish (${mode}): lobby chat, presence filter, match chat, first login`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mode });
  });
  after(() => server.close());

  test('#lobby is refused with 66 outside the lobby, joinable after 30, left (65 count drops) on 29', async () => {
    const [a, b] = await loginMany(server, 'lob', 2);
    const refused = await a!.send(encodeClient.CHANNEL_JOIN('#lobby'));
    assert.ok(refused.some((p) => p.name === 'CHANNEL_KICK' && p.data === '#lobby'), 'refused like other refusals');
    assert.ok(!refused.some((p) => p.name === 'CHANNEL_JOIN_SUCCESS'));

    const joined = await a!.send(encodeClient.JOIN_LOBBY(), encodeClient.CHANNEL_JOIN('#lobby'));
    assert.ok(joined.some((p) => p.name === 'CHANNEL_JOIN_SUCCESS' && p.data === '#lobby'));
    const one = await b!.waitFor('CHANNEL_INFO', (c) => c.name === '#lobby' && c.userCount >= 1);

    await a!.send(encodeClient.PART_LOBBY());
    const after = await b!.waitFor('CHANNEL_INFO', (c) => c.name === '#lobby' && c.userCount === one.userCount - 1);
    assert.equal(after.userCount, one.userCount - 1);
    // Out of the lobby again: the channel is closed to a again and its messages do not reach it.
    const again = await a!.send(encodeClient.CHANNEL_JOIN('#lobby'));
    assert.ok(again.some((p) => p.name === 'CHANNEL_KICK' && p.data === '#lobby'));
  });

  test('entering a match leaves #lobby (66)', async () => {
    const [a] = await loginMany(server, 'lobm', 1);
    await a!.send(encodeClient.JOIN_LOBBY(), encodeClient.CHANNEL_JOIN('#lobby'));
    a!.clear();
    await a!.send(encodeClient.CREATE_MATCH(matchRequest(a!.userId)));
    await a!.waitFor('MATCH_JOIN_SUCCESS');
    assert.equal(await a!.waitFor('CHANNEL_KICK', (n) => n === '#lobby'), '#lobby');
    await a!.send(encodeClient.PART_MATCH());
  });

  test('79 filter 0 stops USER_STATS pushes about others; 1 restores them; 2 keeps them', async () => {
    const [quiet, watcher, friendsOnly, mover] = await loginMany(server, 'flt', 4);
    await quiet!.send(encodeClient.RECEIVE_UPDATES(0));
    await friendsOnly!.send(encodeClient.RECEIVE_UPDATES(2));
    await mover!.send(action('first'));
    // The watcher (filter 1) getting it proves the broadcast happened before quiet is checked.
    await watcher!.waitFor('USER_STATS', (s) => s.userId === mover!.userId && s.action.infoText === 'first');
    await friendsOnly!.waitFor('USER_STATS', (s) => s.userId === mover!.userId && s.action.infoText === 'first');
    const got = await quiet!.settle(2);
    assert.ok(!got.some((p) => p.name === 'USER_STATS' && p.data.userId === mover!.userId), 'filter 0: no stats push');

    // Own stats still answer 3 REQUEST_STATUS_UPDATE whatever the filter.
    const own = await quiet!.send(encodeClient.REQUEST_STATUS_UPDATE());
    assert.ok(own.some((p) => p.name === 'USER_STATS' && p.data.userId === quiet!.userId));

    await quiet!.send(encodeClient.RECEIVE_UPDATES(1));
    await mover!.send(action('second'));
    const back = await quiet!.waitFor('USER_STATS', (s) => s.userId === mover!.userId);
    assert.equal(back.action.infoText, 'second');
  });

  test('the bot names the creator in the match chat; 90 sends 91 to members, never to the lobby', async () => {
    const [host, guest, lobby] = await loginMany(server, 'mpw', 3);
    await lobby!.send(encodeClient.JOIN_LOBBY());
    await host!.send(encodeClient.CREATE_MATCH(matchRequest(host!.userId)));
    const joined = await host!.waitFor('MATCH_JOIN_SUCCESS');
    const line = await host!.waitFor('SEND_MESSAGE', (m) => m.senderId === server.config.botUserId && m.recipient === '#multiplayer');
    assert.equal(line.text, `Match created by ${host!.username}.`);
    await guest!.send(encodeClient.JOIN_MATCH({ matchId: joined.id, password: '' }));
    await guest!.waitFor('MATCH_JOIN_SUCCESS');
    lobby!.clear();

    await host!.send(encodeClient.MATCH_CHANGE_PASSWORD(matchRequest(host!.userId, { id: joined.id, password: 'hunter2' })));
    assert.equal(await guest!.waitFor('MATCH_CHANGE_PASSWORD'), 'hunter2');
    assert.equal(await host!.waitFor('MATCH_CHANGE_PASSWORD'), 'hunter2');
    const update = await lobby!.waitFor('UPDATE_MATCH', (m) => m.id === joined.id);
    assert.notEqual(update.password, 'hunter2', 'the lobby sees the password hidden');
    const lobbyGot = await lobby!.settle(2);
    assert.ok(!lobbyGot.some((p) => p.name === 'MATCH_CHANGE_PASSWORD'), 'no 91 to the lobby');
    await guest!.send(encodeClient.PART_MATCH());
    await host!.send(encodeClient.PART_MATCH());
  });

  test('first login (pending → verified) gets a welcome DM from the bot; the next login does not', async () => {
    const { name } = await newUser(server, 'wel', Privileges.PendingVerification);
    const first = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    const dm = first.packets.find((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId);
    assert.ok(dm && dm.name === 'SEND_MESSAGE', first.packets.map((p) => p.name).join(','));
    assert.equal(dm.data.recipient, name);
    assert.match(dm.data.text, /Welcome/);
    const second = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.equal(second.userId, first.userId);
    assert.ok(!second.packets.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId));
  });

  test('an account with no recorded activity (latest_activity 0) also gets the welcome DM; a normal login none', async () => {
    const { id, name } = await newUser(server, 'idle');
    const normal = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.ok(!normal.packets.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId));
    await server.servers[0]!.deps.storage.users.setLatestActivity(id, 0);
    const first = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.ok(first.packets.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId && p.data.recipient === name));
  });

  test('main-menu icon: 76 `file_id|url` of the current main_menu_icons row; none when unset or malformed', async () => {
    const icons = server.servers[0]!.deps.storage.menuIcons;
    const { name } = await newUser(server, 'icon');
    const sent = async () => (await BanchoClient.attemptLogin(server.url, name, PASSWORD)).packets.filter((p) => p.name === 'MAIN_MENU_ICON').map((p) => p.data);
    assert.deepEqual(await sent(), []);
    await icons.add({ name: 'not current', fileId: 'https://example.test/old.png', url: 'https://example.test/old', isCurrent: false });
    assert.deepEqual(await sent(), [], 'only a current icon is sent');
    await icons.add({ name: 'event', fileId: 'https://example.test/icon.png', url: 'https://example.test/', isCurrent: true });
    assert.deepEqual(await sent(), ['https://example.test/icon.png|https://example.test/']);
    await icons.add({ name: 'no click url', fileId: 'https://example.test/icon2.png', url: '', isCurrent: true });
    assert.deepEqual(await sent(), [], 'no click url: skipped');
  });
});
