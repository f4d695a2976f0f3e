/**
 * Live-state port: sessions, presences, fan-out streams with per-session outgoing queues,
 * multiplayer matches and a small TTL key/value store. Two adapters implement it
 * (server/adapters/state/memory: one process; server/adapters/state/redis: any number of
 * stateless Hayate processes sharing one Redis). One contract suite (state.contract.ts beside this
 * file) runs against both.
 *
 * The fan-out model: every "send to a set of sessions" targets a named *stream*
 * (see `Streams` below). A session subscribes to streams (joining a channel = subscribing to its
 * stream; the member count shown in packet 65 = the stream's size). Publishing pushes the one
 * already-encoded Buffer onto the queue of every subscriber that passes the filter; a poll drains
 * the session's queue. Queues are bounded: past `maxQueueBytes` the oldest data is dropped and the
 * session is marked as lagging (the client re-syncs on its next login).
 */
import type { EffectiveModeValue } from '../../protocol/osu/modes.js';

export type SessionToken = string;

export type ClientStream = 'stable' | 'beta' | 'cuttingedge' | 'tourney' | 'dev';

export interface Session {
  token: SessionToken;
  userId: number;
  username: string;
  usernameSafe: string;
  /** Server privileges (users.privileges) as of login or the last peppy:* refresh. */
  privileges: number;
  /** UTC offset in hours. */
  utcOffset: number;
  /** ISO alpha-2, upper case. */
  country: string;
  latitude: number;
  longitude: number;
  clientVersion: string;
  clientStream: ClientStream;
  /** Packet 99 / login field: only friends may DM. */
  blockNonFriendDms: boolean;
  /** Unix seconds; 0 = not silenced. */
  silenceEnd: number;
  awayMessage: string | null;
  /** Presence filter of packet 79 (0 none, 1 all, 2 friends). */
  presenceFilter: number;
  ip: string;
  /** Unix milliseconds. */
  loginAt: number;
  /** Unix milliseconds of the last request. */
  lastSeenAt: number;
  /** Token of the host this session spectates, or null. */
  spectating: SessionToken | null;
  /** In-game id of the match this session is in, or null. */
  matchId: number | null;
  inLobby: boolean;
}

export type SessionPatch = Partial<Omit<Session, 'token' | 'userId'>>;

/** What the client sees of a user (packets 83 and 11); one per user, shared by their sessions. */
export interface Presence {
  userId: number;
  username: string;
  /** Client privileges (presence rank byte). */
  clientPrivileges: number;
  country: string;
  latitude: number;
  longitude: number;
  utcOffset: number;
  action: number;
  infoText: string;
  beatmapMd5: string;
  beatmapId: number;
  mods: number;
  /** Effective mode 0..8. */
  mode: EffectiveModeValue;
  rankedScore: bigint;
  totalScore: bigint;
  /** Percent 0..100. */
  accuracy: number;
  playcount: number;
  pp: number;
  globalRank: number;
}

/** Stream names. Keep them here so every adapter and use-case agrees. */
export const Streams = {
  /** Everyone online: presences, stats, logouts, 94, public channel info. */
  main: 'main',
  lobby: 'lobby',
  /** One session's private inbox. */
  session: (token: SessionToken): string => `session:${token}`,
  /** Chat channel members; key = `#osu`, `#spectator_<host token>`, `#multiplayer_<id>`. */
  channel: (key: string): string => `channel:${key}`,
  /** Everyone watching a host (frames, 42/43). */
  spectators: (hostToken: SessionToken): string => `spectators:${hostToken}`,
  /** Match members (26, 46). */
  match: (matchId: number): string => `match:${matchId}`,
  /** Only the players of the running game (48, 53, 57, 61, 81, 58, 106). */
  playing: (matchId: number): string => `playing:${matchId}`,
  /** Tournament clients watching a match without a slot (108/109): they also get 46, 53, 61, 58, 106. */
  matchWatchers: (matchId: number): string => `match-watchers:${matchId}`,
} as const;

export interface PublishFilter {
  /** Sessions that must not receive it (usually the sender). */
  exclude?: readonly SessionToken[];
  /** Only sessions whose server privileges have at least one of these bits. */
  anyPrivileges?: number;
  /** Only sessions of users not in this set (e.g. blockers of the sender). */
  excludeUserIds?: readonly number[];
}

export type SlotState = {
  status: number;
  team: number;
  mods: number;
  userId: number;
  /** Session token of the occupant (a user may have several sessions). */
  token: SessionToken | null;
  loaded: boolean;
  skipped: boolean;
  completed: boolean;
  failed: boolean;
};

export interface MatchState {
  /** Small in-game id, unique among live matches (free-list), 1..65535. */
  id: number;
  /** `matches.id` in the database. */
  dbId: number;
  name: string;
  password: string | null;
  privateHistory: boolean;
  inProgress: boolean;
  mods: number;
  beatmapName: string;
  beatmapId: number;
  beatmapMd5: string;
  /** Remembered while the host picks a new map (beatmap id -1). */
  previousBeatmapId: number;
  hostId: number;
  /** Vanilla mode 0..3. */
  mode: number;
  winCondition: number;
  teamType: number;
  freemod: boolean;
  seed: number;
  /** Always 16. */
  slots: SlotState[];
  refereeIds: number[];
  /** `match_games.id` of the running/last game, or null. */
  currentGameId: number | null;
  createdAt: number;
}

export type MatchMutation = (match: MatchState) => MatchState | 'delete';

export interface LiveState {
  // ---- sessions ----
  createSession(session: Session): Promise<void>;
  getSession(token: SessionToken): Promise<Session | undefined>;
  /**
   * The hot path of every poll: refreshes lastSeenAt and returns the session (undefined when the
   * token is unknown or expired). One round trip in the Redis adapter.
   */
  touchSession(token: SessionToken, now: number): Promise<Session | undefined>;
  /**
   * Records activity without I/O when the adapter can (memory: any live session; Redis: a session
   * this process holds, written to Redis in batches within about a second). True: recorded (the
   * session exists as far as this process knows); false: call `touchSession`. Lets idle polls at
   * the client's cadence skip the periodic touch round trip.
   */
  keepAlive?(token: SessionToken, now: number): boolean;
  /** Atomic read-modify-write of one session; returns the new value (undefined if gone). */
  updateSession(token: SessionToken, patch: SessionPatch): Promise<Session | undefined>;
  /** Removes the session, its queue and every stream subscription. */
  deleteSession(token: SessionToken): Promise<Session | undefined>;
  sessionsOfUser(userId: number): Promise<Session[]>;
  sessionsByName(usernameSafe: string): Promise<Session[]>;
  allSessions(): Promise<Session[]>;
  countSessions(): Promise<number>;
  onlineUserIds(): Promise<number[]>;
  /**
   * Removes every session idle since before `idleBefore` (unix ms) and returns them, so the caller
   * runs the logout procedure exactly once per session even with many processes.
   */
  claimIdleSessions(idleBefore: number): Promise<Session[]>;

  // ---- presences ----
  getPresence(userId: number): Promise<Presence | undefined>;
  getPresences(userIds: readonly number[]): Promise<Presence[]>;
  putPresence(presence: Presence): Promise<void>;
  updatePresence(userId: number, patch: Partial<Omit<Presence, 'userId'>>): Promise<Presence | undefined>;
  deletePresence(userId: number): Promise<void>;

  // ---- streams and queues ----
  subscribe(token: SessionToken, stream: string): Promise<void>;
  unsubscribe(token: SessionToken, stream: string): Promise<void>;
  /** Streams the session is subscribed to. */
  subscriptions(token: SessionToken): Promise<string[]>;
  streamMembers(stream: string): Promise<SessionToken[]>;
  streamSize(stream: string): Promise<number>;
  /** Queues `data` for every member of the stream that passes the filter. */
  publish(stream: string, data: Uint8Array, filter?: PublishFilter): Promise<void>;
  /** Queues `data` for one session. */
  send(token: SessionToken, data: Uint8Array): Promise<void>;
  /** Queues `data` for every session of a user. */
  sendToUser(userId: number, data: Uint8Array): Promise<void>;
  /** Takes everything queued for the session (empty buffer if nothing). */
  drain(token: SessionToken): Promise<Buffer>;
  /**
   * `drain` without I/O, when the adapter can answer from memory (the memory adapter always; the
   * Redis adapter for a session this process holds and was told nothing about since its last
   * drain); undefined means "call `drain`". Lets the idle poll be answered without a promise.
   */
  drainIfReady?(token: SessionToken): Buffer | undefined;
  /**
   * Bytes dropped from the session's queue by the `maxQueueBytes` bound since its last drain
   * (0 = not lagging). Ask before `drain`, which resets it.
   */
  droppedBytes(token: SessionToken): Promise<number>;

  // ---- multiplayer ----
  /** Allocates the smallest free in-game id and stores the match. */
  createMatch(init: Omit<MatchState, 'id'>): Promise<MatchState>;
  getMatch(id: number): Promise<MatchState | undefined>;
  listMatches(): Promise<MatchState[]>;
  /**
   * Atomic read-modify-write (optimistic retry in Redis): the mutation sees the latest state and
   * returns the new one, or 'delete' to dispose the match. Returns the stored value
   * (undefined if the match does not exist or was deleted).
   * The mutation may run more than once (each conflict re-runs it on a fresh copy): keep it a pure
   * function of its argument, and send packets after `updateMatch` returns, not inside it. If it
   * throws, nothing is stored and the error propagates unchanged.
   */
  updateMatch(id: number, mutation: MatchMutation): Promise<MatchState | undefined>;

  // ---- small key/value store with expiry (caches, locks, counters) ----
  kvGet(key: string): Promise<string | undefined>;
  kvSet(key: string, value: string, ttlMs?: number): Promise<void>;
  /** SET NX: true if this caller created the key (cluster-wide "exactly once"). */
  kvSetIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  kvDelete(key: string): Promise<void>;
  /** Increments and returns the counter, setting its expiry when it is created. */
  kvIncr(key: string, ttlMs: number): Promise<number>;

  close(): Promise<void>;
}

/** Raised by adapters when the backend fails (dead Redis …); the request gets a clear error. */
export class StateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateError';
  }
}
