/**
 * The two Redis structures performance-service keeps for reworks, with its exact key names
 * (pp-compute.md §4.1–4.2), and an in-process equivalent for the embedded mode:
 *
 *   rework:leaderboard:<rework_id>      sorted set, member user id, score new pp
 *   rework:sessions:<token>             → user id   (2 h TTL)
 *   rework:sessions:ids:<user_id>       → token     (2 h TTL; reused while it lives)
 */
import type { Redis } from 'ioredis';
import { connectRedis, openRedis } from '../../adapters/state/redis/connection.js';

export const SESSION_TTL_SECONDS = 2 * 60 * 60;

export const reworkBoardKey = (reworkId: number): string => `rework:leaderboard:${reworkId}`;
export const sessionKey = (token: string): string => `rework:sessions:${token}`;
export const sessionIdKey = (userId: number): string => `rework:sessions:ids:${userId}`;

export interface ReworkKv {
  boardSet(reworkId: number, userId: number, pp: number): Promise<void>;
  boardRemove(reworkId: number, userId: number): Promise<void>;
  boardClear(reworkId: number): Promise<void>;
  /** 1-based; 0 when absent. */
  boardRank(reworkId: number, userId: number): Promise<number>;
  sessionUser(token: string): Promise<number | undefined>;
  sessionOf(userId: number): Promise<string | undefined>;
  /** Stores both keys with the 2 h TTL. */
  sessionPut(token: string, userId: number): Promise<void>;
  /** Removes the token and the user's pointer to it. */
  sessionDelete(token: string): Promise<void>;
  close(): Promise<void>;
}

export class MemoryReworkKv implements ReworkKv {
  private readonly boards = new Map<number, Map<number, number>>();
  private readonly tokens = new Map<string, { userId: number; expires: number }>();
  private readonly ids = new Map<number, { token: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async boardSet(reworkId: number, userId: number, pp: number): Promise<void> {
    let b = this.boards.get(reworkId);
    if (!b) this.boards.set(reworkId, (b = new Map()));
    b.set(userId, pp);
  }
  async boardRemove(reworkId: number, userId: number): Promise<void> {
    this.boards.get(reworkId)?.delete(userId);
  }
  async boardClear(reworkId: number): Promise<void> {
    this.boards.delete(reworkId);
  }
  async boardRank(reworkId: number, userId: number): Promise<number> {
    const b = this.boards.get(reworkId);
    const pp = b?.get(userId);
    if (b === undefined || pp === undefined) return 0;
    // ZREVRANK order: higher score first, ties by member descending.
    let rank = 1;
    for (const [u, p] of b) if (p > pp || (p === pp && u > userId)) rank++;
    return rank;
  }
  async sessionUser(token: string): Promise<number | undefined> {
    const t = this.tokens.get(token);
    if (!t || t.expires <= this.now()) return undefined;
    return t.userId;
  }
  async sessionOf(userId: number): Promise<string | undefined> {
    const t = this.ids.get(userId);
    if (!t || t.expires <= this.now()) return undefined;
    return t.token;
  }
  async sessionPut(token: string, userId: number): Promise<void> {
    const expires = this.now() + SESSION_TTL_SECONDS * 1000;
    this.tokens.set(token, { userId, expires });
    this.ids.set(userId, { token, expires });
  }
  async sessionDelete(token: string): Promise<void> {
    const t = this.tokens.get(token);
    this.tokens.delete(token);
    if (t && this.ids.get(t.userId)?.token === token) this.ids.delete(t.userId);
  }
  async close(): Promise<void> {}
}

export class RedisReworkKv implements ReworkKv {
  private constructor(
    private readonly redis: Redis,
    private readonly owned: boolean,
    private readonly prefix: string,
  ) {}

  static async open(opts: { url?: string; redis?: Redis; keyPrefix?: string }): Promise<RedisReworkKv> {
    const { redis, owned } = openRedis({ ...(opts.url ? { url: opts.url } : {}), ...(opts.redis ? { redis: opts.redis } : {}) }, 'hayate-reworks');
    await connectRedis(redis);
    return new RedisReworkKv(redis, owned, opts.keyPrefix ?? '');
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  async boardSet(reworkId: number, userId: number, pp: number): Promise<void> {
    await this.redis.zadd(this.k(reworkBoardKey(reworkId)), pp, String(userId));
  }
  async boardRemove(reworkId: number, userId: number): Promise<void> {
    await this.redis.zrem(this.k(reworkBoardKey(reworkId)), String(userId));
  }
  async boardClear(reworkId: number): Promise<void> {
    await this.redis.del(this.k(reworkBoardKey(reworkId)));
  }
  async boardRank(reworkId: number, userId: number): Promise<number> {
    const r = await this.redis.zrevrank(this.k(reworkBoardKey(reworkId)), String(userId));
    return r === null ? 0 : r + 1;
  }
  async sessionUser(token: string): Promise<number | undefined> {
    const v = await this.redis.get(this.k(sessionKey(token)));
    return v === null || !/^\d+$/.test(v) ? undefined : Number(v);
  }
  async sessionOf(userId: number): Promise<string | undefined> {
    return (await this.redis.get(this.k(sessionIdKey(userId)))) ?? undefined;
  }
  async sessionPut(token: string, userId: number): Promise<void> {
    await this.redis
      .multi()
      .set(this.k(sessionKey(token)), String(userId), 'EX', SESSION_TTL_SECONDS)
      .set(this.k(sessionIdKey(userId)), token, 'EX', SESSION_TTL_SECONDS)
      .exec();
  }
  async sessionDelete(token: string): Promise<void> {
    const userId = await this.sessionUser(token);
    const keys = [this.k(sessionKey(token))];
    if (userId !== undefined) keys.push(this.k(sessionIdKey(userId)));
    await this.redis.del(...keys);
  }
  async close(): Promise<void> {
    if (this.owned) this.redis.disconnect();
  }
}

export async function openReworkKv(config: { redisUrl: string | undefined }, opts: { keyPrefix?: string } = {}): Promise<ReworkKv> {
  if (!config.redisUrl) return new MemoryReworkKv();
  return RedisReworkKv.open({ url: config.redisUrl, ...(opts.keyPrefix !== undefined ? { keyPrefix: opts.keyPrefix } : {}) });
}
