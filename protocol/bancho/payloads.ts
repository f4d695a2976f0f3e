/**
 * The payload type of every packet, by name (shared/spec/bancho-protocol.md §2). The reader
 * produces `ClientPacket`/`ServerPacket` values typed by these maps and the writers
 * (`encodeServer.X(payload)`, `encodeClient.X(payload)`) take them, so a handler table can be
 * checked by the compiler against the full list of client packets.
 *
 * `null` = empty payload. `Uint8Array` = bytes nobody parses (kept as a view into the body).
 */
import type { ClientPacketId, ClientPacketName, ServerPacketId, ServerPacketName } from './ids.js';
import type { Channel, Match, Message, ReplayFrameBundle, ScoreFrame, UserAction, UserPresence, UserStats } from './types.js';

export interface ClientPayloads {
  CHANGE_ACTION: UserAction;
  SEND_PUBLIC_MESSAGE: Message;
  LOGOUT: number;
  REQUEST_STATUS_UPDATE: null;
  PING: null;
  START_SPECTATING: number;
  STOP_SPECTATING: null;
  SPECTATE_FRAMES: ReplayFrameBundle;
  ERROR_REPORT: Uint8Array;
  CANT_SPECTATE: null;
  SEND_PRIVATE_MESSAGE: Message;
  PART_LOBBY: null;
  JOIN_LOBBY: null;
  CREATE_MATCH: Match;
  JOIN_MATCH: { matchId: number; password: string };
  PART_MATCH: null;
  MATCH_CHANGE_SLOT: number;
  MATCH_READY: null;
  MATCH_LOCK: number;
  MATCH_CHANGE_SETTINGS: Match;
  MATCH_START: null;
  MATCH_SCORE_UPDATE: ScoreFrame;
  MATCH_COMPLETE: null;
  MATCH_CHANGE_MODS: number;
  MATCH_LOAD_COMPLETE: null;
  MATCH_NO_BEATMAP: null;
  MATCH_NOT_READY: null;
  MATCH_FAILED: null;
  MATCH_HAS_BEATMAP: null;
  MATCH_SKIP_REQUEST: null;
  CHANNEL_JOIN: string;
  BEATMAP_INFO_REQUEST: Uint8Array;
  MATCH_TRANSFER_HOST: number;
  FRIEND_ADD: number;
  FRIEND_REMOVE: number;
  MATCH_CHANGE_TEAM: null;
  CHANNEL_PART: string;
  RECEIVE_UPDATES: number;
  SET_AWAY_MESSAGE: Message;
  IRC_ONLY: Uint8Array;
  USER_STATS_REQUEST: number[];
  MATCH_INVITE: number;
  MATCH_CHANGE_PASSWORD: Match;
  TOURNAMENT_MATCH_INFO_REQUEST: number;
  USER_PRESENCE_REQUEST: number[];
  USER_PRESENCE_REQUEST_ALL: number;
  TOGGLE_BLOCK_NON_FRIEND_DMS: number;
  TOURNAMENT_JOIN_MATCH_CHANNEL: number;
  TOURNAMENT_LEAVE_MATCH_CHANNEL: number;
}

export interface ServerPayloads {
  USER_ID: number;
  SEND_MESSAGE: Message;
  PONG: null;
  /** `"old>>>>new"`. */
  HANDLE_IRC_CHANGE_USERNAME: string;
  HANDLE_IRC_QUIT: Uint8Array;
  USER_STATS: UserStats;
  /** 5-byte form: user id, quit state 0. */
  USER_LOGOUT: number;
  SPECTATOR_JOINED: number;
  SPECTATOR_LEFT: number;
  SPECTATE_FRAMES: ReplayFrameBundle;
  VERSION_UPDATE: null;
  SPECTATOR_CANT_SPECTATE: number;
  GET_ATTENTION: null;
  NOTIFICATION: string;
  UPDATE_MATCH: Match;
  NEW_MATCH: Match;
  DISPOSE_MATCH: number;
  TOGGLE_BLOCK_NON_FRIEND_DMS: null;
  MATCH_JOIN_SUCCESS: Match;
  MATCH_JOIN_FAIL: null;
  FELLOW_SPECTATOR_JOINED: number;
  FELLOW_SPECTATOR_LEFT: number;
  ALL_PLAYERS_LOADED: null;
  MATCH_START: Match;
  MATCH_SCORE_UPDATE: ScoreFrame;
  MATCH_TRANSFER_HOST: null;
  MATCH_ALL_PLAYERS_LOADED: null;
  MATCH_PLAYER_FAILED: number;
  MATCH_COMPLETE: null;
  MATCH_SKIP: null;
  UNAUTHORIZED: null;
  CHANNEL_JOIN_SUCCESS: string;
  CHANNEL_INFO: Channel;
  CHANNEL_KICK: string;
  CHANNEL_AUTO_JOIN: Channel;
  BEATMAP_INFO_REPLY: Uint8Array;
  PRIVILEGES: number;
  FRIENDS_LIST: number[];
  PROTOCOL_VERSION: number;
  /** `image url|click url`. */
  MAIN_MENU_ICON: string;
  MONITOR: null;
  MATCH_PLAYER_SKIPPED: number;
  USER_PRESENCE: UserPresence;
  RESTART: number;
  MATCH_INVITE: Message;
  CHANNEL_INFO_END: null;
  MATCH_CHANGE_PASSWORD: string;
  SILENCE_END: number;
  USER_SILENCED: number;
  USER_PRESENCE_SINGLE: number;
  USER_PRESENCE_BUNDLE: number[];
  USER_DM_BLOCKED: Message;
  TARGET_IS_SILENCED: Message;
  VERSION_UPDATE_FORCED: null;
  SWITCH_SERVER: number;
  ACCOUNT_RESTRICTED: null;
  RTX: string;
  MATCH_ABORT: null;
  SWITCH_TOURNAMENT_SERVER: string;
}

/** A decoded client packet; `payload` is a view of its raw payload bytes (for byte-exact relays). */
export type ClientPacket = {
  [K in ClientPacketName]: { id: (typeof ClientPacketId)[K]; name: K; data: ClientPayloads[K]; payload: Uint8Array };
}[ClientPacketName];

export type ServerPacket = {
  [K in ServerPacketName]: { id: (typeof ServerPacketId)[K]; name: K; data: ServerPayloads[K]; payload: Uint8Array };
}[ServerPacketName];
