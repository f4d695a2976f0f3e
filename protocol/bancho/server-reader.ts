/** Decoding of server → client bodies (§2.2): used by tests, the load generator and `hayate decode`. */
import type { Cursor } from './cursor.js';
import type { DecodeResult } from './errors.js';
import { buildTable, decodeBody } from './framing.js';
import { ServerPacketId } from './ids.js';
import type { ServerPacket, ServerPayloads } from './payloads.js';
import {
  readChannel,
  readMatch,
  readMessage,
  readReplayFrameBundle,
  readScoreFrame,
  readUserPresence,
  readUserStats,
} from './structures-read.js';

const empty = (): null => null;
const i32 = (c: Cursor): number => c.i32();
const str = (c: Cursor): string => c.string();
const list = (c: Cursor): number[] => c.i32List();
const raw = (c: Cursor): Uint8Array => c.rest();

/** USER_LOGOUT: i32 user id then a u8 quit state; rs's 8-byte (i64) form reads the same id. */
const userLogout = (c: Cursor): number => c.i32();

export const SERVER_DECODERS: { [K in keyof ServerPayloads]: (c: Cursor) => ServerPayloads[K] } = {
  USER_ID: i32,
  SEND_MESSAGE: readMessage,
  PONG: empty,
  HANDLE_IRC_CHANGE_USERNAME: str,
  HANDLE_IRC_QUIT: raw,
  USER_STATS: readUserStats,
  USER_LOGOUT: userLogout,
  SPECTATOR_JOINED: i32,
  SPECTATOR_LEFT: i32,
  SPECTATE_FRAMES: readReplayFrameBundle,
  VERSION_UPDATE: empty,
  SPECTATOR_CANT_SPECTATE: i32,
  GET_ATTENTION: empty,
  NOTIFICATION: str,
  UPDATE_MATCH: readMatch,
  NEW_MATCH: readMatch,
  DISPOSE_MATCH: i32,
  TOGGLE_BLOCK_NON_FRIEND_DMS: empty,
  MATCH_JOIN_SUCCESS: readMatch,
  MATCH_JOIN_FAIL: empty,
  FELLOW_SPECTATOR_JOINED: i32,
  FELLOW_SPECTATOR_LEFT: i32,
  ALL_PLAYERS_LOADED: empty,
  MATCH_START: readMatch,
  MATCH_SCORE_UPDATE: readScoreFrame,
  MATCH_TRANSFER_HOST: empty,
  MATCH_ALL_PLAYERS_LOADED: empty,
  MATCH_PLAYER_FAILED: i32,
  MATCH_COMPLETE: empty,
  MATCH_SKIP: empty,
  UNAUTHORIZED: empty,
  CHANNEL_JOIN_SUCCESS: str,
  CHANNEL_INFO: readChannel,
  CHANNEL_KICK: str,
  CHANNEL_AUTO_JOIN: readChannel,
  BEATMAP_INFO_REPLY: raw,
  PRIVILEGES: i32,
  FRIENDS_LIST: list,
  PROTOCOL_VERSION: i32,
  MAIN_MENU_ICON: str,
  MONITOR: empty,
  MATCH_PLAYER_SKIPPED: i32,
  USER_PRESENCE: readUserPresence,
  RESTART: i32,
  MATCH_INVITE: readMessage,
  CHANNEL_INFO_END: empty,
  MATCH_CHANGE_PASSWORD: str,
  SILENCE_END: i32,
  USER_SILENCED: i32,
  USER_PRESENCE_SINGLE: i32,
  USER_PRESENCE_BUNDLE: list,
  USER_DM_BLOCKED: readMessage,
  TARGET_IS_SILENCED: readMessage,
  VERSION_UPDATE_FORCED: empty,
  SWITCH_SERVER: i32,
  ACCOUNT_RESTRICTED: empty,
  RTX: str,
  MATCH_ABORT: empty,
  SWITCH_TOURNAMENT_SERVER: str,
};

const TABLE = buildTable(ServerPacketId, SERVER_DECODERS);

/** Splits a server response body into typed packets; same contract as readClientPackets. */
export function readServerPackets(body: Uint8Array): DecodeResult<ServerPacket> {
  return decodeBody(body, TABLE) as DecodeResult<ServerPacket>;
}
