/**
 * LiveState on Redis, shared by any number of Hayate processes: any process can serve any poll.
 * Every multi-key operation is one Lua script (atomic, one round trip); matches use a version
 * number and compare-and-set so concurrent updates from several processes never lose one.
 * A process answers the idle polls of the sessions it holds from memory when Redis told it
 * nothing was queued (held-sessions.ts).
 * Design notes and measurements: README.md beside this file.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
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
import type { Logger } from '../../../log.js';
import type { OwnedRedis, RedisConnectionOptions } from './connection.js';
import { closeRedis, connectRedis, openRedis, openSubscriber, wrapRedisError } from './connection.js';
import { HeldSessions } from './held-sessions.js';
import { PRESENCE_SCHEMA, SESSION_SCHEMA, decodeRecord, encodePatch, validateRecord, validateSession } from '../records.js';
import { SCRIPTS } from './scripts.js';
import type { ScriptName } from './scripts.js';

export interface RedisStateOptions extends RedisConnectionOptions {
  /**
   * Prepended to every key. State keys then live under `<keyPrefix>hayate:` (production: '' →
   * `hayate:session:<token>` …). Tests use a unique prefix.
   */
  keyPrefix?: string;
  /** Per-session queue cap in bytes (default 4 MiB); past it the oldest chunks are dropped. */
  maxQueueBytes?: number;
  /**
   * Safety-net TTL of per-session keys, refreshed by every touch (default 30 min). The idle sweep
   * (`claimIdleSessions`) logs sessions out long before; the TTL only guarantees that a crashed
   * cluster leaves no session garbage behind forever.
   */
  sessionTtlMs?: number;
  /** Give up on an `updateMatch` after this many version conflicts (default 200). */
  maxMatchRetries?: number;
  /**
   * Held sessions not polled for between one and two of these intervals are forgotten
   * (default 30 s); their next poll re-reads Redis once.
   */
  heldEvictMs?: number;
  /**
   * Hold sessions (default true): answer empty drains of sessions this process touched from
   * memory, told by Redis when data is queued (README.md, "Held sessions"). false: every drain is
   * a round trip and no subscriber connection is opened (the bench compares the two).
   */
  holdSessions?: boolean;
  /** How often the last-seen times recorded by `keepAlive` are written to Redis (default 1000 ms). */
  touchFlushMs?: number;
  logger?: Logger;
}

export const DEFAULT_MAX_QUEUE_BYTES = 4 * 1024 * 1024;
const MAX_MATCH_ID = 65535;
const CLAIM_BATCH = 256;
const EMPTY = Buffer.alloc(0);

type Reply = string | number | null | Reply[];
type ScriptFn = (...args: Array<string | number | Buffer>) => Promise<Reply>;
type BufferScriptFn = (...args: Array<string | number | Buffer>) => Promise<Buffer>;

interface StoredMatch {
  version: string;
  match: MatchState;
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function flat(reply: Reply): string[] {
  return Array.isArray(reply) ? (reply as string[]) : [];
}

export class RedisLiveState implements LiveState {
  readonly redis: Redis;
  private readonly conn: OwnedRedis;
  readonly keyPrefix: string;
  /** `<keyPrefix>hayate:` */
  private readonly P: string;
  private readonly cap: number;
  private readonly ttl: number;
  private readonly maxMatchRetries: number;

  private readonly scripts = new Map<ScriptName, ScriptFn>();
  /** This process's id in `_h` holder lists and its notification channel `proc:<id>`. */
  readonly processId = randomBytes(6).toString('hex');
  private readonly held = new HeldSessions();
  private readonly sub: OwnedRedis | undefined;
  private readonly channel: string;
  private subscribing: Promise<void> | undefined;
  private readonly evictTimer: NodeJS.Timeout;
  /** token → last seen (unix ms), recorded by keepAlive and not yet written. */
  private pendingTouches = new Map<SessionToken, number>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly log: Logger | undefined;
  private closed = false;

  constructor(options: RedisStateOptions) {
    this.keyPrefix = options.keyPrefix ?? '';
    this.P = `${this.keyPrefix}hayate:`;
    this.cap = options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES;
    this.ttl = options.sessionTtlMs ?? 30 * 60_000;
    this.maxMatchRetries = options.maxMatchRetries ?? 200;
    if (!(this.cap > 0)) throw new StateError('maxQueueBytes must be positive');
    if (!(this.ttl > 0)) throw new StateError('sessionTtlMs must be positive');
    this.conn = openRedis(options, 'hayate-state');
    this.redis = this.conn.redis;
    for (const [name, lua] of Object.entries(SCRIPTS) as Array<[ScriptName, string]>) {
      this.redis.defineCommand(name, { lua, numberOfKeys: 0 });
      this.scripts.set(name, (this.redis as unknown as Record<string, ScriptFn>)[name]!.bind(this.redis));
    }
    this.channel = `${this.P}proc:${this.processId}`;
    if (options.holdSessions !== false) {
      const sub = openSubscriber(options, 'hayate-state');
      this.sub = sub;
      sub.redis.on('message', (_channel: string, message: string) => this.held.onMessage(message));
      // Any gap in the subscription may have swallowed notifications: forget every held session
      // at once, and trust new claims only once the subscription is confirmed again.
      sub.redis.on('close', () => this.held.setLive(false));
      sub.redis.on('ready', () => {
        this.subscribing = this.resubscribe(sub.redis);
        this.subscribing.catch(() => {});
      });
    }
    const evictMs = options.heldEvictMs ?? 30_000;
    this.evictTimer = setInterval(() => this.held.evictUnused(), evictMs);
    this.evictTimer.unref();
    this.log = options.logger;
    this.flushTimer = setInterval(() => {
      this.flushTouches().catch((err: unknown) => this.log?.warn('batched session touch failed', { err }));
    }, options.touchFlushMs ?? 1000);
    this.flushTimer.unref();
  }

  /** Writes the activity recorded by keepAlive (one script per 500 sessions). */
  private async flushTouches(): Promise<void> {
    if (this.pendingTouches.size === 0) return;
    const batch = this.pendingTouches;
    this.pendingTouches = new Map();
    let args: Array<string | number> = [];
    for (const [token, now] of batch) {
      args.push(token, now);
      if (args.length >= 1000) {
        await this.run('hyTouchMany', this.ttl, ...args);
        args = [];
      }
    }
    if (args.length > 0) await this.run('hyTouchMany', this.ttl, ...args);
  }

  private async resubscribe(sub: Redis): Promise<void> {
    await sub.subscribe(this.channel);
    if (sub.status === 'ready' && !this.closed) this.held.setLive(true);
  }

  /** Connects (the clients are lazy); rejects with StateError when Redis is unreachable. */
  async ready(): Promise<void> {
    await connectRedis(this.redis);
    if (this.sub) await connectRedis(this.sub.redis);
    try {
      await this.subscribing;
    } catch (err) {
      throw wrapRedisError('subscribe', err);
    }
  }

  /** True when this process answers the session's empty drains from memory (tests, metrics). */
  holds(token: SessionToken): boolean {
    return this.held.holds(token);
  }

  /** Marks the caller-held tokens a write script reported as having data queued. */
  private queuedFor(reply: Reply): void {
    if (Array.isArray(reply) && reply.length > 0) this.held.markDirty(reply as string[]);
  }

  private async run(name: ScriptName, ...args: Array<string | number | Buffer>): Promise<Reply> {
    try {
      return await this.scripts.get(name)!(this.P, ...args);
    } catch (err) {
      throw wrapRedisError(name, err);
    }
  }

  private async call<T>(what: string, fn: (r: Redis) => Promise<T>): Promise<T> {
    try {
      return await fn(this.redis);
    } catch (err) {
      throw wrapRedisError(what, err);
    }
  }

  private session(fields: Reply): Session | undefined {
    return decodeRecord(SESSION_SCHEMA, flat(fields), 'session');
  }

  private sessions(reply: Reply): Session[] {
    const out: Session[] = [];
    for (const f of flat(reply) as unknown as Reply[]) {
      const s = this.session(f);
      if (s) out.push(s);
    }
    return out;
  }

  // ---- sessions ----

  async createSession(session: Session): Promise<void> {
    const { set } = validateSession(session);
    this.held.forget(session.token);
    await this.run('hyCreateSession', session.token, this.ttl, session.lastSeenAt, session.userId, session.usernameSafe, ...set);
  }

  async getSession(token: SessionToken): Promise<Session | undefined> {
    return this.session(await this.call('getSession', (r) => r.hgetall(`${this.P}session:${token}`).then(objectToFlat)));
  }

  async touchSession(token: SessionToken, now: number): Promise<Session | undefined> {
    const generation = this.held.begin();
    const fields = flat(await this.run('hyTouchSession', token, now, this.ttl, this.processId));
    if (fields.length === 0) {
      this.held.forget(token);
      return undefined;
    }
    this.held.claimed(token, generation, fields[fields.length - 2] === '_new', now);
    return this.session(fields);
  }

  keepAlive(token: SessionToken, now: number): boolean {
    // ttl / 8 = half the idle timeout with openLiveState's ttl (4 × SESSION_IDLE_SECONDS): a
    // deferred write can never be what stands between a session and another process's sweep.
    if (!this.held.keepAlive(token, now, this.ttl / 8)) return false;
    this.pendingTouches.set(token, now);
    return true;
  }

  async updateSession(token: SessionToken, patch: SessionPatch): Promise<Session | undefined> {
    const { token: _t, userId: _u, ...rest } = patch as SessionPatch & { token?: unknown; userId?: unknown };
    const { set, del } = encodePatch(SESSION_SCHEMA, rest as Partial<Session>);
    return this.session(await this.run('hyUpdateSession', token, set.length, ...set, ...del));
  }

  async deleteSession(token: SessionToken): Promise<Session | undefined> {
    this.held.forget(token);
    return this.session(await this.run('hyDeleteSession', token));
  }

  async sessionsOfUser(userId: number): Promise<Session[]> {
    return this.sessions(await this.run('hyListSessions', 'user', String(userId)));
  }

  async sessionsByName(usernameSafe: string): Promise<Session[]> {
    return this.sessions(await this.run('hyListSessions', 'name', usernameSafe));
  }

  async allSessions(): Promise<Session[]> {
    return this.sessions(await this.run('hyListSessions', 'all', ''));
  }

  async countSessions(): Promise<number> {
    return this.call('countSessions', (r) => r.zcard(`${this.P}idle`));
  }

  async onlineUserIds(): Promise<number[]> {
    return flat(await this.run('hyOnlineUsers')).map(Number);
  }

  async claimIdleSessions(idleBefore: number): Promise<Session[]> {
    const claimed: Session[] = [];
    // Activity recorded here but not yet written must count, or an active session could be swept.
    await this.flushTouches();
    // Batches keep each script short, so Redis is never blocked by one huge sweep.
    for (;;) {
      const reply = flat(await this.run('hyClaimIdle', idleBefore, CLAIM_BATCH)) as unknown as [number, Reply];
      const batch = this.sessions(reply[1]);
      for (const s of batch) this.held.forget(s.token);
      claimed.push(...batch);
      if (reply[0] < CLAIM_BATCH) return claimed;
    }
  }

  // ---- presences ----

  private presence(fields: Reply): Presence | undefined {
    return decodeRecord(PRESENCE_SCHEMA, flat(fields), 'presence');
  }

  async getPresence(userId: number): Promise<Presence | undefined> {
    return this.presence(await this.call('getPresence', (r) => r.hgetall(`${this.P}presence:${userId}`).then(objectToFlat)));
  }

  async getPresences(userIds: readonly number[]): Promise<Presence[]> {
    if (userIds.length === 0) return [];
    const results = await this.call('getPresences', (r) => {
      const pipe = r.pipeline();
      for (const id of userIds) pipe.hgetall(`${this.P}presence:${id}`);
      return pipe.exec();
    });
    const out: Presence[] = [];
    for (const [err, value] of results ?? []) {
      if (err) throw wrapRedisError('getPresences', err);
      const p = this.presence(objectToFlat(value as Record<string, string>));
      if (p) out.push(p);
    }
    return out;
  }

  async putPresence(presence: Presence): Promise<void> {
    const { set } = validateRecord(PRESENCE_SCHEMA, presence, 'presence');
    await this.run('hyPutPresence', presence.userId, ...set);
  }

  async updatePresence(userId: number, patch: Partial<Omit<Presence, 'userId'>>): Promise<Presence | undefined> {
    const { userId: _u, ...rest } = patch as Partial<Presence>;
    const { set } = encodePatch(PRESENCE_SCHEMA, rest);
    return this.presence(await this.run('hyUpdatePresence', userId, ...set));
  }

  async deletePresence(userId: number): Promise<void> {
    await this.call('deletePresence', (r) => r.del(`${this.P}presence:${userId}`));
  }

  // ---- streams and queues ----

  async subscribe(token: SessionToken, stream: string): Promise<void> {
    await this.run('hySubscribe', token, stream, this.ttl);
  }

  async unsubscribe(token: SessionToken, stream: string): Promise<void> {
    await this.call('unsubscribe', (r) =>
      r.multi().srem(`${this.P}stream:${stream}`, token).srem(`${this.P}subs:${token}`, stream).exec(),
    );
  }

  async subscriptions(token: SessionToken): Promise<string[]> {
    return this.call('subscriptions', (r) => r.smembers(`${this.P}subs:${token}`));
  }

  async streamMembers(stream: string): Promise<SessionToken[]> {
    return this.call('streamMembers', (r) => r.smembers(`${this.P}stream:${stream}`));
  }

  async streamSize(stream: string): Promise<number> {
    return this.call('streamSize', (r) => r.scard(`${this.P}stream:${stream}`));
  }

  async publish(stream: string, data: Uint8Array, filter?: PublishFilter): Promise<void> {
    if (data.byteLength === 0) return;
    const exclude = filter?.exclude ?? [];
    const excludeUsers = (filter?.excludeUserIds ?? []).map(String);
    const anyp = filter?.anyPrivileges === undefined ? '' : String(filter.anyPrivileges);
    this.queuedFor(
      await this.run('hyPublish', stream, asBuffer(data), this.cap, this.ttl, this.processId, anyp, exclude.length, ...exclude, ...excludeUsers),
    );
  }

  async send(token: SessionToken, data: Uint8Array): Promise<void> {
    if (data.byteLength === 0) return;
    this.queuedFor(await this.run('hySend', token, asBuffer(data), this.cap, this.ttl, this.processId));
  }

  async sendToUser(userId: number, data: Uint8Array): Promise<void> {
    if (data.byteLength === 0) return;
    this.queuedFor(await this.run('hySendToUser', String(userId), asBuffer(data), this.cap, this.ttl, this.processId));
  }

  drainIfReady(token: SessionToken): Buffer | undefined {
    const held = this.held.get(token);
    if (held === undefined || held.dirty) return undefined;
    held.used = true;
    return EMPTY;
  }

  drain(token: SessionToken): Promise<Buffer> {
    // The idle poll's fast path: a held session that nothing was queued for since its last drain.
    const held = this.held.get(token);
    if (held !== undefined) {
      held.used = true;
      if (!held.dirty) return Promise.resolve(EMPTY);
      // Cleared before the read: data queued after the drain runs in Redis sets it again.
      held.dirty = false;
    }
    return this.drainRedis(token, held !== undefined);
  }

  private async drainRedis(token: SessionToken, wasHeld: boolean): Promise<Buffer> {
    try {
      const fn = (this.redis as unknown as Record<string, BufferScriptFn>)['hyDrainBuffer']!;
      const out = await fn.call(this.redis, this.P, token);
      return out.length === 0 ? EMPTY : out;
    } catch (err) {
      // The script may not have run: the data may still be there.
      if (wasHeld) this.held.markDirty([token]);
      throw wrapRedisError('drain', err);
    }
  }

  /** Bytes dropped from the session's queue since its last drain (0 = not lagging). */
  async droppedBytes(token: SessionToken): Promise<number> {
    const v = await this.call('droppedBytes', (r) => r.hget(`${this.P}session:${token}`, '_drop'));
    return v === null ? 0 : Number(v);
  }

  // ---- multiplayer ----

  async createMatch(init: Omit<MatchState, 'id'>): Promise<MatchState> {
    const { id: _ignored, ...data } = init as MatchState;
    const json = JSON.stringify(data);
    const id = Number(await this.run('hyCreateMatch', json, MAX_MATCH_ID));
    if (id === 0) throw new StateError('no free match id (65535 matches live)');
    return parseMatch(json, id);
  }

  private async readMatch(id: number): Promise<StoredMatch | undefined> {
    const [version, data] = await this.call('getMatch', (r) => r.hmget(`${this.P}match:${id}`, 'v', 'data'));
    if (version === null || data === null || version === undefined || data === undefined) return undefined;
    return { version, match: parseMatch(data, id) };
  }

  async getMatch(id: number): Promise<MatchState | undefined> {
    return (await this.readMatch(id))?.match;
  }

  async listMatches(): Promise<MatchState[]> {
    const reply = flat(await this.run('hyListMatches'));
    const out: MatchState[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      out.push(parseMatch(reply[i + 1]!, Number(reply[i])));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  async updateMatch(id: number, mutation: MatchMutation): Promise<MatchState | undefined> {
    for (let attempt = 0; attempt < this.maxMatchRetries; attempt++) {
      const stored = await this.readMatch(id);
      if (!stored) return undefined;
      // The mutation's own errors propagate unchanged; nothing has been written yet.
      const next = mutation(stored.match);
      let json = '';
      if (next !== 'delete') {
        const { id: _id, ...data } = next;
        json = JSON.stringify(data);
      }
      const result = Number(await this.run('hyCasMatch', id, stored.version, json));
      if (result === -1) return undefined;
      if (result === 1) return next === 'delete' ? undefined : parseMatch(json, id);
      // Version conflict: another process won; re-read and re-apply. Back off a little once the
      // contention is heavy so the retries do not all collide again.
      if (attempt >= 3) await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));
    }
    throw new StateError(`updateMatch(${id}): gave up after ${this.maxMatchRetries} conflicting updates`);
  }

  // ---- KV ----

  private kvKey(key: string): string {
    return `${this.P}kv:${key}`;
  }

  private static ttl(ttlMs: number): number {
    if (!(ttlMs > 0)) throw new StateError(`ttlMs must be positive, got ${ttlMs}`);
    return Math.max(1, Math.round(ttlMs));
  }

  async kvGet(key: string): Promise<string | undefined> {
    const v = await this.call('kvGet', (r) => r.get(this.kvKey(key)));
    return v ?? undefined;
  }

  async kvSet(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs === undefined) await this.call('kvSet', (r) => r.set(this.kvKey(key), value));
    else {
      const px = RedisLiveState.ttl(ttlMs);
      await this.call('kvSet', (r) => r.set(this.kvKey(key), value, 'PX', px));
    }
  }

  async kvSetIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const px = RedisLiveState.ttl(ttlMs);
    const r = await this.call('kvSetIfAbsent', (c) => c.set(this.kvKey(key), value, 'PX', px, 'NX'));
    return r === 'OK';
  }

  async kvDelete(key: string): Promise<void> {
    await this.call('kvDelete', (r) => r.del(this.kvKey(key)));
  }

  async kvIncr(key: string, ttlMs: number): Promise<number> {
    return Number(await this.run('hyKvIncr', key, RedisLiveState.ttl(ttlMs)));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.evictTimer);
    clearInterval(this.flushTimer);
    await this.flushTouches().catch((err: unknown) => this.log?.warn('batched session touch failed', { err }));
    this.held.setLive(false);
    if (this.sub) await closeRedis(this.sub);
    await closeRedis(this.conn);
  }
}

/** A stored match; a corrupt document is a StateError naming the match, not a SyntaxError. */
function parseMatch(json: string, id: number): MatchState {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new StateError(`corrupt match ${id} in Redis`, { cause: err });
  }
  if (data === null || typeof data !== 'object' || !Array.isArray((data as MatchState).slots)) {
    throw new StateError(`corrupt match ${id} in Redis: not a match document`);
  }
  return { ...(data as Omit<MatchState, 'id'>), id };
}

function objectToFlat(obj: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) out.push(k, v);
  return out;
}
