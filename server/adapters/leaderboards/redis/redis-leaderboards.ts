/**
 * Leaderboards as Redis sorted sets under Akatsuki's exact key names (member = user id in decimal,
 * score = pp), so akatsuki-api and the website read them unchanged. With a keyPrefix (tests) every
 * key is `<keyPrefix>ripple:…`. Multi-board writes go in one MULTI (atomic, one round trip).
 */
import type { Redis } from 'ioredis';
import type { Playstyle, VanillaMode } from '../../../../protocol/osu/modes.js';
import type { BoardRef, Leaderboards } from '../../../ports/leaderboards.js';
import { leaderboardKey } from '../../../ports/leaderboards.js';
import type { OwnedRedis, RedisConnectionOptions } from '../../state/redis/connection.js';
import { closeRedis, connectRedis, openRedis, wrapRedisError } from '../../state/redis/connection.js';
import { allBoardKeys, boardKeys } from '../board-keys.js';

export interface RedisLeaderboardsOptions extends RedisConnectionOptions {
  /** '' in production (exact Akatsuki names). */
  keyPrefix?: string;
}

export class RedisLeaderboards implements Leaderboards {
  readonly redis: Redis;
  private readonly conn: OwnedRedis;
  private readonly prefix: string;

  constructor(options: RedisLeaderboardsOptions) {
    this.conn = openRedis(options, 'hayate-leaderboards');
    this.redis = this.conn.redis;
    this.prefix = options.keyPrefix ?? '';
  }

  async ready(): Promise<void> {
    await connectRedis(this.redis);
  }

  private key(board: BoardRef): string {
    return this.prefix + leaderboardKey(board);
  }

  private async call<T>(what: string, fn: (r: Redis) => Promise<T>): Promise<T> {
    try {
      return await fn(this.redis);
    } catch (err) {
      throw wrapRedisError(`leaderboards ${what}`, err);
    }
  }

  private async exec(what: string, keys: string[], op: 'zadd' | 'zrem', userId: number, pp?: number): Promise<void> {
    await this.call(what, async (r) => {
      const tx = r.multi();
      for (const k of keys) {
        if (op === 'zadd') tx.zadd(this.prefix + k, pp!, String(userId));
        else tx.zrem(this.prefix + k, String(userId));
      }
      const results = await tx.exec();
      for (const [err] of results ?? []) if (err) throw err;
    });
  }

  async set(playstyle: Playstyle, mode: VanillaMode, country: string, userId: number, pp: number): Promise<void> {
    if (!Number.isFinite(pp)) throw new RangeError(`pp must be finite, got ${pp}`);
    await this.exec('set', boardKeys(playstyle, mode, country), 'zadd', userId, pp);
  }

  async remove(playstyle: Playstyle, mode: VanillaMode, country: string, userId: number): Promise<void> {
    await this.exec('remove', boardKeys(playstyle, mode, country), 'zrem', userId);
  }

  async removeEverywhere(userId: number, country: string): Promise<void> {
    await this.exec('removeEverywhere', allBoardKeys(country), 'zrem', userId);
  }

  async rank(board: BoardRef, userId: number): Promise<number> {
    const r = await this.call('rank', (c) => c.zrevrank(this.key(board), String(userId)));
    // ZREVRANK 0 is rank #1: an explicit null check (the SS quirk of the references).
    return r === null ? 0 : r + 1;
  }

  async top(board: BoardRef, offset: number, limit: number): Promise<Array<{ userId: number; pp: number }>> {
    if (limit <= 0) return [];
    const start = Math.max(0, offset);
    const flat = await this.call('top', (c) => c.zrevrange(this.key(board), start, start + limit - 1, 'WITHSCORES'));
    const out: Array<{ userId: number; pp: number }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ userId: Number(flat[i]), pp: Number(flat[i + 1]) });
    return out;
  }

  async size(board: BoardRef): Promise<number> {
    return this.call('size', (c) => c.zcard(this.key(board)));
  }

  async close(): Promise<void> {
    await closeRedis(this.conn);
  }
}
