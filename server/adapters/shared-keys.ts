/**
 * SharedKeys on Redis (exact Akatsuki names; tests add a key prefix) or in-process. The Redis
 * variant borrows an existing connection (the leaderboards', which already lives in Akatsuki's
 * namespace) instead of opening another one.
 */
import type { Redis } from 'ioredis';
import type { SharedKeys } from '../ports/shared-keys.js';
import { wrapRedisError } from './state/redis/connection.js';

export class RedisSharedKeys implements SharedKeys {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = '',
  ) {}

  private async call<T>(what: string, fn: (r: Redis) => Promise<T>): Promise<T> {
    try {
      return await fn(this.redis);
    } catch (err) {
      throw wrapRedisError(`shared key ${what}`, err);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.call('get', (r) => r.get(this.prefix + key))) ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await this.call('set', (r) => r.set(this.prefix + key, value));
  }

  async delete(key: string): Promise<void> {
    await this.call('delete', (r) => r.del(this.prefix + key));
  }
}

export class MemorySharedKeys implements SharedKeys {
  private readonly map = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}

/** Redis-backed when the leaderboards are (they hold a connection in Akatsuki's namespace). */
export function sharedKeysBeside(leaderboards: object, keyPrefix = ''): SharedKeys {
  const redis = (leaderboards as { redis?: Redis }).redis;
  return redis ? new RedisSharedKeys(redis, keyPrefix) : new MemorySharedKeys();
}
