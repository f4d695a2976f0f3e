/**
 * Differential test against npm osu-packet 4.1.2 (shared/spec/bancho-protocol.md §8.3): an
 * independent implementation. Server packets: our encodeServer bytes must equal its
 * Bancho.Writer bytes for every packet it gets right (non-empty strings, since it writes ''
 * as 0b00; zero i64 fields, since its i64 writer is broken; its signed 16-bit fields kept in
 * range; its spectate frames lack the trailing sequence). Client packets: whatever its
 * Client.Writer produces, readClientPackets must decode to the same values.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ClientPacketName, ServerPacketName } from '../bancho/ids.js';
import { readClientPackets } from '../bancho/reader.js';
import { encodeServerPacket } from '../bancho/writer.js';
import type { Match, ReplayFrameBundle } from '../bancho/types.js';
import * as A from './arbitraries.js';
import { opChannel, opFrames, opMatch, opMessage, opPresence, opScoreFrame, opStats, opStatus, opWrite } from './osu-packet-compat.js';

const RUNS = 60;

/** Non-empty strings (osu-packet writes '' as 0b00 where we write 00). */
const neStr = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 });
const neMessage = fc.record({ sender: neStr, text: neStr, recipient: neStr, senderId: A.i32 }, { noNullPrototype: true });
const int16Pos = fc.integer({ min: 0, max: 0x7fff });
const smallList = fc.array(A.i32, { maxLength: 40 });
/** A match osu-packet can write: int16 id, non-empty strings, password null or non-empty. */
const opSafeMatch: fc.Arbitrary<Match> = fc
  .tuple(A.match, int16Pos, neStr, fc.option(neStr, { nil: null }), neStr, neStr)
  .map(([m, id, name, password, beatmapName, beatmapMd5]) => ({ ...m, id, name, password, beatmapName, beatmapMd5 }));
const opSafeStats = fc
  .tuple(A.userStats, fc.integer({ min: 0, max: 0x7fff }), neStr, neStr)
  .map(([s, pp, infoText, beatmapMd5]) => ({ ...s, pp, rankedScore: 0n, totalScore: 0n, action: { ...s.action, infoText, beatmapMd5 } }));
const opSafePresence = fc.tuple(A.userPresence, neStr).map(([u, username]) => ({ ...u, username }));
const opSafeChannel = fc.record({ name: neStr, topic: neStr, userCount: int16Pos }, { noNullPrototype: true });

type ServerCase = [method: string, arb: fc.Arbitrary<unknown>, toOp: (v: never) => unknown];
const id = (v: unknown) => v;
const none = fc.constant(null);

const SERVER: Partial<Record<ServerPacketName, ServerCase>> = {
  USER_ID: ['LoginReply', A.i32, id],
  SEND_MESSAGE: ['SendMessage', neMessage, opMessage],
  PONG: ['Ping', none, id],
  HANDLE_IRC_CHANGE_USERNAME: ['HandleIrcChangeUsername', neStr, id],
  USER_STATS: ['HandleOsuUpdate', opSafeStats, opStats],
  USER_LOGOUT: ['HandleUserQuit', A.i32, (userId: number) => ({ userId, state: 0 })],
  SPECTATOR_JOINED: ['SpectatorJoined', A.i32, id],
  SPECTATOR_LEFT: ['SpectatorLeft', A.i32, id],
  VERSION_UPDATE: ['VersionUpdate', none, id],
  SPECTATOR_CANT_SPECTATE: ['SpectatorCantSpectate', A.i32, id],
  GET_ATTENTION: ['GetAttention', none, id],
  NOTIFICATION: ['Announce', neStr, id],
  UPDATE_MATCH: ['MatchUpdate', opSafeMatch, opMatch],
  NEW_MATCH: ['MatchNew', opSafeMatch, opMatch],
  DISPOSE_MATCH: ['MatchDisband', A.i32, id],
  MATCH_JOIN_SUCCESS: ['MatchJoinSuccess', opSafeMatch, opMatch],
  MATCH_JOIN_FAIL: ['MatchJoinFail', none, id],
  FELLOW_SPECTATOR_JOINED: ['FellowSpectatorJoined', A.i32, id],
  FELLOW_SPECTATOR_LEFT: ['FellowSpectatorLeft', A.i32, id],
  MATCH_START: ['MatchStart', opSafeMatch, opMatch],
  MATCH_SCORE_UPDATE: ['MatchScoreUpdate', A.scoreFrame, opScoreFrame],
  MATCH_TRANSFER_HOST: ['MatchTransferHost', none, id],
  MATCH_ALL_PLAYERS_LOADED: ['MatchAllPlayersLoaded', none, id],
  MATCH_PLAYER_FAILED: ['MatchPlayerFailed', A.i32, id],
  MATCH_COMPLETE: ['MatchComplete', none, id],
  MATCH_SKIP: ['MatchSkip', none, id],
  UNAUTHORIZED: ['Unauthorised', none, id],
  CHANNEL_JOIN_SUCCESS: ['ChannelJoinSuccess', neStr, id],
  CHANNEL_INFO: ['ChannelAvailable', opSafeChannel, opChannel],
  CHANNEL_KICK: ['ChannelRevoked', neStr, id],
  CHANNEL_AUTO_JOIN: ['ChannelAvailableAutojoin', opSafeChannel, opChannel],
  PRIVILEGES: ['LoginPermissions', A.i32, id],
  FRIENDS_LIST: ['FriendsList', smallList, id],
  PROTOCOL_VERSION: ['ProtocolNegotiation', A.i32, id],
  MAIN_MENU_ICON: ['TitleUpdate', neStr, id],
  MONITOR: ['Monitor', none, id],
  MATCH_PLAYER_SKIPPED: ['MatchPlayerSkipped', A.i32, id],
  USER_PRESENCE: ['UserPresence', opSafePresence, opPresence],
  RESTART: ['Restart', A.i32, id],
  MATCH_INVITE: ['Invite', neMessage, opMessage],
  CHANNEL_INFO_END: ['ChannelListingComplete', none, id],
  MATCH_CHANGE_PASSWORD: ['MatchChangePassword', neStr, id],
  SILENCE_END: ['BanInfo', A.i32, id],
  USER_SILENCED: ['UserSilenced', A.i32, id],
  USER_PRESENCE_SINGLE: ['UserPresenceSingle', A.i32, id],
  USER_PRESENCE_BUNDLE: ['UserPresenceBundle', smallList, id],
  USER_DM_BLOCKED: ['UserPMBlocked', neMessage, opMessage],
  TARGET_IS_SILENCED: ['TargetIsSilenced', neMessage, opMessage],
  VERSION_UPDATE_FORCED: ['VersionUpdateForced', none, id],
  SWITCH_SERVER: ['SwitchServer', A.i32, id],
  ACCOUNT_RESTRICTED: ['AccountRestricted', none, id],
  RTX: ['RTX', neStr, id],
  SWITCH_TOURNAMENT_SERVER: ['SwitchTourneyServer', neStr, id],
};

describe('encodeServer matches osu-packet Bancho.Writer byte for byte', () => {
  for (const [name, [method, arb, toOp]] of Object.entries(SERVER) as Array<[ServerPacketName, ServerCase]>) {
    test(`${name} = ${method}`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const ours = encodeServerPacket(name, v as never);
          const theirs = opWrite('Bancho', method, v === null ? undefined : toOp(v as never));
          assert.equal(ours.toString('hex'), theirs.toString('hex'));
        }),
        { numRuns: RUNS },
      );
    });
  }

  test('SPECTATE_FRAMES = SpectateFrames, apart from our trailing u16 sequence', () => {
    fc.assert(
      fc.property(A.replayFrameBundle, (bundle: ReplayFrameBundle) => {
        const ours = encodeServerPacket('SPECTATE_FRAMES', bundle);
        const theirs = opWrite('Bancho', 'SpectateFrames', opFrames(bundle));
        const trimmed = Buffer.from(ours.subarray(0, ours.length - 2));
        trimmed.writeUInt32LE(trimmed.length - 7, 3);
        assert.equal(trimmed.toString('hex'), theirs.toString('hex'));
      }),
      { numRuns: RUNS },
    );
  });

  test('MATCH_ABORT = osu-packet "Client" MatchAbort (id 106)', () => {
    assert.equal(encodeServerPacket('MATCH_ABORT', null).toString('hex'), opWrite('Client', 'MatchAbort').toString('hex'));
  });
});

type ClientCase = [method: string, arb: fc.Arbitrary<unknown>, toOp: (v: never) => unknown, expect?: (v: never) => unknown];
const int16Match = fc.tuple(A.match, int16Pos).map(([m, i]) => ({ ...m, id: i }));
/** osu-packet writes a '' password like null (00), so it reads back as null. */
const expectMatch = (m: Match) => ({ ...m, password: m.password === '' ? null : m.password });

const CLIENT: Partial<Record<ClientPacketName, ClientCase>> = {
  CHANGE_ACTION: ['SendUserStatus', A.userAction, opStatus],
  SEND_PUBLIC_MESSAGE: ['SendIrcMessage', A.message, opMessage],
  LOGOUT: ['Exit', A.i32, id],
  REQUEST_STATUS_UPDATE: ['RequestStatusUpdate', none, id],
  PING: ['Pong', none, id],
  START_SPECTATING: ['StartSpectating', A.i32, id],
  STOP_SPECTATING: ['StopSpectating', none, id],
  SPECTATE_FRAMES: ['SpectateFrames', A.replayFrameBundle, opFrames, (r: ReplayFrameBundle) => ({ ...r, sequence: 0 })],
  CANT_SPECTATE: ['CantSpectate', none, id],
  SEND_PRIVATE_MESSAGE: ['SendIrcMessagePrivate', A.message, opMessage],
  PART_LOBBY: ['LobbyPart', none, id],
  JOIN_LOBBY: ['LobbyJoin', none, id],
  CREATE_MATCH: ['MatchCreate', int16Match, opMatch, expectMatch],
  JOIN_MATCH: ['MatchJoin', fc.record({ matchId: A.i32, password: A.str }, { noNullPrototype: true }), (v: { matchId: number; password: string }) => ({ matchId: v.matchId, gamePassword: v.password })],
  PART_MATCH: ['MatchPart', none, id],
  MATCH_CHANGE_SLOT: ['MatchChangeSlot', A.i32, id],
  MATCH_READY: ['MatchReady', none, id],
  MATCH_LOCK: ['MatchLock', A.i32, id],
  MATCH_CHANGE_SETTINGS: ['MatchChangeSettings', int16Match, opMatch, expectMatch],
  MATCH_START: ['MatchStart', none, id],
  MATCH_SCORE_UPDATE: ['MatchScoreUpdate', A.scoreFrame, opScoreFrame],
  MATCH_COMPLETE: ['MatchComplete', none, id],
  MATCH_CHANGE_MODS: ['MatchChangeMods', A.i32, id],
  MATCH_LOAD_COMPLETE: ['MatchLoadComplete', none, id],
  MATCH_NO_BEATMAP: ['MatchNoBeatmap', none, id],
  MATCH_NOT_READY: ['MatchNotReady', none, id],
  MATCH_FAILED: ['MatchFailed', none, id],
  MATCH_HAS_BEATMAP: ['MatchHasBeatmap', none, id],
  MATCH_SKIP_REQUEST: ['MatchSkipRequest', none, id],
  CHANNEL_JOIN: ['ChannelJoin', A.str, id],
  MATCH_TRANSFER_HOST: ['MatchTransferHost', A.i32, id],
  FRIEND_ADD: ['FriendAdd', A.i32, id],
  FRIEND_REMOVE: ['FriendRemove', A.i32, id],
  MATCH_CHANGE_TEAM: ['MatchChangeTeam', none, id],
  CHANNEL_PART: ['ChannelLeave', A.str, id],
  RECEIVE_UPDATES: ['ReceiveUpdates', A.i32, id],
  SET_AWAY_MESSAGE: ['SetIrcAwayMessage', A.message, opMessage],
  USER_STATS_REQUEST: ['UserStatsRequest', smallList, id],
  MATCH_INVITE: ['Invite', A.i32, id],
  MATCH_CHANGE_PASSWORD: ['MatchChangePassword', int16Match, opMatch, expectMatch],
  TOURNAMENT_MATCH_INFO_REQUEST: ['SpecialMatchInfoRequest', A.i32, id],
  USER_PRESENCE_REQUEST: ['UserPresenceRequest', smallList, id],
  // osu-packet sends 98 with an empty payload; we read the ignored i32 as 0.
  USER_PRESENCE_REQUEST_ALL: ['UserPresenceRequestAll', none, id, () => 0],
  TOGGLE_BLOCK_NON_FRIEND_DMS: ['UserToggleBlockNonFriendPM', A.i32, id],
  TOURNAMENT_JOIN_MATCH_CHANNEL: ['SpecialJoinMatchChannel', A.i32, id],
  TOURNAMENT_LEAVE_MATCH_CHANNEL: ['SpecialLeaveMatchChannel', A.i32, id],
};

describe('readClientPackets decodes osu-packet Client.Writer output to the same values', () => {
  for (const [name, [method, arb, toOp, expect]] of Object.entries(CLIENT) as Array<[ClientPacketName, ClientCase]>) {
    test(`${method} → ${name}`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const bytes = opWrite('Client', method, v === null ? undefined : toOp(v as never));
          const r = readClientPackets(bytes);
          assert.equal(r.error, null);
          assert.equal(r.skipped.length, 0);
          assert.equal(r.packets.length, 1);
          assert.equal(r.packets[0]!.name, name);
          assert.deepEqual(r.packets[0]!.data, expect ? expect(v as never) : v);
        }),
        { numRuns: RUNS },
      );
    });
  }

  test('a whole osu-packet client body (several packets) decodes in order', () => {
    const body = Buffer.concat([
      opWrite('Client', 'Pong'),
      opWrite('Client', 'SendIrcMessage', opMessage({ sender: '', text: 'hi', recipient: '#osu', senderId: 0 })),
      opWrite('Client', 'UserStatsRequest', [1, 2, 3]),
    ]);
    const r = readClientPackets(body);
    assert.equal(r.error, null);
    assert.deepEqual(r.packets.map((p) => p.name), ['PING', 'SEND_PUBLIC_MESSAGE', 'USER_STATS_REQUEST']);
  });
});
