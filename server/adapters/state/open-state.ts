/**
 * Composition helpers: in-process adapters when `config.redisUrl` is unset (embedded mode), Redis
 * adapters otherwise. The Redis modules are imported lazily so the embedded mode never loads ioredis.
 */
import type { Config } from '../../config.js';
import type { LiveState } from '../../ports/state.js';
import type { Leaderboards } from '../../ports/leaderboards.js';
import type { EventBus } from '../../ports/events.js';
import type { Logger } from '../../log.js';
import type { Clock } from '../../ports/clock.js';
import { MemoryLiveState } from './memory/memory-state.js';
import { MemoryLeaderboards } from '../leaderboards/memory/memory-leaderboards.js';
import { MemoryEventBus } from '../events/memory/memory-events.js';

export interface OpenStateOptions {
  /**
   * Prepended to every Redis key and pub/sub channel (tests use a unique one). Production: ''
   * — state keys then live under `hayate:`, leaderboards and `peppy:*` keep Akatsuki's names.
   */
  keyPrefix?: string;
  /** Per-session queue cap in bytes (default 4 MiB). */
  maxQueueBytes?: number;
  logger?: Logger;
  /** Memory adapter's KV clock. */
  clock?: Clock;
  /** Redis: serve held sessions' empty drains from memory (default true; see redis/README.md). */
  holdSessions?: boolean;
}

type StateConfig = Pick<Config, 'redisUrl'> & Partial<Pick<Config, 'sessionIdleSeconds'>>;

export async function openLiveState(config: StateConfig, opts: OpenStateOptions = {}): Promise<LiveState> {
  if (!config.redisUrl) {
    return new MemoryLiveState({
      ...(opts.maxQueueBytes !== undefined && { maxQueueBytes: opts.maxQueueBytes }),
      ...(opts.clock !== undefined && { clock: opts.clock }),
    });
  }
  const { RedisLiveState } = await import('./redis/redis-state.js');
  const state = new RedisLiveState({
    url: config.redisUrl,
    keyPrefix: opts.keyPrefix ?? '',
    ...(opts.maxQueueBytes !== undefined && { maxQueueBytes: opts.maxQueueBytes }),
    ...(opts.logger !== undefined && { logger: opts.logger }),
    ...(opts.holdSessions !== undefined && { holdSessions: opts.holdSessions }),
    // Safety-net TTL of per-session keys: well past the idle logout so the sweep always wins.
    ...(config.sessionIdleSeconds !== undefined && { sessionTtlMs: config.sessionIdleSeconds * 1000 * 4 }),
  });
  await readyOrClose(state);
  return state;
}

export async function openLeaderboards(config: StateConfig, opts: OpenStateOptions = {}): Promise<Leaderboards> {
  if (!config.redisUrl) return new MemoryLeaderboards();
  const { RedisLeaderboards } = await import('../leaderboards/redis/redis-leaderboards.js');
  const boards = new RedisLeaderboards({
    url: config.redisUrl,
    keyPrefix: opts.keyPrefix ?? '',
    ...(opts.logger !== undefined && { logger: opts.logger }),
  });
  await readyOrClose(boards);
  return boards;
}

export async function openEventBus(config: StateConfig, opts: OpenStateOptions = {}): Promise<EventBus> {
  if (!config.redisUrl) return new MemoryEventBus(opts.logger !== undefined ? { logger: opts.logger } : {});
  const { RedisEventBus } = await import('../events/redis/redis-events.js');
  const bus = new RedisEventBus({
    url: config.redisUrl,
    keyPrefix: opts.keyPrefix ?? '',
    ...(opts.logger !== undefined && { logger: opts.logger }),
  });
  await readyOrClose(bus);
  return bus;
}

/** A failed start-up must not leave a client reconnecting in the background (the process would never exit). */
async function readyOrClose(adapter: { ready(): Promise<void>; close(): Promise<void> }): Promise<void> {
  try {
    await adapter.ready();
  } catch (err) {
    await adapter.close().catch(() => {});
    throw err;
  }
}
