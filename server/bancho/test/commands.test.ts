/** `!commands` over real HTTP: the registry's built-ins, privilege checks, hidden answers. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import { loginMany, loginNew } from './bancho-helpers.js';
import { parseCommandLine } from '../commands/registry.js';
import { parseDuration } from '../commands/lookup.js';

const say = (text: string, recipient = '#osu'): Buffer => encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text, recipient, senderId: 0 });
const STAFF = NORMAL_USER | Privileges.AdminChatMod | Privileges.AdminSilenceUsers | Privileges.AdminKickUsers | Privileges.AdminManageBans;

describe('bancho commands', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('command lines and durations parse', () => {
    assert.deepEqual(parseCommandLine('!Roll  50'), { name: 'roll', args: ['50'], rest: '50' });
    assert.equal(parseCommandLine('hello'), null);
    assert.equal(parseCommandLine('!'), null);
    assert.equal(parseDuration('10m'), 600);
    assert.equal(parseDuration('2d'), 172800);
    assert.equal(parseDuration('10x'), null);
    assert.equal(parseDuration('1h30m'), 5400);
    assert.equal(parseDuration('1w'), 604800);
    assert.equal(parseDuration('h1'), null);
  });

  test('!help is hidden: only the caller sees the list', async () => {
    const [a, b] = await loginMany(server, 'help', 2);
    const got = await a!.send(say('!help'));
    const answer = got.find((p) => p.name === 'SEND_MESSAGE');
    assert.ok(answer && answer.data.senderId === server.config.botUserId && /!roll/.test(answer.data.text));
    assert.ok(!/!silence/.test(answer!.data.text), 'players do not see staff commands');
    assert.ok(!(await b!.settle(1)).some((p) => p.name === 'SEND_MESSAGE'));
  });

  test('!roll is shown to the channel with the bot answer', async () => {
    const [a, b] = await loginMany(server, 'roll', 2);
    await a!.send(say('!roll 10'));
    const line = await b!.waitFor('SEND_MESSAGE', (m) => m.senderId === a!.userId);
    assert.equal(line.text, '!roll 10');
    const answer = await b!.waitFor('SEND_MESSAGE', (m) => m.senderId === server.config.botUserId);
    const n = Number(/rolls (\d+) points/.exec(answer.text)?.[1]);
    assert.ok(n >= 0 && n <= 10, answer.text);
    await a!.waitFor('SEND_MESSAGE', (m) => m.senderId === server.config.botUserId);
  });

  test('!stats and !last answer in a DM to the bot', async () => {
    const [a] = await loginMany(server, 'stat', 1);
    const dm = (text: string): Buffer => encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text, recipient: server.config.botName, senderId: 0 });
    const stats = (await a!.send(dm(`!stats ${a!.username}`))).find((p) => p.name === 'SEND_MESSAGE');
    assert.match(stats!.data.text, new RegExp(`${a!.username}.*pp`));
    const last = (await a!.send(dm('!last'))).find((p) => p.name === 'SEND_MESSAGE');
    assert.match(last!.data.text, /no recent score/i);
  });

  test('an unknown command is reported and the line still reaches the channel', async () => {
    const [a, b] = await loginMany(server, 'unkc', 2);
    const got = await a!.send(say('!nosuchcommand please'));
    assert.ok(got.some((p) => p.name === 'NOTIFICATION' && /Unknown command/.test(p.data)));
    await b!.waitFor('SEND_MESSAGE', (m) => m.text === '!nosuchcommand please');
  });

  test('!silence by staff silences the target; a player is refused', async () => {
    const [target, bystander] = await loginMany(server, 'tgt', 2);
    const player = await loginNew(server, 'plyr');
    const refused = await player.send(say(`!silence ${target!.username} 10m spam`));
    assert.ok(refused.some((p) => p.name === 'SEND_MESSAGE' && /not allowed/.test(p.data.text)));
    const mod = await loginNew(server, 'mod', { privileges: STAFF });
    const ok = await mod.send(say(`!silence ${target!.username} 10m being rude`));
    assert.ok(ok.some((p) => p.name === 'SEND_MESSAGE' && /silenced/.test(p.data.text)));
    const left = await target!.waitFor('SILENCE_END');
    assert.ok(left > 590 && left <= 600);
    await bystander!.waitFor('USER_SILENCED', (id) => id === target!.userId);
    const row = await server.servers[0]!.deps.storage.users.findById(target!.userId);
    assert.equal(row!.silenceReason, 'being rude');
    const bad = await mod.send(say('!silence nobody'));
    assert.ok(bad.some((p) => p.name === 'SEND_MESSAGE' && /Usage/.test(p.data.text)));
  });

  test('!kick ends the target session (restart answer) and others see the logout', async () => {
    const [target, other] = await loginMany(server, 'kick', 2);
    const mod = await loginNew(server, 'kmod', { privileges: STAFF });
    await mod.send(say(`!kick ${target!.username} afk too long`));
    const raw = await target!.sendRaw(Buffer.alloc(0));
    assert.equal(raw.token, 'no');
    await other!.waitFor('USER_LOGOUT', (id) => id === target!.userId);
  });

  test('!restrict hides the player (104 + logout for others); !unrestrict brings them back', async () => {
    const [target, other] = await loginMany(server, 'rst', 2);
    const mod = await loginNew(server, 'rmod', { privileges: STAFF });
    await mod.send(say(`!restrict ${target!.username} multi-accounting`));
    await target!.waitFor('ACCOUNT_RESTRICTED');
    await other!.waitFor('USER_LOGOUT', (id) => id === target!.userId);
    const users = server.servers[0]!.deps.storage.users;
    assert.equal((await users.findById(target!.userId))!.privileges & Privileges.PubliclyVisible, 0);
    await mod.send(say(`!unrestrict ${target!.username} appeal accepted`));
    await other!.waitFor('USER_PRESENCE', (p) => p.userId === target!.userId);
    assert.notEqual((await users.findById(target!.userId))!.privileges & Privileges.PubliclyVisible, 0);
  });
});
