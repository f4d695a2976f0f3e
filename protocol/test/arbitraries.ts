/**
 * fast-check arbitraries for every bancho payload, in canonical form: values the wire can carry
 * exactly (f32-representable floats, i64 bigints, absent slot ids/mods as 0), so that
 * decode(encode(x)) deep-equals x. Not a test file; used by the round-trip and fuzz tests.
 */
import fc from 'fast-check';
import type { ClientPacketName, ServerPacketName } from '../bancho/ids.js';
import type { ClientPayloads, ServerPayloads } from '../bancho/payloads.js';
import type {
  Channel,
  Match,
  MatchSlot,
  Message,
  ReplayFrame,
  ReplayFrameBundle,
  ScoreFrame,
  UserAction,
  UserPresence,
  UserStats,
} from '../bancho/types.js';
import { SlotStatus } from '../bancho/types.js';

/** fc.record without null-prototype objects (deepStrictEqual compares prototypes). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
/** fast-check's float() yields 32-bit floats, so they survive an f32 round trip. */
export const f32 = fc.float();
export const f64 = fc.double();
/** Any code points except lone surrogates (which UTF-8 cannot carry); includes '' and multi-byte text. */
export const str = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
  fc.constant(''),
);
export const i32List = fc.array(i32, { maxLength: 50 });
export const bytes = fc.uint8Array({ maxLength: 64 });

export const message: fc.Arbitrary<Message> = rec({ sender: str, text: str, recipient: str, senderId: i32 });
export const channel: fc.Arbitrary<Channel> = rec({ name: str, topic: str, userCount: u16 });
export const userAction: fc.Arbitrary<UserAction> = rec({
  action: u8,
  infoText: str,
  beatmapMd5: str,
  mods: u32,
  mode: u8,
  beatmapId: i32,
});
export const userPresence: fc.Arbitrary<UserPresence> = rec({
  userId: i32,
  username: str,
  utcOffset: fc.integer({ min: -24, max: 231 }),
  countryIndex: u8,
  privileges: fc.integer({ min: 0, max: 31 }),
  mode: fc.integer({ min: 0, max: 7 }),
  longitude: f32,
  latitude: f32,
  globalRank: i32,
});
export const userStats: fc.Arbitrary<UserStats> = rec({
  userId: i32,
  action: userAction,
  rankedScore: i64,
  accuracy: f32,
  playCount: i32,
  totalScore: i64,
  globalRank: i32,
  pp: u16,
});

const scoreFrameBase = {
  time: i32,
  slotId: u8,
  count300: u16,
  count100: u16,
  count50: u16,
  countGeki: u16,
  countKatu: u16,
  countMiss: u16,
  totalScore: i32,
  maxCombo: u16,
  currentCombo: u16,
  perfect: fc.boolean(),
  currentHp: u8,
  tagByte: u8,
};
export const scoreFrame: fc.Arbitrary<ScoreFrame> = fc.oneof(
  rec({ ...scoreFrameBase, scoreV2: fc.constant(false) }),
  rec({ ...scoreFrameBase, scoreV2: fc.constant(true), comboPortion: f64, bonusPortion: f64 }),
);
export const replayFrame: fc.Arbitrary<ReplayFrame> = rec({ buttonState: u8, taikoByte: u8, x: f32, y: f32, time: i32 });
export const replayFrameBundle: fc.Arbitrary<ReplayFrameBundle> = rec({
  extra: i32,
  frames: fc.array(replayFrame, { maxLength: 20 }),
  action: u8,
  scoreFrame,
  sequence: u16,
});

function slot(freemod: boolean): fc.Arbitrary<MatchSlot> {
  return rec({ status: u8, team: u8, userId: i32, mods: u32 }).map((s) => ({
    status: s.status,
    team: s.team,
    userId: (s.status & SlotStatus.HasPlayer) !== 0 ? s.userId : 0,
    mods: freemod ? s.mods : 0,
  }));
}

export const match: fc.Arbitrary<Match> = fc.boolean().chain((freemod) =>
  rec({
    id: u16,
    inProgress: fc.boolean(),
    powerplay: u8,
    mods: u32,
    name: str,
    password: fc.option(str, { nil: null }),
    beatmapName: str,
    beatmapId: i32,
    beatmapMd5: str,
    slots: fc.array(slot(freemod), { minLength: 16, maxLength: 16 }),
    hostId: i32,
    mode: u8,
    winCondition: u8,
    teamType: u8,
    freemod: fc.constant(freemod),
    seed: i32,
  }),
);

const empty = fc.constant(null);

export const clientPayload: { [K in ClientPacketName]: fc.Arbitrary<ClientPayloads[K]> } = {
  CHANGE_ACTION: userAction,
  SEND_PUBLIC_MESSAGE: message,
  LOGOUT: i32,
  REQUEST_STATUS_UPDATE: empty,
  PING: empty,
  START_SPECTATING: i32,
  STOP_SPECTATING: empty,
  SPECTATE_FRAMES: replayFrameBundle,
  ERROR_REPORT: bytes,
  CANT_SPECTATE: empty,
  SEND_PRIVATE_MESSAGE: message,
  PART_LOBBY: empty,
  JOIN_LOBBY: empty,
  CREATE_MATCH: match,
  JOIN_MATCH: rec({ matchId: i32, password: str }),
  PART_MATCH: empty,
  MATCH_CHANGE_SLOT: i32,
  MATCH_READY: empty,
  MATCH_LOCK: i32,
  MATCH_CHANGE_SETTINGS: match,
  MATCH_START: empty,
  MATCH_SCORE_UPDATE: scoreFrame,
  MATCH_COMPLETE: empty,
  MATCH_CHANGE_MODS: i32,
  MATCH_LOAD_COMPLETE: empty,
  MATCH_NO_BEATMAP: empty,
  MATCH_NOT_READY: empty,
  MATCH_FAILED: empty,
  MATCH_HAS_BEATMAP: empty,
  MATCH_SKIP_REQUEST: empty,
  CHANNEL_JOIN: str,
  BEATMAP_INFO_REQUEST: bytes,
  MATCH_TRANSFER_HOST: i32,
  FRIEND_ADD: i32,
  FRIEND_REMOVE: i32,
  MATCH_CHANGE_TEAM: empty,
  CHANNEL_PART: str,
  RECEIVE_UPDATES: i32,
  SET_AWAY_MESSAGE: message,
  IRC_ONLY: bytes,
  USER_STATS_REQUEST: i32List,
  MATCH_INVITE: i32,
  MATCH_CHANGE_PASSWORD: match,
  TOURNAMENT_MATCH_INFO_REQUEST: i32,
  USER_PRESENCE_REQUEST: i32List,
  USER_PRESENCE_REQUEST_ALL: i32,
  TOGGLE_BLOCK_NON_FRIEND_DMS: i32,
  TOURNAMENT_JOIN_MATCH_CHANNEL: i32,
  TOURNAMENT_LEAVE_MATCH_CHANNEL: i32,
};

export const serverPayload: { [K in ServerPacketName]: fc.Arbitrary<ServerPayloads[K]> } = {
  USER_ID: i32,
  SEND_MESSAGE: message,
  PONG: empty,
  HANDLE_IRC_CHANGE_USERNAME: str,
  HANDLE_IRC_QUIT: bytes,
  USER_STATS: userStats,
  USER_LOGOUT: i32,
  SPECTATOR_JOINED: i32,
  SPECTATOR_LEFT: i32,
  SPECTATE_FRAMES: replayFrameBundle,
  VERSION_UPDATE: empty,
  SPECTATOR_CANT_SPECTATE: i32,
  GET_ATTENTION: empty,
  NOTIFICATION: str,
  UPDATE_MATCH: match,
  NEW_MATCH: match,
  DISPOSE_MATCH: i32,
  TOGGLE_BLOCK_NON_FRIEND_DMS: empty,
  MATCH_JOIN_SUCCESS: match,
  MATCH_JOIN_FAIL: empty,
  FELLOW_SPECTATOR_JOINED: i32,
  FELLOW_SPECTATOR_LEFT: i32,
  ALL_PLAYERS_LOADED: empty,
  MATCH_START: match,
  MATCH_SCORE_UPDATE: scoreFrame,
  MATCH_TRANSFER_HOST: empty,
  MATCH_ALL_PLAYERS_LOADED: empty,
  MATCH_PLAYER_FAILED: i32,
  MATCH_COMPLETE: empty,
  MATCH_SKIP: empty,
  UNAUTHORIZED: empty,
  CHANNEL_JOIN_SUCCESS: str,
  CHANNEL_INFO: channel,
  CHANNEL_KICK: str,
  CHANNEL_AUTO_JOIN: channel,
  BEATMAP_INFO_REPLY: bytes,
  PRIVILEGES: i32,
  FRIENDS_LIST: i32List,
  PROTOCOL_VERSION: i32,
  MAIN_MENU_ICON: str,
  MONITOR: empty,
  MATCH_PLAYER_SKIPPED: i32,
  USER_PRESENCE: userPresence,
  RESTART: i32,
  MATCH_INVITE: message,
  CHANNEL_INFO_END: empty,
  MATCH_CHANGE_PASSWORD: str,
  SILENCE_END: i32,
  USER_SILENCED: i32,
  USER_PRESENCE_SINGLE: i32,
  USER_PRESENCE_BUNDLE: i32List,
  USER_DM_BLOCKED: message,
  TARGET_IS_SILENCED: message,
  VERSION_UPDATE_FORCED: empty,
  SWITCH_SERVER: i32,
  ACCOUNT_RESTRICTED: empty,
  RTX: str,
  MATCH_ABORT: empty,
  SWITCH_TOURNAMENT_SERVER: str,
};

/** Any client packet as [name, payload]. */
export const anyClientPacket = fc.oneof(
  ...(Object.keys(clientPayload) as ClientPacketName[]).map((name) =>
    (clientPayload[name] as fc.Arbitrary<unknown>).map((data) => ({ name, data })),
  ),
);
export const anyServerPacket = fc.oneof(
  ...(Object.keys(serverPayload) as ServerPacketName[]).map((name) =>
    (serverPayload[name] as fc.Arbitrary<unknown>).map((data) => ({ name, data })),
  ),
);
