/**
 * `!mp` referee commands over real HTTP (embedded server), typed in `#multiplayer` like a real
 * referee would, plus the mod-list parser.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { Mods } from '../../../protocol/osu/mods.js';
import { SlotStatus, SlotTeam } from '../../../protocol/bancho/types.js';
import { Privileges, NORMAL_USER } from '../../domain/privileges.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { parseMods } from '../commands/mp.js';
import { matchRequest } from './multiplayer-scenarios.js';
import { loginUsers } from './spectate-scenarios.js';

const say = (text: string): Buffer => encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text, recipient: '#multiplayer', senderId: 0 });

describe('!mp mod parsing', () => {
  test('acronyms, joined or spaced, numbers, freemod and none', () => {
    assert.deepEqual(parseMods(['HDHR']), { mods: Mods.Hidden | Mods.HardRock, freemod: false });
    assert.deepEqual(parseMods(['hd', 'dt']), { mods: Mods.Hidden | Mods.DoubleTime, freemod: false });
    assert.deepEqual(parseMods(['NC']), { mods: Mods.Nightcore | Mods.DoubleTime, freemod: false });
    assert.deepEqual(parseMods(['freemod', 'DT']), { mods: Mods.DoubleTime, freemod: true });
    assert.deepEqual(parseMods(['none']), { mods: 0, freemod: false });
    assert.deepEqual(parseMods(['24']), { mods: 24, freemod: false });
    assert.throws(() => parseMods(['XY']), /Unknown mod/);
    assert.throws(() => parseMods(['HDH']), /Unknown mods/);
  });
});

describe('!mp referee commands (embedded)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  test('host runs settings, start, abort, size, password, kick; a non-host is refused', async () => {
    const [a, b] = await loginUsers(server, 2, 'ref');
    assert.ok(a && b);
    await a.send(encodeClient.CREATE_MATCH(matchRequest(a.userId)));
    const m = await a.waitFor('MATCH_JOIN_SUCCESS');
    await b.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
    await b.waitFor('MATCH_JOIN_SUCCESS');
    const bot = server.config.botName;

    await a.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text: '!mp make mine', recipient: bot, senderId: 0 }));
    await a.waitFor('SEND_MESSAGE', (msg) => msg.sender === bot && /Only tournament staff/.test(msg.text));

    await b.send(say('!mp start'));
    await b.waitFor('SEND_MESSAGE', (msg) => msg.sender === bot && /Only the host or a referee/.test(msg.text));

    await a.send(say('!mp settings'));
    const settings = await a.waitFor('SEND_MESSAGE', (msg) => msg.sender === bot && msg.text.includes(`Room #${m.id}`));
    assert.match(settings.text, new RegExp(`Slot 2: not ready ${b.username}`));

    await a.send(say('!mp start'));
    await a.waitFor('MATCH_START');
    await b.waitFor('MATCH_START');
    await a.send(say('!mp abort'));
    await b.waitFor('MATCH_ALL_PLAYERS_LOADED');
    await b.waitFor('MATCH_ABORT');
    await a.waitFor('MATCH_ABORT');
    await b.waitFor('UPDATE_MATCH', (u) => !u.inProgress && u.slots[1]!.status === SlotStatus.NotReady);

    await a.send(say('!mp size 3'));
    const sized = await b.waitFor('UPDATE_MATCH', (u) => u.slots[3]!.status === SlotStatus.Locked);
    assert.equal(sized.slots[2]!.status, SlotStatus.Open);

    await a.send(say('!mp password hunter2'));
    assert.equal((await b.waitFor('UPDATE_MATCH', (u) => u.password !== null)).password, 'hunter2');

    await a.send(say('!mp mods HD freemod'));
    const fm = await b.waitFor('UPDATE_MATCH', (u) => u.freemod);
    assert.equal(fm.mods, 0, 'in freemod only speed mods stay match-wide');

    await a.send(say(`!mp kick ${b.username}`));
    await b.waitFor('MATCH_JOIN_FAIL');
    await a.waitFor('UPDATE_MATCH', (u) => !u.slots.some((s) => s.userId === b.userId));
    await a.send(encodeClient.PART_MATCH());
    await a.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
  });

  test('a referee room: make, invite, addref, timer countdown ends, close', async () => {
    const staffName = `tstaff${Date.now() % 100000}`;
    await server.createUser(staffName, 'password1', NORMAL_USER | Privileges.AdminTournamentStaff);
    const referee = await BanchoClient.login(server.url, staffName, 'password1');
    const [player] = await loginUsers(server, 1, 'refp');
    assert.ok(player);
    referee.clear();
    await referee.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text: '!mp make Finals: Blue vs Red', recipient: server.config.botName, senderId: 0 }));
    const made = await referee.waitFor('SEND_MESSAGE', (msg) => /Created the tournament match #\d+/.test(msg.text));
    const id = Number(/#(\d+)/.exec(made.text)![1]);
    await referee.waitFor('CHANNEL_JOIN_SUCCESS', (n) => n === '#multiplayer');
    // The referee may take a seat in its own, still empty room without the room closing under it.
    await referee.send(encodeClient.JOIN_MATCH({ matchId: id, password: '' }));
    assert.equal((await referee.waitFor('MATCH_JOIN_SUCCESS')).slots[0]!.userId, referee.userId);

    await referee.send(say(`!mp invite ${player.username}`));
    const invite = await player.waitFor('MATCH_INVITE');
    assert.match(invite.text, new RegExp(`osump://${id}/`));
    await player.send(encodeClient.JOIN_MATCH({ matchId: id, password: '' }));
    await player.waitFor('MATCH_JOIN_SUCCESS');
    assert.equal((await server.servers[0]!.deps.state.getMatch(id))?.hostId, 0, 'a refereed room has no host until one is named');
    await referee.send(say(`!mp host ${player.username}`));
    await player.waitFor('MATCH_TRANSFER_HOST');
    assert.equal((await player.waitFor('UPDATE_MATCH', (u) => u.hostId === player.userId)).hostId, player.userId);

    await referee.send(say(`!mp addref ${player.username}`));
    await referee.waitFor('SEND_MESSAGE', (msg) => msg.text.includes('is now a referee'));
    assert.ok((await server.servers[0]!.deps.state.getMatch(id))?.refereeIds.includes(player.userId));

    await referee.send(say('!mp timer 1'));
    await referee.waitFor('SEND_MESSAGE', (msg) => msg.text === 'Countdown finished.', 400);
    await referee.send(say('!mp close'));
    await player.waitFor('MATCH_JOIN_FAIL');
    assert.equal(await server.servers[0]!.deps.state.getMatch(id), undefined);
    assert.equal((await server.servers[0]!.deps.state.getSession(referee.token))?.matchId, null);

    // A refereed room nobody plays in or watches any more goes away by itself.
    await referee.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text: '!mp make Abandoned', recipient: server.config.botName, senderId: 0 }));
    const second = Number(/#(\d+)/.exec((await referee.waitFor('SEND_MESSAGE', (msg) => /Created/.test(msg.text))).text)![1]);
    await referee.send(encodeClient.JOIN_MATCH({ matchId: second, password: '' }));
    await referee.waitFor('MATCH_JOIN_SUCCESS');
    await referee.send(encodeClient.PART_MATCH());
    await referee.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
    assert.equal(await server.servers[0]!.deps.state.getMatch(second), undefined);
  });

  test('lock/unlock, move, team, map, clearhost, removeref', async () => {
    const [a, b] = await loginUsers(server, 2, 'ref2');
    assert.ok(a && b);
    await server.servers[0]!.deps.storage.beatmaps.upsert({
      beatmapId: 424242,
      beatmapsetId: 4242,
      beatmapMd5: 'c'.repeat(32),
      songName: 'Composer - Tune [Extra]',
      fileName: 'tune.osu',
      ar: 9,
      od: 8,
      mode: 0,
      maxCombo: 1000,
      hitLength: 120,
      bpm: 180,
      ranked: 2,
      latestUpdate: 0,
      rankedStatusFreezed: false,
      playcount: 0,
      passcount: 0,
      countCircles: null,
      countSliders: null,
      countSpinners: null,
    });
    await a.send(encodeClient.CREATE_MATCH(matchRequest(a.userId, { teamType: 2 })));
    const m = await a.waitFor('MATCH_JOIN_SUCCESS');
    await b.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
    await b.waitFor('MATCH_JOIN_SUCCESS');
    const bot = (re: RegExp) => (msg: { senderId: number; text: string }) => msg.senderId === server.config.botUserId && re.test(msg.text);

    await a.send(say('!mp lock'));
    await a.waitFor('SEND_MESSAGE', bot(/Locked the room/));
    await b.send(encodeClient.MATCH_CHANGE_SLOT(5), encodeClient.MATCH_CHANGE_TEAM());
    assert.match(await b.waitFor('NOTIFICATION'), /locked the slots/);
    assert.match(await b.waitFor('NOTIFICATION'), /locked the teams/);
    await a.send(say('!mp unlock'));
    await a.waitFor('SEND_MESSAGE', bot(/Unlocked/));

    await a.send(say(`!mp move ${b.username} 6`));
    await a.waitFor('UPDATE_MATCH', (u) => u.slots[5]!.userId === b.userId);
    await a.send(say(`!mp team ${b.username} blue`));
    await a.waitFor('UPDATE_MATCH', (u) => u.slots[5]!.team === SlotTeam.Blue);
    await a.send(say('!mp map 424242'));
    const mapped = await b.waitFor('UPDATE_MATCH', (u) => u.beatmapId === 424242);
    assert.deepEqual([mapped.beatmapMd5, mapped.beatmapName], ['c'.repeat(32), 'Composer - Tune [Extra]']);
    await a.send(say('!mp map 999999999'));
    await a.waitFor('SEND_MESSAGE', bot(/does not know beatmap/));

    await a.send(say(`!mp addref ${b.username}`));
    await a.waitFor('SEND_MESSAGE', bot(/is now a referee/));
    await a.send(say('!mp clearhost'));
    await b.waitFor('UPDATE_MATCH', (u) => u.hostId === 0);
    await b.send(say(`!mp removeref ${b.username}`));
    await b.waitFor('SEND_MESSAGE', bot(/no longer a referee/));
    await b.send(say('!mp size 4'));
    await b.waitFor('SEND_MESSAGE', bot(/Only the host or a referee/));
    await Promise.all([a.send(encodeClient.PART_MATCH()), b.send(encodeClient.PART_MATCH())]);
  });
});
