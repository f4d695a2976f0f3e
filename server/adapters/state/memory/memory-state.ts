/**
 * In-process LiveState for the embedded (single process) mode: plain Maps and arrays.
 *
 * Fan-out pushes the very same Buffer reference onto every member's queue (no copies); a drain
 * returns that Buffer itself when it is the only one queued, else concatenates once. Returned
 * sessions, presences and matches are copies, so callers mutating them never corrupt the state.
 */
import type {
  LiveState,
  MatchMutation,
  MatchState,
  Presence,
  PublishFilter,
  Session,
  SessionPatch,
  SessionToken,
} from '../../../ports/state.js';
import { StateError } from '../../../ports/state.js';
import type { Clock } from '../../../ports/clock.js';
import { systemClock } from '../../../ports/clock.js';
import { ByteQueue } from './byte-queue.js';
import { PRESENCE_SCHEMA, SESSION_SCHEMA, encodePatch, validateRecord, validateSession } from '../records.js';

export interface MemoryStateOptions {
  /** Per-session queue cap in bytes; past it the oldest chunks are dropped. Default 4 MiB. */
  maxQueueBytes?: number;
  /** Time source of the KV expiry. */
  clock?: Clock;
  /** How often expired KV entries are swept (they are also ignored on read). Default 60 s. */
  kvSweepIntervalMs?: number;
}

export const DEFAULT_MAX_QUEUE_BYTES = 4 * 1024 * 1024;
const MAX_MATCH_ID = 65535;
const EMPTY = Buffer.alloc(0);

interface KvEntry {
  value: string;
  /** Unix ms; Infinity = no expiry. */
  expiresAt: number;
}

/** Views a Uint8Array as a Buffer without copying. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function addToIndex<K>(index: Map<K, Set<SessionToken>>, key: K, token: SessionToken): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(token);
}

function removeFromIndex<K>(index: Map<K, Set<SessionToken>>, key: K, token: SessionToken): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(token);
  if (set.size === 0) index.delete(key);
}

export class MemoryLiveState implements LiveState {
  private readonly sessions = new Map<SessionToken, Session>();
  private readonly byUser = new Map<number, Set<SessionToken>>();
  private readonly byName = new Map<string, Set<SessionToken>>();
  private readonly presences = new Map<number, Presence>();
  private readonly streams = new Map<string, Set<SessionToken>>();
  private readonly subs = new Map<SessionToken, Set<string>>();
  private readonly queues = new Map<SessionToken, ByteQueue>();
  private readonly matches = new Map<number, MatchState>();
  private readonly kv = new Map<string, KvEntry>();
  private readonly maxQueueBytes: number;
  private readonly clock: Clock;
  private readonly sweepTimer: NodeJS.Timeout;
  private closed = false;

  constructor(options: MemoryStateOptions = {}) {
    this.maxQueueBytes = options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES;
    if (!(this.maxQueueBytes > 0)) throw new StateError('maxQueueBytes must be positive');
    this.clock = options.clock ?? systemClock;
    this.sweepTimer = setInterval(() => this.sweepKv(), options.kvSweepIntervalMs ?? 60_000);
    this.sweepTimer.unref();
  }

  private check(): void {
    if (this.closed) throw new StateError('live state is closed');
  }

  // ---- sessions ----

  async createSession(session: Session): Promise<void> {
    this.check();
    validateSession(session);
    const old = this.sessions.get(session.token);
    if (old) this.removeSession(session.token, old);
    const copy = { ...session };
    this.sessions.set(copy.token, copy);
    addToIndex(this.byUser, copy.userId, copy.token);
    addToIndex(this.byName, copy.usernameSafe, copy.token);
  }

  async getSession(token: SessionToken): Promise<Session | undefined> {
    this.check();
    const s = this.sessions.get(token);
    return s && { ...s };
  }

  async touchSession(token: SessionToken, now: number): Promise<Session | undefined> {
    this.check();
    const s = this.sessions.get(token);
    if (!s) return undefined;
    s.lastSeenAt = now;
    return { ...s };
  }

  keepAlive(token: SessionToken, now: number): boolean {
    this.check();
    const s = this.sessions.get(token);
    if (!s) return false;
    s.lastSeenAt = now;
    return true;
  }

  async updateSession(token: SessionToken, patch: SessionPatch): Promise<Session | undefined> {
    this.check();
    encodePatch(SESSION_SCHEMA, patch); // type check before touching anything
    const s = this.sessions.get(token);
    if (!s) return undefined;
    const oldName = s.usernameSafe;
    for (const [k, v] of Object.entries(patch)) {
      // undefined in a patch means "leave as is" (like the Redis adapter, which cannot store it).
      if (v !== undefined && k !== 'token' && k !== 'userId') (s as unknown as Record<string, unknown>)[k] = v;
    }
    if (s.usernameSafe !== oldName) {
      removeFromIndex(this.byName, oldName, token);
      addToIndex(this.byName, s.usernameSafe, token);
    }
    return { ...s };
  }

  async deleteSession(token: SessionToken): Promise<Session | undefined> {
    this.check();
    const s = this.sessions.get(token);
    if (!s) return undefined;
    this.removeSession(token, s);
    return { ...s };
  }

  private removeSession(token: SessionToken, s: Session): void {
    this.sessions.delete(token);
    removeFromIndex(this.byUser, s.userId, token);
    removeFromIndex(this.byName, s.usernameSafe, token);
    this.queues.delete(token);
    const streams = this.subs.get(token);
    if (streams) {
      for (const stream of streams) removeFromIndex(this.streams, stream, token);
      this.subs.delete(token);
    }
  }

  private sessionsOf(tokens: Set<SessionToken> | undefined): Session[] {
    if (!tokens) return [];
    const out: Session[] = [];
    for (const t of tokens) {
      const s = this.sessions.get(t);
      if (s) out.push({ ...s });
    }
    return out;
  }

  async sessionsOfUser(userId: number): Promise<Session[]> {
    this.check();
    return this.sessionsOf(this.byUser.get(userId));
  }

  async sessionsByName(usernameSafe: string): Promise<Session[]> {
    this.check();
    return this.sessionsOf(this.byName.get(usernameSafe));
  }

  async allSessions(): Promise<Session[]> {
    this.check();
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  async countSessions(): Promise<number> {
    this.check();
    return this.sessions.size;
  }

  async onlineUserIds(): Promise<number[]> {
    this.check();
    return [...this.byUser.keys()];
  }

  async claimIdleSessions(idleBefore: number): Promise<Session[]> {
    this.check();
    const claimed: Session[] = [];
    for (const [token, s] of this.sessions) {
      if (s.lastSeenAt < idleBefore) {
        this.removeSession(token, s);
        claimed.push({ ...s });
      }
    }
    return claimed;
  }

  // ---- presences ----

  async getPresence(userId: number): Promise<Presence | undefined> {
    this.check();
    const p = this.presences.get(userId);
    return p && { ...p };
  }

  async getPresences(userIds: readonly number[]): Promise<Presence[]> {
    this.check();
    const out: Presence[] = [];
    for (const id of userIds) {
      const p = this.presences.get(id);
      if (p) out.push({ ...p });
    }
    return out;
  }

  async putPresence(presence: Presence): Promise<void> {
    this.check();
    validateRecord(PRESENCE_SCHEMA, presence, 'presence');
    this.presences.set(presence.userId, { ...presence });
  }

  async updatePresence(userId: number, patch: Partial<Omit<Presence, 'userId'>>): Promise<Presence | undefined> {
    this.check();
    encodePatch(PRESENCE_SCHEMA, patch);
    const p = this.presences.get(userId);
    if (!p) return undefined;
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined && k !== 'userId') (p as unknown as Record<string, unknown>)[k] = v;
    }
    return { ...p };
  }

  async deletePresence(userId: number): Promise<void> {
    this.check();
    this.presences.delete(userId);
  }

  // ---- streams and queues ----

  async subscribe(token: SessionToken, stream: string): Promise<void> {
    this.check();
    // A session that is already gone (racing logout) is not resurrected as a stream member.
    if (!this.sessions.has(token)) return;
    addToIndex(this.streams, stream, token);
    let set = this.subs.get(token);
    if (!set) this.subs.set(token, (set = new Set()));
    set.add(stream);
  }

  async unsubscribe(token: SessionToken, stream: string): Promise<void> {
    this.check();
    removeFromIndex(this.streams, stream, token);
    const set = this.subs.get(token);
    if (set) {
      set.delete(stream);
      if (set.size === 0) this.subs.delete(token);
    }
  }

  async subscriptions(token: SessionToken): Promise<string[]> {
    this.check();
    return [...(this.subs.get(token) ?? [])];
  }

  async streamMembers(stream: string): Promise<SessionToken[]> {
    this.check();
    return [...(this.streams.get(stream) ?? [])];
  }

  async streamSize(stream: string): Promise<number> {
    this.check();
    return this.streams.get(stream)?.size ?? 0;
  }

  async publish(stream: string, data: Uint8Array, filter?: PublishFilter): Promise<void> {
    this.check();
    const members = this.streams.get(stream);
    if (!members || data.byteLength === 0) return;
    const buf = asBuffer(data);
    const exclude = filter?.exclude && filter.exclude.length > 0 ? new Set(filter.exclude) : undefined;
    const excludeUsers =
      filter?.excludeUserIds && filter.excludeUserIds.length > 0 ? new Set(filter.excludeUserIds) : undefined;
    const anyPrivileges = filter?.anyPrivileges;
    const needSession = excludeUsers !== undefined || anyPrivileges !== undefined;
    for (const token of members) {
      if (exclude?.has(token)) continue;
      if (needSession) {
        const s = this.sessions.get(token);
        if (!s) continue;
        if (anyPrivileges !== undefined && (s.privileges & anyPrivileges) === 0) continue;
        if (excludeUsers?.has(s.userId)) continue;
      }
      this.enqueue(token, buf);
    }
  }

  private enqueue(token: SessionToken, buf: Buffer): void {
    let q = this.queues.get(token);
    if (!q) this.queues.set(token, (q = new ByteQueue(this.maxQueueBytes)));
    q.push(buf);
  }

  async send(token: SessionToken, data: Uint8Array): Promise<void> {
    this.check();
    if (data.byteLength === 0 || !this.sessions.has(token)) return;
    this.enqueue(token, asBuffer(data));
  }

  async sendToUser(userId: number, data: Uint8Array): Promise<void> {
    this.check();
    const tokens = this.byUser.get(userId);
    if (!tokens || data.byteLength === 0) return;
    const buf = asBuffer(data);
    for (const t of tokens) this.enqueue(t, buf);
  }

  async drain(token: SessionToken): Promise<Buffer> {
    return this.drainIfReady(token);
  }

  drainIfReady(token: SessionToken): Buffer {
    this.check();
    const q = this.queues.get(token);
    if (!q) return EMPTY;
    this.queues.delete(token);
    return q.take();
  }

  /** Bytes dropped from the session's queue since its last drain (0 = not lagging). */
  async droppedBytes(token: SessionToken): Promise<number> {
    this.check();
    return this.queues.get(token)?.dropped ?? 0;
  }

  // ---- multiplayer ----

  async createMatch(init: Omit<MatchState, 'id'>): Promise<MatchState> {
    this.check();
    let id = 1;
    while (this.matches.has(id)) id++;
    if (id > MAX_MATCH_ID) throw new StateError('no free match id (65535 matches live)');
    const match: MatchState = { ...structuredClone(init), id };
    this.matches.set(id, match);
    return structuredClone(match);
  }

  async getMatch(id: number): Promise<MatchState | undefined> {
    this.check();
    const m = this.matches.get(id);
    return m && structuredClone(m);
  }

  async listMatches(): Promise<MatchState[]> {
    this.check();
    return [...this.matches.values()].sort((a, b) => a.id - b.id).map((m) => structuredClone(m));
  }

  async updateMatch(id: number, mutation: MatchMutation): Promise<MatchState | undefined> {
    this.check();
    const current = this.matches.get(id);
    if (!current) return undefined;
    // The mutation gets a copy: if it throws half-way the stored match is untouched.
    const next = mutation(structuredClone(current));
    if (next === 'delete') {
      this.matches.delete(id);
      return undefined;
    }
    const stored: MatchState = { ...structuredClone(next), id };
    this.matches.set(id, stored);
    return structuredClone(stored);
  }

  // ---- KV ----

  private live(key: string): KvEntry | undefined {
    const e = this.kv.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.clock.now()) {
      this.kv.delete(key);
      return undefined;
    }
    return e;
  }

  private sweepKv(): void {
    const now = this.clock.now();
    for (const [k, e] of this.kv) if (e.expiresAt <= now) this.kv.delete(k);
  }

  private expiry(ttlMs: number | undefined): number {
    if (ttlMs === undefined) return Infinity;
    if (!(ttlMs > 0)) throw new StateError(`ttlMs must be positive, got ${ttlMs}`);
    return this.clock.now() + ttlMs;
  }

  async kvGet(key: string): Promise<string | undefined> {
    this.check();
    return this.live(key)?.value;
  }

  async kvSet(key: string, value: string, ttlMs?: number): Promise<void> {
    this.check();
    this.kv.set(key, { value, expiresAt: this.expiry(ttlMs) });
  }

  async kvSetIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    this.check();
    if (this.live(key)) return false;
    this.kv.set(key, { value, expiresAt: this.expiry(ttlMs) });
    return true;
  }

  async kvDelete(key: string): Promise<void> {
    this.check();
    this.kv.delete(key);
  }

  async kvIncr(key: string, ttlMs: number): Promise<number> {
    this.check();
    const e = this.live(key);
    if (!e) {
      this.kv.set(key, { value: '1', expiresAt: this.expiry(ttlMs) });
      return 1;
    }
    const n = Number(e.value);
    if (!Number.isSafeInteger(n)) throw new StateError(`kv ${key} does not hold an integer`);
    e.value = String(n + 1);
    return n + 1;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
  }
}
