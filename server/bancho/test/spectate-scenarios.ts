/**
 * Spectator scenarios shared by the embedded test (spectate.test.ts) and the two-process Redis test
 * (spectate-redis.test.ts). Not a test file itself. Every client talks real HTTP to the server(s).
 */
import assert from 'node:assert/strict';
import { encodeClient, encodeRawPacket } from '../../../protocol/bancho/writer.js';
import { ServerPacketId } from '../../../protocol/bancho/ids.js';
import { ReplayAction } from '../../../protocol/bancho/types.js';
import type { ReplayFrameBundle } from '../../../protocol/bancho/types.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import type { ManualClock } from '../../test/support/manual-clock.js';
import { randomBytes } from 'node:crypto';
import { Privileges } from '../../domain/privileges.js';
import { matchRequest } from './multiplayer-scenarios.js';

export function sampleBundle(seq: number): ReplayFrameBundle {
  return {
    extra: 0,
    frames: [
      { buttonState: 1, taikoByte: 0, x: 256.5, y: 192.25, time: 1000 + seq },
      { buttonState: 5, taikoByte: 0, x: 300, y: 100, time: 1016 + seq },
    ],
    action: ReplayAction.Standard,
    scoreFrame: {
      time: 1016 + seq,
      slotId: 0,
      count300: 12,
      count100: 3,
      count50: 1,
      countGeki: 2,
      countKatu: 1,
      countMiss: 0,
      totalScore: 123456,
      maxCombo: 16,
      currentCombo: 16,
      perfect: true,
      currentHp: 200,
      tagByte: 0,
      scoreV2: false,
    },
    sequence: seq,
  };
}

/**
 * Logs in fresh users. With several processes, client i logs in and polls process i % n; with
 * `rotate` its requests then alternate over every process (a poll may land anywhere).
 */
export async function loginUsers(server: TestServer, count: number, prefix: string, rotate = false): Promise<BanchoClient[]> {
  const clients: BanchoClient[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix.slice(0, 6)}${randomBytes(4).toString('hex')}`;
    await server.createUser(name, 'password1');
    const urls = server.urls;
    const first = urls[i % urls.length]!;
    const others = rotate ? urls.filter((u) => u !== first) : [];
    clients.push(await BanchoClient.login(first, name, 'password1', { alsoUrls: others }));
  }
  for (const c of clients) c.clear();
  return clients;
}

/** Host + 2 spectators: announcements, byte-exact frames, fellow notices, stop, cant-spectate. */
export async function spectatorGroupScenario(server: TestServer, rotate = false): Promise<void> {
  const [host, s1, s2] = await loginUsers(server, 3, 'spec', rotate);
  assert.ok(host && s1 && s2);

  await s1.send(encodeClient.START_SPECTATING(host.userId));
  assert.equal(await s1.waitFor('CHANNEL_JOIN_SUCCESS', (n) => n === '#spectator'), '#spectator');
  assert.equal(await host.waitFor('SPECTATOR_JOINED'), s1.userId);
  assert.equal(await host.waitFor('CHANNEL_JOIN_SUCCESS', (n) => n === '#spectator'), '#spectator');

  await s2.send(encodeClient.START_SPECTATING(host.userId));
  assert.equal(await s2.waitFor('FELLOW_SPECTATOR_JOINED'), s1.userId);
  assert.equal(await s1.waitFor('FELLOW_SPECTATOR_JOINED'), s2.userId);
  assert.equal(await host.waitFor('SPECTATOR_JOINED'), s2.userId);

  // Frames: relayed as 15 with the very same payload bytes, never echoed to the host.
  const frames = encodeClient.SPECTATE_FRAMES(sampleBundle(7));
  const expected = encodeRawPacket(ServerPacketId.SPECTATE_FRAMES, frames.subarray(7));
  const hostAnswer = await host.send(frames);
  assert.ok(!hostAnswer.some((p) => p.name === 'SPECTATE_FRAMES'), 'the host does not get its own frames');
  let raw: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 50 && !raw.includes(expected); i++) raw = Buffer.concat([raw, (await s1.sendRaw(Buffer.alloc(0))).body]);
  assert.ok(raw.includes(expected), 'spectator 1 receives the frames byte for byte');
  const got = await s2.waitFor('SPECTATE_FRAMES');
  assert.deepEqual(got.frames.map((f) => f.time), [1007, 1023]);
  assert.equal(got.sequence, 7);

  // #spectator chat: one line reaches the host and the other spectator, not the sender.
  await s1.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'nice play', recipient: '#spectator', senderId: 0 }));
  assert.equal((await host.waitFor('SEND_MESSAGE', (msg) => msg.text === 'nice play')).recipient, '#spectator');
  assert.equal((await s2.waitFor('SEND_MESSAGE', (msg) => msg.text === 'nice play')).sender, s1.username);

  // 21: the host and the other spectators learn who lacks the map.
  await s2.send(encodeClient.CANT_SPECTATE());
  assert.equal(await host.waitFor('SPECTATOR_CANT_SPECTATE'), s2.userId);
  assert.equal(await s1.waitFor('SPECTATOR_CANT_SPECTATE'), s2.userId);

  // Re-requesting the same host only re-announces.
  await s2.send(encodeClient.START_SPECTATING(host.userId));
  assert.equal(await host.waitFor('SPECTATOR_JOINED'), s2.userId);
  assert.equal(await s1.waitFor('FELLOW_SPECTATOR_JOINED'), s2.userId);

  // Stop: host gets 14, the fellow 43, the leaver 66.
  await s1.send(encodeClient.STOP_SPECTATING());
  assert.equal(await s1.waitFor('CHANNEL_KICK', (n) => n === '#spectator'), '#spectator');
  assert.equal(await host.waitFor('SPECTATOR_LEFT'), s1.userId);
  assert.equal(await s2.waitFor('FELLOW_SPECTATOR_LEFT'), s1.userId);
  s1.clear();
  await host.send(encodeClient.SPECTATE_FRAMES(sampleBundle(8)));
  await s2.waitFor('SPECTATE_FRAMES', (b) => b.sequence === 8);
  assert.ok(!(await s1.settle(2)).some((p) => p.name === 'SPECTATE_FRAMES'), 'a stopped spectator gets no frames');

  // The last spectator leaving dissolves the group: the host leaves #spectator.
  await s2.send(encodeClient.STOP_SPECTATING());
  assert.equal(await host.waitFor('CHANNEL_KICK', (n) => n === '#spectator'), '#spectator');
}

/** The host logging out dissolves the group; spectators are let go. */
export async function hostLogoutScenario(server: TestServer, clock: ManualClock, rotate = false): Promise<void> {
  const [host, s1] = await loginUsers(server, 2, 'specout', rotate);
  assert.ok(host && s1);
  await s1.send(encodeClient.START_SPECTATING(host.userId));
  await host.waitFor('SPECTATOR_JOINED');
  clock.advance(2000); // a LOGOUT right after login is ignored (bpy rule)
  await host.send(encodeClient.LOGOUT(0));
  assert.equal(await s1.waitFor('CHANNEL_KICK', (n) => n === '#spectator'), '#spectator');
  assert.equal(await s1.waitFor('USER_LOGOUT', (id) => id === host.userId), host.userId);
  const session = await server.servers[0]!.deps.state.getSession(s1.token);
  assert.equal(session?.spectating, null);
  // Spectating again now answers "not online".
  await s1.send(encodeClient.START_SPECTATING(host.userId));
  assert.match(await s1.waitFor('NOTIFICATION', (t) => /not online/.test(t)), /not online/);
}

/** Offline users and the bot cannot be watched. */
export async function unwatchableScenario(server: TestServer): Promise<void> {
  const [viewer] = await loginUsers(server, 1, 'specoff');
  assert.ok(viewer);
  const offlineId = await server.createUser(`off${randomBytes(4).toString('hex')}`, 'password1');
  await viewer.send(encodeClient.START_SPECTATING(offlineId));
  assert.match(await viewer.waitFor('NOTIFICATION'), /not online/);
  assert.equal((await server.servers[0]!.deps.state.getSession(viewer.token))?.spectating, null);
  await viewer.send(encodeClient.START_SPECTATING(server.config.botUserId));
  const stop = await viewer.waitFor('SPECTATE_FRAMES');
  assert.equal(stop.action, ReplayAction.WatchingOther);
  assert.equal(stop.extra, viewer.userId, 'the fake 15 names the requester, which makes the client stop');

  // A restricted player is answered the same way (never left waiting), whoever the target.
  const name = `rstr${randomBytes(4).toString('hex')}`;
  await server.createUser(name, 'password1', Privileges.CanLogin);
  const restricted = await BanchoClient.login(server.url, name, 'password1');
  restricted.clear();
  await restricted.send(encodeClient.START_SPECTATING(viewer.userId));
  const refused = await restricted.waitFor('SPECTATE_FRAMES');
  assert.deepEqual([refused.action, refused.extra], [ReplayAction.WatchingOther, restricted.userId]);
  await restricted.send(encodeClient.CREATE_MATCH(matchRequest(restricted.userId)));
  await restricted.waitFor('MATCH_JOIN_FAIL');
  assert.equal((await server.servers[0]!.deps.state.listMatches()).length, 0, 'no match was created');
}

/**
 * The idle sweep claims a host (its session is already gone from state when the logout procedure
 * runs): its spectators are let go and its match passes to the other player.
 */
export async function idleHostScenario(server: TestServer, clock: ManualClock): Promise<void> {
  const [host, spectator, player] = await loginUsers(server, 3, 'specidle');
  assert.ok(host && spectator && player);
  await host.send(encodeClient.CREATE_MATCH(matchRequest(host.userId)));
  const m = await host.waitFor('MATCH_JOIN_SUCCESS');
  await player.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
  await player.waitFor('MATCH_JOIN_SUCCESS');
  await spectator.send(encodeClient.START_SPECTATING(host.userId));
  await host.waitFor('SPECTATOR_JOINED');

  clock.advance((server.config.sessionIdleSeconds + 60) * 1000);
  await spectator.poll();
  await player.poll();
  const { expireIdleSessions } = await import('../logout/expire-idle.js');
  assert.ok((await expireIdleSessions(server.servers[0]!.deps)) >= 1);

  await spectator.waitFor('CHANNEL_KICK', (n) => n === '#spectator');
  assert.equal((await server.servers[0]!.deps.state.getSession(spectator.token))?.spectating, null);
  await player.waitFor('MATCH_TRANSFER_HOST');
  const handed = await player.waitFor('UPDATE_MATCH', (u) => u.hostId === player.userId);
  assert.ok(!handed.slots.some((s) => s.userId === host.userId), 'the expired host left the match');
  await player.send(encodeClient.PART_MATCH());
  await player.waitFor('CHANNEL_KICK', (n) => n === '#multiplayer');
}
