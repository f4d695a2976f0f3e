/**
 * Multiplayer scenarios shared by the embedded test (multiplayer.test.ts) and the two-process Redis
 * test (multiplayer-redis.test.ts). Not a test file itself.
 */
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { Mods } from '../../../protocol/osu/mods.js';
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { Match, ScoreFrame } from '../../../protocol/bancho/types.js';
import { randomBytes } from 'node:crypto';
import { BanchoClient, currentVersion } from '../../test/support/bancho-client.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { loginUsers } from './spectate-scenarios.js';

const MAP_A = { beatmapId: 315, beatmapMd5: '1'.repeat(32), beatmapName: 'Artist - Song [Hard]' };
const MAP_B = { beatmapId: 316, beatmapMd5: '2'.repeat(32), beatmapName: 'Artist - Song [Insane]' };

/** What the client sends in 31/41: its view of the match. */
export function matchRequest(hostId: number, patch: Partial<Match> = {}): Match {
  return {
    id: 0,
    inProgress: false,
    powerplay: 0,
    mods: 0,
    name: 'G2 test room',
    password: null,
    ...MAP_A,
    slots: Array.from({ length: 16 }, (_, i) =>
      i === 0 ? { status: SlotStatus.NotReady, team: 0, userId: hostId, mods: 0 } : { status: SlotStatus.Open, team: 0, userId: 0, mods: 0 },
    ),
    hostId,
    mode: 0,
    winCondition: 0,
    teamType: 0,
    freemod: false,
    seed: 0,
    ...patch,
  };
}

const frame = (slotId: number): ScoreFrame => ({
  time: 5000,
  slotId,
  count300: 50,
  count100: 4,
  count50: 1,
  countGeki: 10,
  countKatu: 2,
  countMiss: 1,
  totalScore: 250000,
  maxCombo: 40,
  currentCombo: 12,
  perfect: false,
  currentHp: 180,
  tagByte: 0,
  scoreV2: true,
  comboPortion: 123.5,
  bonusPortion: 42.25,
});

const userIdsOf = (m: Match): number[] => m.slots.map((s) => s.userId);

/** Creates a match with A as host; returns its in-game id. */
async function create(host: BanchoClient, patch: Partial<Match> = {}): Promise<Match> {
  await host.send(encodeClient.CREATE_MATCH(matchRequest(host.userId, patch)));
  const joined = await host.waitFor('MATCH_JOIN_SUCCESS');
  await host.waitFor('CHANNEL_JOIN_SUCCESS', (n) => n === '#multiplayer');
  return joined;
}

/** Two players from creation to completion, watched by a third client in the lobby. */
export async function fullMatchScenario(server: TestServer, rotate = false): Promise<void> {
  const [a, b, lobby] = await loginUsers(server, 3, 'mp', rotate);
  assert.ok(a && b && lobby);
  await lobby.send(encodeClient.JOIN_LOBBY());

  const created = await create(a, { password: 'secret' });
  assert.equal(created.password, 'secret', 'the creator sees the real password');
  assert.equal(created.hostId, a.userId);
  assert.equal(created.slots[0]!.userId, a.userId);
  const id = created.id;
  assert.ok(id >= 1 && id <= 65535, 'small in-game id');

  // The lobby hears of it with the password hidden — never the text.
  let lobbyRaw: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 50 && lobbyRaw.length === 0; i++) lobbyRaw = (await lobby.sendRaw(Buffer.alloc(0))).body;
  assert.ok(!lobbyRaw.includes(Buffer.from('secret')), 'the password never reaches the lobby');
  const { decodeServer } = await import('../../test/support/bancho-client.js');
  const announced = decodeServer(lobbyRaw).find((p) => p.name === 'NEW_MATCH');
  assert.ok(announced && announced.name === 'NEW_MATCH');
  assert.equal(announced.data.id, id);
  assert.equal(announced.data.password, '', 'present-but-empty: the client shows a lock');

  // Wrong password: 37 + why; right password: 36 + #multiplayer.
  await b.send(encodeClient.JOIN_MATCH({ matchId: id, password: 'nope' }));
  await b.waitFor('MATCH_JOIN_FAIL');
  assert.match(await b.waitFor('NOTIFICATION'), /password/i);
  await b.send(encodeClient.JOIN_MATCH({ matchId: id, password: 'secret' }));
  const joined = await b.waitFor('MATCH_JOIN_SUCCESS');
  assert.equal(joined.slots[1]!.userId, b.userId);
  await b.waitFor('CHANNEL_JOIN_SUCCESS', (n) => n === '#multiplayer');
  await a.waitFor('UPDATE_MATCH', (m) => userIdsOf(m).includes(b.userId));
  const lobbyUpdate = await lobby.waitFor('UPDATE_MATCH', (m) => userIdsOf(m).includes(b.userId));
  assert.equal(lobbyUpdate.password, '');

  // #multiplayer chat reaches the other member.
  await b.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'glhf', recipient: '#multiplayer', senderId: 0 }));
  assert.equal((await a.waitFor('SEND_MESSAGE', (msg) => msg.text === 'glhf')).recipient, '#multiplayer');

  // Ready, then a map change unreadies.
  await b.send(encodeClient.MATCH_READY());
  await a.waitFor('UPDATE_MATCH', (m) => m.slots[1]!.status === SlotStatus.Ready);
  await a.send(encodeClient.MATCH_CHANGE_SETTINGS(matchRequest(a.userId, { ...MAP_B, password: 'secret' })));
  const changed = await b.waitFor('UPDATE_MATCH', (m) => m.beatmapId === MAP_B.beatmapId);
  assert.equal(changed.slots[1]!.status, SlotStatus.NotReady, 'a map change unreadies');
  assert.equal(changed.password, 'secret', 'members get the real password');
  const link = await b.waitFor('SEND_MESSAGE', (msg) => msg.recipient === '#multiplayer' && msg.senderId === server.config.botUserId);
  assert.ok(link.text.includes(`/b/${MAP_B.beatmapId} ${MAP_B.beatmapName}]`), link.text);
  await b.send(encodeClient.MATCH_READY());
  await a.waitFor('UPDATE_MATCH', (m) => m.slots[1]!.status === SlotStatus.Ready);

  // Start → 46 to both; load → 53.
  await a.send(encodeClient.MATCH_START());
  const startA = await a.waitFor('MATCH_START');
  assert.equal(startA.slots[0]!.status, SlotStatus.Playing);
  assert.equal((await b.waitFor('MATCH_START')).slots[1]!.status, SlotStatus.Playing);
  // Both load at the same moment (on two processes in Redis mode): 53 exactly once each.
  await Promise.all([a.send(encodeClient.MATCH_LOAD_COMPLETE()), b.send(encodeClient.MATCH_LOAD_COMPLETE())]);
  await a.waitFor('MATCH_ALL_PLAYERS_LOADED');
  await b.waitFor('MATCH_ALL_PLAYERS_LOADED');
  await Promise.all([a.settle(2), b.settle(2)]);
  assert.ok(!a.has('MATCH_ALL_PLAYERS_LOADED') && !b.has('MATCH_ALL_PLAYERS_LOADED'), '53 is sent once');
  assert.deepEqual(
    await server.servers[0]!.deps.state.getMatch(id).then((m) => m && { game: m.currentGameId !== null, playing: m.inProgress }),
    { game: true, playing: true },
  );

  // The bancho API tells score-service which game a player is in (§6 playerMatchDetails).
  const live = (await server.servers[0]!.deps.state.getMatch(id))!;
  const details = (await (await fetch(`${server.urls.at(-1)}/api/v1/playerMatchDetails?id=${b.userId}`)).json()) as { result: unknown };
  assert.deepEqual(details.result, { match_name: 'G2 test room', match_id: live.dbId, slot_id: 1, game_id: live.currentGameId, team: 0 });

  // Score frames: 48 with the sender's real slot index; ScoreV2 portions kept.
  await b.send(encodeClient.MATCH_SCORE_UPDATE(frame(9)));
  const score = await a.waitFor('MATCH_SCORE_UPDATE');
  assert.equal(score.slotId, 1, 'byte 4 is the sender slot, not what the client wrote');
  assert.deepEqual({ ...score, slotId: 9 }, frame(9));

  // Skip: 81 with the slot index per skipper, 61 once all did.
  await b.send(encodeClient.MATCH_SKIP_REQUEST());
  assert.equal(await a.waitFor('MATCH_PLAYER_SKIPPED'), 1);
  await a.send(encodeClient.MATCH_SKIP_REQUEST());
  await a.waitFor('MATCH_SKIP');
  await b.waitFor('MATCH_SKIP');

  // Fail: 57 with the slot index.
  await b.send(encodeClient.MATCH_FAILED());
  assert.equal(await a.waitFor('MATCH_PLAYER_FAILED'), 1);

  // Complete: 58 once nobody plays; slots back to NotReady.
  await a.send(encodeClient.MATCH_COMPLETE());
  await a.waitFor('UPDATE_MATCH', (m) => m.slots[0]!.status === SlotStatus.Complete);
  assert.ok(!a.has('MATCH_COMPLETE'), 'no 58 while someone still plays');
  await b.send(encodeClient.MATCH_COMPLETE());
  await a.waitFor('MATCH_COMPLETE');
  await b.waitFor('MATCH_COMPLETE');
  const after = await a.waitFor('UPDATE_MATCH', (m) => !m.inProgress);
  assert.deepEqual([after.slots[0]!.status, after.slots[1]!.status], [SlotStatus.NotReady, SlotStatus.NotReady]);

  const dbId = (await server.servers[0]!.deps.state.getMatch(id))!.dbId;
  const storage = server.servers[0]!.deps.storage;
  const games = await storage.matches.games(dbId);
  assert.equal(games.length, 1);
  assert.equal(games[0]!.beatmapId, MAP_B.beatmapId);
  assert.notEqual(games[0]!.endTime, null, 'the game row is closed');

  // Host leaves: B becomes host (50), A gets 66.
  await a.send(encodeClient.PART_MATCH());
  await a.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
  await b.waitFor('MATCH_TRANSFER_HOST');
  const handed = await b.waitFor('UPDATE_MATCH', (m) => m.hostId === b.userId);
  assert.ok(!userIdsOf(handed).includes(a.userId));

  // Last one out: the match is disposed; the lobby gets 28.
  await b.send(encodeClient.PART_MATCH());
  assert.equal(await lobby.waitFor('DISPOSE_MATCH'), id);
  assert.equal(await server.servers[0]!.deps.state.getMatch(id), undefined);

  const events = (await storage.matches.events(dbId)).map((e) => `${e.eventType}:${e.userId ?? ''}`);
  for (const e of [
    `MATCH_CREATION:${a.userId}`,
    `MATCH_USER_JOIN:${a.userId}`,
    `MATCH_USER_JOIN:${b.userId}`,
    `MATCH_GAME_PLAYTHROUGH:${a.userId}`,
    `MATCH_GAME_PLAYTHROUGH:${b.userId}`,
    `MATCH_USER_LEFT:${a.userId}`,
    `MATCH_HOST_ASSIGNMENT:${b.userId}`,
    `MATCH_USER_LEFT:${b.userId}`,
    'MATCH_DISBAND:',
  ]) {
    assert.ok(events.includes(e), `history has ${e} (got ${events.join(', ')})`);
  }
}

/** The host locks an occupied slot: the occupant is kicked (37 + why) and the slot is Locked. */
export async function lockKickScenario(server: TestServer): Promise<void> {
  const [a, b] = await loginUsers(server, 2, 'mplock');
  assert.ok(a && b);
  // Bad input first: refused with a reason, nothing created, the server keeps serving.
  await a.send(encodeClient.CREATE_MATCH(matchRequest(a.userId, { teamType: 9 })));
  await a.waitFor('MATCH_JOIN_FAIL');
  assert.match(await a.waitFor('NOTIFICATION'), /team mode/);
  await b.send(encodeClient.JOIN_MATCH({ matchId: 65535, password: '' }));
  await b.waitFor('MATCH_JOIN_FAIL');
  assert.match(await b.waitFor('NOTIFICATION'), /does not exist/);
  const m = await create(a);
  await a.send(encodeClient.MATCH_LOCK(99), encodeClient.MATCH_CHANGE_SLOT(-5), encodeClient.MATCH_TRANSFER_HOST(2 ** 31 - 1));
  assert.match(await a.waitFor('NOTIFICATION'), /No such slot/);
  await b.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
  await b.waitFor('MATCH_JOIN_SUCCESS');
  await b.send(encodeClient.MATCH_LOCK(1));
  assert.match(await b.waitFor('NOTIFICATION'), /host/);
  await a.send(encodeClient.MATCH_LOCK(1));
  await b.waitFor('MATCH_JOIN_FAIL');
  assert.match(await b.waitFor('NOTIFICATION'), /removed/);
  await b.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
  const locked = await a.waitFor('UPDATE_MATCH', (u) => u.slots[1]!.status === SlotStatus.Locked);
  assert.ok(!userIdsOf(locked).includes(b.userId));
  assert.equal((await server.servers[0]!.deps.state.getSession(b.token))?.matchId, null);
  // Joining again lands in the next Open slot, not the locked one.
  await b.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
  assert.equal((await b.waitFor('MATCH_JOIN_SUCCESS')).slots[2]!.userId, b.userId);
  await b.send(encodeClient.PART_MATCH());
  await a.send(encodeClient.PART_MATCH());
  await a.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
}

/** Freemod: speed mods stay match-wide (host only), the rest moves to each player's slot. */
export async function freemodScenario(server: TestServer): Promise<void> {
  const [a, b] = await loginUsers(server, 2, 'mpfree');
  assert.ok(a && b);
  const m = await create(a, { mods: Mods.DoubleTime | Mods.Hidden });
  await b.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
  await b.waitFor('MATCH_JOIN_SUCCESS');
  await a.send(encodeClient.MATCH_CHANGE_SETTINGS(matchRequest(a.userId, { freemod: true, mods: Mods.DoubleTime | Mods.Hidden })));
  const split = await b.waitFor('UPDATE_MATCH', (u) => u.freemod);
  assert.equal(split.mods, Mods.DoubleTime);
  assert.equal(split.slots[0]!.mods, Mods.Hidden);
  await b.send(encodeClient.MATCH_CHANGE_MODS(Mods.HardRock | Mods.HalfTime));
  const mine = await a.waitFor('UPDATE_MATCH', (u) => u.slots[1]!.mods === Mods.HardRock);
  assert.equal(mine.mods, Mods.DoubleTime, 'a player cannot change the speed mods');
  // RX in one's own slot switches that player's presence to relax stats (effective mode 4).
  await b.send(encodeClient.MATCH_CHANGE_MODS(Mods.Relax));
  await a.waitFor('UPDATE_MATCH', (u) => u.slots[1]!.mods === Mods.Relax);
  assert.equal((await server.servers[0]!.deps.state.getPresence(b.userId))?.mode, 4);
  await a.send(encodeClient.PART_MATCH());
  await b.send(encodeClient.PART_MATCH());
  await b.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
}

/** 87 invites (a player and the bot), 93/108/109 tournament clients, silenced players refused. */
export async function inviteAndTournamentScenario(server: TestServer): Promise<void> {
  const [a, b, muted] = await loginUsers(server, 3, 'mptour');
  assert.ok(a && b && muted);
  const tName = `tour${randomBytes(4).toString('hex')}`;
  await server.createUser(tName, 'password1', NORMAL_USER | Privileges.Donator);
  const t = await BanchoClient.login(server.urls.at(-1)!, tName, 'password1', { version: currentVersion('tourney') });
  t.clear();
  const m = await create(a, { password: 'pw with space' });

  await a.send(encodeClient.MATCH_INVITE(b.userId));
  const invite = await b.waitFor('MATCH_INVITE');
  assert.equal(invite.sender, a.username);
  assert.ok(invite.text.includes(`[osump://${m.id}/pw_with_space G2 test room]`), invite.text);
  await a.send(encodeClient.MATCH_INVITE(server.config.botUserId));
  await a.waitFor('SEND_MESSAGE', (msg) => msg.senderId === server.config.botUserId);

  await t.send(encodeClient.TOURNAMENT_MATCH_INFO_REQUEST(m.id));
  const info = await t.waitFor('UPDATE_MATCH');
  assert.equal(info.id, m.id);
  assert.equal(info.password, '', '93 hides the password');

  await b.send(encodeClient.TOURNAMENT_JOIN_MATCH_CHANNEL(m.id));
  assert.match(await b.waitFor('NOTIFICATION'), /tournament/);
  await t.send(encodeClient.TOURNAMENT_JOIN_MATCH_CHANNEL(m.id));
  await t.waitFor('CHANNEL_JOIN_SUCCESS', (n) => n === '#multiplayer');
  await t.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: 'pw with space' }));
  await t.waitFor('MATCH_JOIN_FAIL');
  assert.match(await t.waitFor('NOTIFICATION'), /watching this match/);

  await b.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: 'pw with space' }));
  await b.waitFor('MATCH_JOIN_SUCCESS');
  await t.waitFor('UPDATE_MATCH', (u) => userIdsOf(u).includes(b.userId));
  await a.send(encodeClient.MATCH_START());
  await t.waitFor('MATCH_START');
  await a.send(encodeClient.MATCH_LOAD_COMPLETE());
  await b.send(encodeClient.MATCH_LOAD_COMPLETE());
  await t.waitFor('MATCH_ALL_PLAYERS_LOADED');
  await b.send(encodeClient.MATCH_SCORE_UPDATE(frame(0)));
  assert.equal((await t.waitFor('MATCH_SCORE_UPDATE')).slotId, 1, 'watchers see the score frames');

  await t.send(encodeClient.TOURNAMENT_LEAVE_MATCH_CHANNEL(m.id));
  await t.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
  t.clear();
  await a.send(encodeClient.MATCH_COMPLETE());
  await b.send(encodeClient.MATCH_COMPLETE());
  await a.waitFor('MATCH_COMPLETE');
  assert.ok(!(await t.settle(2)).some((p) => p.name === 'MATCH_COMPLETE' || p.name === 'UPDATE_MATCH'), 'no updates after 109');

  const now = Math.floor(Date.now() / 1000);
  for (const s of server.servers) await s.deps.state.updateSession(muted.token, { silenceEnd: now + 3600 });
  await muted.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: 'pw with space' }));
  await muted.waitFor('MATCH_JOIN_FAIL');
  assert.match(await muted.waitFor('NOTIFICATION'), /silenced/);

  await a.send(encodeClient.PART_MATCH());
  await b.send(encodeClient.PART_MATCH());
  await b.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
}

/** Seven players join at once (across processes in Redis mode): seven distinct slots, no loss. */
export async function concurrentJoinScenario(server: TestServer): Promise<void> {
  const [host, ...others] = await loginUsers(server, 8, 'mprace');
  assert.ok(host);
  const m = await create(host);
  await Promise.all(others.map((c) => c.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }))));
  const slots = await Promise.all(others.map(async (c) => (await c.waitFor('MATCH_JOIN_SUCCESS')).slots.findIndex((s) => s.userId === c.userId)));
  assert.equal(new Set(slots).size, others.length, `distinct slots: ${slots.join(',')}`);
  const live = (await server.servers[0]!.deps.state.getMatch(m.id))!;
  assert.deepEqual(
    live.slots.filter((s) => s.token !== null).map((s) => s.userId).sort(),
    [host, ...others].map((c) => c!.userId).sort(),
  );
  await Promise.all([host, ...others].map((c) => c!.send(encodeClient.PART_MATCH())));
  assert.equal(await server.servers[0]!.deps.state.getMatch(m.id), undefined, 'disposed once everyone left at once');
}
