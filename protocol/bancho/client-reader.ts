/** Decoding of client → server bodies (§2.1). */
import type { Cursor } from './cursor.js';
import type { DecodeResult } from './errors.js';
import { buildTable, decodeBody } from './framing.js';
import { ClientPacketId } from './ids.js';
import type { ClientPacket, ClientPayloads } from './payloads.js';
import {
  readJoinMatch,
  readMatch,
  readMessage,
  readReplayFrameBundle,
  readScoreFrame,
  readUserAction,
} from './structures-read.js';

const empty = (): null => null;
const i32 = (c: Cursor): number => c.i32();
const str = (c: Cursor): string => c.string();
const list = (c: Cursor): number[] => c.i32List();
const raw = (c: Cursor): Uint8Array => c.rest();
/**
 * An i32 nobody acts on (LOGOUT's reserved 0, USER_PRESENCE_REQUEST_ALL's "ingame time"): an
 * empty payload reads as 0 instead of failing the whole body (osu-packet sends 98 empty).
 */
const ignoredI32 = (c: Cursor): number => (c.remaining() >= 4 ? c.i32() : 0);

/** One decoder per client packet; the mapped type makes a missing packet a compile error. */
export const CLIENT_DECODERS: { [K in keyof ClientPayloads]: (c: Cursor) => ClientPayloads[K] } = {
  CHANGE_ACTION: readUserAction,
  SEND_PUBLIC_MESSAGE: readMessage,
  LOGOUT: ignoredI32,
  REQUEST_STATUS_UPDATE: empty,
  PING: empty,
  START_SPECTATING: i32,
  STOP_SPECTATING: empty,
  SPECTATE_FRAMES: readReplayFrameBundle,
  ERROR_REPORT: raw,
  CANT_SPECTATE: empty,
  SEND_PRIVATE_MESSAGE: readMessage,
  PART_LOBBY: empty,
  JOIN_LOBBY: empty,
  CREATE_MATCH: readMatch,
  JOIN_MATCH: readJoinMatch,
  PART_MATCH: empty,
  MATCH_CHANGE_SLOT: i32,
  MATCH_READY: empty,
  MATCH_LOCK: i32,
  MATCH_CHANGE_SETTINGS: readMatch,
  MATCH_START: empty,
  MATCH_SCORE_UPDATE: readScoreFrame,
  MATCH_COMPLETE: empty,
  MATCH_CHANGE_MODS: i32,
  MATCH_LOAD_COMPLETE: empty,
  MATCH_NO_BEATMAP: empty,
  MATCH_NOT_READY: empty,
  MATCH_FAILED: empty,
  MATCH_HAS_BEATMAP: empty,
  MATCH_SKIP_REQUEST: empty,
  CHANNEL_JOIN: str,
  BEATMAP_INFO_REQUEST: raw,
  MATCH_TRANSFER_HOST: i32,
  FRIEND_ADD: i32,
  FRIEND_REMOVE: i32,
  MATCH_CHANGE_TEAM: empty,
  CHANNEL_PART: str,
  RECEIVE_UPDATES: i32,
  SET_AWAY_MESSAGE: readMessage,
  IRC_ONLY: raw,
  USER_STATS_REQUEST: list,
  MATCH_INVITE: i32,
  MATCH_CHANGE_PASSWORD: readMatch,
  TOURNAMENT_MATCH_INFO_REQUEST: i32,
  USER_PRESENCE_REQUEST: list,
  USER_PRESENCE_REQUEST_ALL: ignoredI32,
  TOGGLE_BLOCK_NON_FRIEND_DMS: i32,
  TOURNAMENT_JOIN_MATCH_CHANNEL: i32,
  TOURNAMENT_LEAVE_MATCH_CHANNEL: i32,
};

const TABLE = buildTable(ClientPacketId, CLIENT_DECODERS);

/**
 * Splits a client request body into typed packets. Never throws: unknown ids land in `skipped`,
 * the first undecodable packet ends decoding with `error` set and everything before it kept.
 */
export function readClientPackets(body: Uint8Array): DecodeResult<ClientPacket> {
  return decodeBody(body, TABLE) as DecodeResult<ClientPacket>;
}
