/**
 * Chat over real HTTP (§4.2): channel join/part with member counts, public messages reaching the
 * other members only, DMs to online/offline/blocking/silenced users, away messages, truncation,
 * silences and the auto-silence spam rule.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { loginMany, loginNew, newUser, PASSWORD } from './bancho-helpers.js';

const say = (text: string, recipient: string): Buffer => encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text, recipient, senderId: 0 });
const dm = (text: string, recipient: string): Buffer => encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text, recipient, senderId: 0 });

describe('bancho chat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a public message reaches the other members of the channel, not the sender or non-members', async () => {
    const [alice, bob, carol] = await loginMany(server, 'pub', 3);
    await carol!.send(encodeClient.CHANNEL_PART('#osu'));
    await alice!.send(say('  hello #osu  ', '#osu'));
    const got = await bob!.waitFor('SEND_MESSAGE', (m) => m.senderId === alice!.userId);
    assert.deepEqual(got, { sender: alice!.username, text: 'hello #osu', recipient: '#osu', senderId: alice!.userId });
    const aliceGot = await alice!.settle(2);
    assert.ok(!aliceGot.some((p) => p.name === 'SEND_MESSAGE'), 'the sender does not get an echo');
    const carolGot = await carol!.settle(2);
    assert.ok(!carolGot.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === alice!.userId), 'non-members get nothing');
  });

  test('join and part answer 64 and refresh the member count (65) for everyone', async () => {
    const [a, b] = await loginMany(server, 'cnt', 2);
    // #lobby is joinable only from the multiplayer lobby (JOIN_LOBBY first).
    const answer = await a!.send(encodeClient.JOIN_LOBBY(), encodeClient.CHANNEL_JOIN('#lobby'));
    assert.ok(answer.some((p) => p.name === 'CHANNEL_JOIN_SUCCESS' && p.data === '#lobby'));
    const joined = await b!.waitFor('CHANNEL_INFO', (c) => c.name === '#lobby');
    await b!.send(encodeClient.JOIN_LOBBY(), encodeClient.CHANNEL_JOIN('#lobby'));
    const two = await a!.waitFor('CHANNEL_INFO', (c) => c.name === '#lobby' && c.userCount === joined.userCount + 1);
    await b!.send(encodeClient.CHANNEL_PART('#lobby'));
    const back = await a!.waitFor('CHANNEL_INFO', (c) => c.name === '#lobby' && c.userCount === two.userCount - 1);
    assert.equal(back.userCount, joined.userCount);
  });

  test('joining an unknown channel is refused with 66; pseudo-channels are ignored', async () => {
    const [a] = await loginMany(server, 'unk', 1);
    const got = await a!.send(encodeClient.CHANNEL_JOIN('#does-not-exist'), encodeClient.CHANNEL_JOIN('#highlight'));
    assert.ok(got.some((p) => p.name === 'CHANNEL_KICK' && p.data === '#does-not-exist'));
    assert.ok(!got.some((p) => p.name === 'CHANNEL_JOIN_SUCCESS'));
  });

  test('writing to a channel one has not joined is refused with a notification', async () => {
    const [a, b] = await loginMany(server, 'nomem', 2);
    const got = await a!.send(say('hi', '#lobby'));
    assert.ok(got.some((p) => p.name === 'NOTIFICATION'));
    assert.ok(!(await b!.settle(1)).some((p) => p.name === 'SEND_MESSAGE'));
  });

  test('long messages are cut at 2000 characters with a notice', async () => {
    const [a, b] = await loginMany(server, 'long', 2);
    const got = await a!.send(say('x'.repeat(2500), '#osu'));
    assert.ok(got.some((p) => p.name === 'NOTIFICATION' && /truncated/.test(p.data)));
    const m = await b!.waitFor('SEND_MESSAGE', (x) => x.senderId === a!.userId);
    assert.equal(m.text, 'x'.repeat(2000) + '... (truncated)');
  });

  test('a DM reaches every session of the online target and is stored read', async () => {
    const [a, b] = await loginMany(server, 'dm', 2);
    await a!.send(dm('psst', b!.username));
    const m = await b!.waitFor('SEND_MESSAGE', (x) => x.senderId === a!.userId);
    assert.deepEqual(m, { sender: a!.username, text: 'psst', recipient: b!.username, senderId: a!.userId });
    assert.deepEqual(await server.servers[0]!.deps.storage.messages.unreadFor(b!.userId), []);
  });

  test('a DM to an offline user is stored, the sender told, and delivered at the next login', async () => {
    const [a] = await loginMany(server, 'off', 1);
    const { name } = await newUser(server, 'later');
    const got = await a!.send(dm('see you later', name));
    assert.ok(got.some((p) => p.name === 'NOTIFICATION' && /offline/.test(p.data)));
    const b = await BanchoClient.login(server.url, name, PASSWORD);
    const names = b.loginPackets.map((p) => p.name);
    const msg = b.loginPackets.find((p) => p.name === 'SEND_MESSAGE');
    assert.ok(msg, names.join(','));
    assert.deepEqual(msg!.data, { sender: a!.username, text: 'see you later', recipient: name, senderId: a!.userId });
    assert.ok(names.indexOf('SEND_MESSAGE') > names.indexOf('USER_PRESENCE_BUNDLE'), 'offline DMs come last');
    const again = await BanchoClient.login(server.url, name, PASSWORD);
    assert.ok(!again.loginPackets.some((p) => p.name === 'SEND_MESSAGE'), 'delivered once, then marked read');
  });

  test('a target accepting only friends answers 100 to strangers; friends get through', async () => {
    const [a, friend] = await loginMany(server, 'blk', 2);
    const b = await loginNew(server, 'blocker', { blockNonFriendDms: true });
    await b.send(encodeClient.FRIEND_ADD(friend!.userId));
    const refused = await a!.send(dm('hello?', b.username));
    const blocked = refused.find((p) => p.name === 'USER_DM_BLOCKED');
    assert.ok(blocked);
    assert.deepEqual(blocked!.data, { sender: '', text: '', recipient: b.username, senderId: 0 });
    await friend!.send(dm('hi friend', b.username));
    await b.waitFor('SEND_MESSAGE', (m) => m.senderId === friend!.userId);
    // Toggling 99 off lets everyone through again.
    await b.send(encodeClient.TOGGLE_BLOCK_NON_FRIEND_DMS(0));
    await a!.send(dm('now?', b.username));
    await b.waitFor('SEND_MESSAGE', (m) => m.senderId === a!.userId && m.text === 'now?');
  });

  test('a DM to a silenced user answers 101', async () => {
    const [a, b] = await loginMany(server, 'tsil', 2);
    const now = Math.floor(Date.now() / 1000);
    await server.servers[0]!.deps.storage.users.setSilence(b!.userId, now + 600, 'test');
    const got = await a!.send(dm('hey', b!.username));
    assert.ok(got.some((p) => p.name === 'TARGET_IS_SILENCED' && p.data.recipient === b!.username));
  });

  test('away message: the sender gets it back once', async () => {
    const [a, b] = await loginMany(server, 'away', 2);
    await b!.send(encodeClient.SET_AWAY_MESSAGE({ sender: '', text: 'brb dinner', recipient: '', senderId: 0 }));
    const first = await a!.send(dm('you there?', b!.username));
    const away = first.filter((p) => p.name === 'SEND_MESSAGE');
    assert.equal(away.length, 1);
    assert.deepEqual(away[0]!.data, { sender: b!.username, text: 'brb dinner', recipient: a!.username, senderId: b!.userId });
    const second = await a!.send(dm('hello??', b!.username));
    assert.ok(!second.some((p) => p.name === 'SEND_MESSAGE'), 'only once per sender');
  });

  test('a silenced player chatting is dropped with a notification; others keep chatting', async () => {
    const [a, b, c] = await loginMany(server, 'sil', 3);
    const deps = server.servers[0]!.deps;
    const { silenceUser } = await import('../chat/silence.js');
    await silenceUser(deps, a!.userId, 120, 'test');
    const notice = await a!.waitFor('SILENCE_END');
    assert.ok(notice > 100 && notice <= 120);
    await b!.waitFor('USER_SILENCED', (id) => id === a!.userId);
    const got = await a!.send(say('can you hear me', '#osu'), dm('or me?', c!.username));
    assert.equal(got.filter((p) => p.name === 'NOTIFICATION' && /silenced/.test(p.data)).length, 2);
    await b!.send(say('still here', '#osu'));
    await c!.waitFor('SEND_MESSAGE', (m) => m.senderId === b!.userId);
    const cGot = await c!.settle(1);
    assert.ok(!cGot.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === a!.userId));
  });

  test('spam: the 10th message within 10 s silences the sender for 300 s', async () => {
    const [a, b] = await loginMany(server, 'spam', 2);
    const lines = Array.from({ length: 12 }, (_, i) => say(`spam ${i}`, '#osu'));
    const got = await a!.send(...lines);
    assert.ok(got.some((p) => p.name === 'SILENCE_END' && p.data > 290 && p.data <= 300) || (await a!.waitFor('SILENCE_END')) > 290);
    const delivered = (await b!.settle(2)).filter((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === a!.userId);
    assert.equal(delivered.length, 9, 'the first nine went through');
    const row = await server.servers[0]!.deps.storage.users.findById(a!.userId);
    assert.equal(row!.silenceReason, 'Spamming (Auto-Silence)');
  });

  test('a DM to the bot answers from the bot', async () => {
    const [a] = await loginMany(server, 'bot', 1);
    const got = await a!.send(dm('hello bot', server.config.botName));
    const reply = got.find((p) => p.name === 'SEND_MESSAGE');
    assert.ok(reply);
    assert.equal(reply!.data.senderId, server.config.botUserId);
  });
});
