/**
 * Packet encoders (shared/spec/bancho-protocol.md §1–2): `encodeServer.X(payload)` and
 * `encodeClient.X(payload)` return one complete packet (7-byte header + payload).
 *
 * Every packet is sized exactly before a single `Buffer.allocUnsafe`, then written once; no
 * growing buffers. The returned Buffers are never touched again by this module, so one encoded
 * packet can be pushed into many sessions' queues (broadcasts encode once). Packets without a
 * payload are encoded once at load time and the same Buffer is returned on every call —
 * callers must treat every returned Buffer as read-only.
 */
import type { FastBuffer } from './fast-buffer.js';
import { HEADER_BYTES } from './framing.js';
import { ClientPacketId, ServerPacketId } from './ids.js';
import type { ClientPacketName, ServerPacketName } from './ids.js';
import type { ClientPayloads, ServerPayloads } from './payloads.js';
import * as w from './primitives-write.js';
import * as s from './structures-write.js';
import type { MatchEncodeOptions } from './structures-write.js';
import type { Match } from './types.js';

export type { MatchEncodeOptions } from './structures-write.js';

/** Allocates header + payload and writes the header; the caller fills bytes 7.. */
function alloc(id: number, length: number): FastBuffer {
  const b = Buffer.allocUnsafe(HEADER_BYTES + length) as FastBuffer;
  b[0] = id;
  b[1] = id >>> 8;
  b[2] = 0;
  w.i32(b, 3, length);
  return b;
}

/** A packet with arbitrary payload bytes (e.g. relaying a client's spectator frames verbatim). */
export function encodeRawPacket(id: number, payload: Uint8Array): Buffer {
  const b = alloc(id, payload.length);
  b.set(payload, HEADER_BYTES);
  return b;
}

/** Concatenates encoded packets into one response body (one allocation). */
export function concatPackets(parts: readonly Uint8Array[]): Buffer {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i]!.length;
  const out = Buffer.allocUnsafe(n);
  let p = 0;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i]!, p);
    p += parts[i]!.length;
  }
  return out;
}

type Encoder<P> = [P] extends [null]
  ? (payload?: null) => Buffer
  : [P] extends [Match]
    ? (payload: P, options?: MatchEncodeOptions) => Buffer
    : (payload: P) => Buffer;

export type ServerEncoders = { readonly [K in ServerPacketName]: Encoder<ServerPayloads[K]> };
export type ClientEncoders = { readonly [K in ClientPacketName]: Encoder<ClientPayloads[K]> };

// --- encoder factories, one per payload shape --------------------------------------------

function emptyPacket(id: number): () => Buffer {
  const b = alloc(id, 0);
  return () => b;
}

function i32Packet(id: number): (v: number) => Buffer {
  return (v) => {
    const b = alloc(id, 4);
    w.i32(b, HEADER_BYTES, v);
    return b;
  };
}

function stringPacket(id: number): (v: string) => Buffer {
  return (v) => {
    const b = alloc(id, w.stringSize(v));
    w.string(b, HEADER_BYTES, v);
    return b;
  };
}

function listPacket(id: number): (v: readonly number[]) => Buffer {
  return (v) => {
    const b = alloc(id, w.i32ListSize(v));
    w.i32List(b, HEADER_BYTES, v);
    return b;
  };
}

function rawPacket(id: number): (v: Uint8Array) => Buffer {
  return (v) => encodeRawPacket(id, v);
}

function structPacket<T>(id: number, size: (v: T) => number, write: (b: FastBuffer, p: number, v: T) => number) {
  return (v: T): Buffer => {
    const b = alloc(id, size(v));
    write(b, HEADER_BYTES, v);
    return b;
  };
}

function matchPacket(id: number): (m: Match, options?: MatchEncodeOptions) => Buffer {
  return (m, options) => {
    const hide = options?.hidePassword === true;
    const b = alloc(id, s.matchSize(m, hide));
    s.writeMatch(b, HEADER_BYTES, m, hide);
    return b;
  };
}

const message = (id: number) => structPacket(id, s.messageSize, s.writeMessage);
const channel = (id: number) => structPacket(id, s.channelSize, s.writeChannel);
const scoreFrame = (id: number) => structPacket(id, s.scoreFrameSize, s.writeScoreFrame);
const frames = (id: number) => structPacket(id, s.replayFrameBundleSize, s.writeReplayFrameBundle);

const S = ServerPacketId;

/** USER_LOGOUT in the 5-byte form (§2.2): i32 user id, u8 quit state 0. */
function userLogout(userId: number): Buffer {
  const b = alloc(S.USER_LOGOUT, 5);
  w.i32(b, HEADER_BYTES, userId);
  b[HEADER_BYTES + 4] = 0;
  return b;
}

export const encodeServer: ServerEncoders = {
  USER_ID: i32Packet(S.USER_ID),
  SEND_MESSAGE: message(S.SEND_MESSAGE),
  PONG: emptyPacket(S.PONG),
  HANDLE_IRC_CHANGE_USERNAME: stringPacket(S.HANDLE_IRC_CHANGE_USERNAME),
  HANDLE_IRC_QUIT: rawPacket(S.HANDLE_IRC_QUIT),
  USER_STATS: structPacket(S.USER_STATS, s.userStatsSize, s.writeUserStats),
  USER_LOGOUT: userLogout,
  SPECTATOR_JOINED: i32Packet(S.SPECTATOR_JOINED),
  SPECTATOR_LEFT: i32Packet(S.SPECTATOR_LEFT),
  SPECTATE_FRAMES: frames(S.SPECTATE_FRAMES),
  VERSION_UPDATE: emptyPacket(S.VERSION_UPDATE),
  SPECTATOR_CANT_SPECTATE: i32Packet(S.SPECTATOR_CANT_SPECTATE),
  GET_ATTENTION: emptyPacket(S.GET_ATTENTION),
  NOTIFICATION: stringPacket(S.NOTIFICATION),
  UPDATE_MATCH: matchPacket(S.UPDATE_MATCH),
  NEW_MATCH: matchPacket(S.NEW_MATCH),
  DISPOSE_MATCH: i32Packet(S.DISPOSE_MATCH),
  TOGGLE_BLOCK_NON_FRIEND_DMS: emptyPacket(S.TOGGLE_BLOCK_NON_FRIEND_DMS),
  MATCH_JOIN_SUCCESS: matchPacket(S.MATCH_JOIN_SUCCESS),
  MATCH_JOIN_FAIL: emptyPacket(S.MATCH_JOIN_FAIL),
  FELLOW_SPECTATOR_JOINED: i32Packet(S.FELLOW_SPECTATOR_JOINED),
  FELLOW_SPECTATOR_LEFT: i32Packet(S.FELLOW_SPECTATOR_LEFT),
  ALL_PLAYERS_LOADED: emptyPacket(S.ALL_PLAYERS_LOADED),
  MATCH_START: matchPacket(S.MATCH_START),
  MATCH_SCORE_UPDATE: scoreFrame(S.MATCH_SCORE_UPDATE),
  MATCH_TRANSFER_HOST: emptyPacket(S.MATCH_TRANSFER_HOST),
  MATCH_ALL_PLAYERS_LOADED: emptyPacket(S.MATCH_ALL_PLAYERS_LOADED),
  MATCH_PLAYER_FAILED: i32Packet(S.MATCH_PLAYER_FAILED),
  MATCH_COMPLETE: emptyPacket(S.MATCH_COMPLETE),
  MATCH_SKIP: emptyPacket(S.MATCH_SKIP),
  UNAUTHORIZED: emptyPacket(S.UNAUTHORIZED),
  CHANNEL_JOIN_SUCCESS: stringPacket(S.CHANNEL_JOIN_SUCCESS),
  CHANNEL_INFO: channel(S.CHANNEL_INFO),
  CHANNEL_KICK: stringPacket(S.CHANNEL_KICK),
  CHANNEL_AUTO_JOIN: channel(S.CHANNEL_AUTO_JOIN),
  BEATMAP_INFO_REPLY: rawPacket(S.BEATMAP_INFO_REPLY),
  PRIVILEGES: i32Packet(S.PRIVILEGES),
  FRIENDS_LIST: listPacket(S.FRIENDS_LIST),
  PROTOCOL_VERSION: i32Packet(S.PROTOCOL_VERSION),
  MAIN_MENU_ICON: stringPacket(S.MAIN_MENU_ICON),
  MONITOR: emptyPacket(S.MONITOR),
  MATCH_PLAYER_SKIPPED: i32Packet(S.MATCH_PLAYER_SKIPPED),
  USER_PRESENCE: structPacket(S.USER_PRESENCE, s.userPresenceSize, s.writeUserPresence),
  RESTART: i32Packet(S.RESTART),
  MATCH_INVITE: message(S.MATCH_INVITE),
  CHANNEL_INFO_END: emptyPacket(S.CHANNEL_INFO_END),
  MATCH_CHANGE_PASSWORD: stringPacket(S.MATCH_CHANGE_PASSWORD),
  SILENCE_END: i32Packet(S.SILENCE_END),
  USER_SILENCED: i32Packet(S.USER_SILENCED),
  USER_PRESENCE_SINGLE: i32Packet(S.USER_PRESENCE_SINGLE),
  USER_PRESENCE_BUNDLE: listPacket(S.USER_PRESENCE_BUNDLE),
  USER_DM_BLOCKED: message(S.USER_DM_BLOCKED),
  TARGET_IS_SILENCED: message(S.TARGET_IS_SILENCED),
  VERSION_UPDATE_FORCED: emptyPacket(S.VERSION_UPDATE_FORCED),
  SWITCH_SERVER: i32Packet(S.SWITCH_SERVER),
  ACCOUNT_RESTRICTED: emptyPacket(S.ACCOUNT_RESTRICTED),
  RTX: stringPacket(S.RTX),
  MATCH_ABORT: emptyPacket(S.MATCH_ABORT),
  SWITCH_TOURNAMENT_SERVER: stringPacket(S.SWITCH_TOURNAMENT_SERVER),
};

const C = ClientPacketId;

/** Client 32: i32 match id + password string. */
function joinMatch(v: { matchId: number; password: string }): Buffer {
  const b = alloc(C.JOIN_MATCH, 4 + w.stringSize(v.password));
  w.string(b, w.i32(b, HEADER_BYTES, v.matchId), v.password);
  return b;
}

/** Client-side encoders: used by the test harness, the load generator and `bench/`. */
export const encodeClient: ClientEncoders = {
  CHANGE_ACTION: structPacket(C.CHANGE_ACTION, s.userActionSize, s.writeUserAction),
  SEND_PUBLIC_MESSAGE: message(C.SEND_PUBLIC_MESSAGE),
  LOGOUT: i32Packet(C.LOGOUT),
  REQUEST_STATUS_UPDATE: emptyPacket(C.REQUEST_STATUS_UPDATE),
  PING: emptyPacket(C.PING),
  START_SPECTATING: i32Packet(C.START_SPECTATING),
  STOP_SPECTATING: emptyPacket(C.STOP_SPECTATING),
  SPECTATE_FRAMES: frames(C.SPECTATE_FRAMES),
  ERROR_REPORT: rawPacket(C.ERROR_REPORT),
  CANT_SPECTATE: emptyPacket(C.CANT_SPECTATE),
  SEND_PRIVATE_MESSAGE: message(C.SEND_PRIVATE_MESSAGE),
  PART_LOBBY: emptyPacket(C.PART_LOBBY),
  JOIN_LOBBY: emptyPacket(C.JOIN_LOBBY),
  CREATE_MATCH: matchPacket(C.CREATE_MATCH),
  JOIN_MATCH: joinMatch,
  PART_MATCH: emptyPacket(C.PART_MATCH),
  MATCH_CHANGE_SLOT: i32Packet(C.MATCH_CHANGE_SLOT),
  MATCH_READY: emptyPacket(C.MATCH_READY),
  MATCH_LOCK: i32Packet(C.MATCH_LOCK),
  MATCH_CHANGE_SETTINGS: matchPacket(C.MATCH_CHANGE_SETTINGS),
  MATCH_START: emptyPacket(C.MATCH_START),
  MATCH_SCORE_UPDATE: scoreFrame(C.MATCH_SCORE_UPDATE),
  MATCH_COMPLETE: emptyPacket(C.MATCH_COMPLETE),
  MATCH_CHANGE_MODS: i32Packet(C.MATCH_CHANGE_MODS),
  MATCH_LOAD_COMPLETE: emptyPacket(C.MATCH_LOAD_COMPLETE),
  MATCH_NO_BEATMAP: emptyPacket(C.MATCH_NO_BEATMAP),
  MATCH_NOT_READY: emptyPacket(C.MATCH_NOT_READY),
  MATCH_FAILED: emptyPacket(C.MATCH_FAILED),
  MATCH_HAS_BEATMAP: emptyPacket(C.MATCH_HAS_BEATMAP),
  MATCH_SKIP_REQUEST: emptyPacket(C.MATCH_SKIP_REQUEST),
  CHANNEL_JOIN: stringPacket(C.CHANNEL_JOIN),
  BEATMAP_INFO_REQUEST: rawPacket(C.BEATMAP_INFO_REQUEST),
  MATCH_TRANSFER_HOST: i32Packet(C.MATCH_TRANSFER_HOST),
  FRIEND_ADD: i32Packet(C.FRIEND_ADD),
  FRIEND_REMOVE: i32Packet(C.FRIEND_REMOVE),
  MATCH_CHANGE_TEAM: emptyPacket(C.MATCH_CHANGE_TEAM),
  CHANNEL_PART: stringPacket(C.CHANNEL_PART),
  RECEIVE_UPDATES: i32Packet(C.RECEIVE_UPDATES),
  SET_AWAY_MESSAGE: message(C.SET_AWAY_MESSAGE),
  IRC_ONLY: rawPacket(C.IRC_ONLY),
  USER_STATS_REQUEST: listPacket(C.USER_STATS_REQUEST),
  MATCH_INVITE: i32Packet(C.MATCH_INVITE),
  MATCH_CHANGE_PASSWORD: matchPacket(C.MATCH_CHANGE_PASSWORD),
  TOURNAMENT_MATCH_INFO_REQUEST: i32Packet(C.TOURNAMENT_MATCH_INFO_REQUEST),
  USER_PRESENCE_REQUEST: listPacket(C.USER_PRESENCE_REQUEST),
  USER_PRESENCE_REQUEST_ALL: i32Packet(C.USER_PRESENCE_REQUEST_ALL),
  TOGGLE_BLOCK_NON_FRIEND_DMS: i32Packet(C.TOGGLE_BLOCK_NON_FRIEND_DMS),
  TOURNAMENT_JOIN_MATCH_CHANNEL: i32Packet(C.TOURNAMENT_JOIN_MATCH_CHANNEL),
  TOURNAMENT_LEAVE_MATCH_CHANNEL: i32Packet(C.TOURNAMENT_LEAVE_MATCH_CHANNEL),
};

/** Encodes by name with a runtime-chosen packet (CLI, tests); typed callers use encodeServer.X. */
export function encodeServerPacket<K extends ServerPacketName>(name: K, payload: ServerPayloads[K], options?: MatchEncodeOptions): Buffer {
  return (encodeServer[name] as (p: ServerPayloads[K], o?: MatchEncodeOptions) => Buffer)(payload, options);
}

export function encodeClientPacket<K extends ClientPacketName>(name: K, payload: ClientPayloads[K], options?: MatchEncodeOptions): Buffer {
  return (encodeClient[name] as (p: ClientPayloads[K], o?: MatchEncodeOptions) => Buffer)(payload, options);
}

