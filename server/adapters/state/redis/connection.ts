/**
 * One ioredis connection configured for "fail clearly, never duplicate, never hang":
 *
 * - `maxRetriesPerRequest: 0` + `autoResendUnfulfilledCommands: false`: a command that was already
 *   written when the connection dropped is rejected (it may or may not have run; re-sending a
 *   publish could deliver it twice, so the caller decides), instead of being silently re-sent.
 * - `enableOfflineQueue: true`: a command issued while reconnecting was never sent, so it is safe
 *   to hold it until the connection is back; if the next reconnect attempt fails it is rejected.
 * - `commandTimeout`: last-resort bound so no call waits forever on a stalled server.
 *
 * Every failure reaches callers as a `StateError` (see `wrapRedisError`).
 */
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { StateError } from '../../../ports/state.js';
import type { Logger } from '../../../log.js';
import { createLogger } from '../../../log.js';

export interface RedisConnectionOptions {
  /** `redis://…`; ignored when `redis` is given. */
  url?: string;
  /** An existing client to use (the adapter then never closes it). */
  redis?: Redis;
  /** CLIENT SETNAME, visible in CLIENT LIST (ops, and tests that kill the connection). */
  connectionName?: string;
  /** Per-command timeout in ms (default 5000). */
  commandTimeoutMs?: number;
  logger?: Logger;
}

export interface OwnedRedis {
  redis: Redis;
  /** True when we created the client and must close it. */
  owned: boolean;
}

export function redisOptions(name: string | undefined, commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: true,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 5000,
    // ioredis waits this long for a socket that is already gone to emit 'close' (keeps a failed
    // start-up process alive for 2 s by default).
    disconnectTimeout: 200,
    // Quick first retries (a killed connection comes back in ~50 ms), then at most every 2 s.
    retryStrategy: (attempt: number) => Math.min(attempt * 50, 2000),
    ...(name !== undefined && { connectionName: name }),
  };
}

export function openRedis(options: RedisConnectionOptions, defaultName: string): OwnedRedis {
  const log = options.logger ?? createLogger('warn', { component: defaultName });
  if (options.redis) return { redis: options.redis, owned: false };
  if (!options.url) throw new StateError('Redis adapter needs `url` or `redis`');
  const redis = new Redis(options.url, redisOptions(options.connectionName ?? defaultName, options.commandTimeoutMs ?? 5000));
  // Without a listener ioredis prints errors itself; with one they are ours to log. Reconnection is
  // automatic; calls made meanwhile fail with StateError rather than crash the process.
  let lastLogged = 0;
  redis.on('error', (err: unknown) => {
    const now = Date.now();
    if (now - lastLogged > 5000) {
      lastLogged = now;
      log.warn('redis connection error', { err });
    }
  });
  return { redis, owned: true };
}

/**
 * A second connection for pub/sub (a subscribed connection can run nothing else). Always owned:
 * with a caller-supplied client it is that client's duplicate. The caller resubscribes itself
 * (`autoResubscribe: false`) so it knows exactly when the subscription is back.
 */
export function openSubscriber(options: RedisConnectionOptions, defaultName: string): OwnedRedis {
  const name = `${options.connectionName ?? defaultName}:sub`;
  const log = options.logger ?? createLogger('warn', { component: name });
  const extra = { ...redisOptions(name, options.commandTimeoutMs ?? 5000), autoResubscribe: false };
  let redis: Redis;
  if (options.redis) redis = options.redis.duplicate(extra);
  else if (options.url) redis = new Redis(options.url, extra);
  else throw new StateError('Redis adapter needs `url` or `redis`');
  let lastLogged = 0;
  redis.on('error', (err: unknown) => {
    const now = Date.now();
    if (now - lastLogged > 5000) {
      lastLogged = now;
      log.warn('redis subscriber connection error', { err });
    }
  });
  return { redis, owned: true };
}

/** Connects a lazily-created client; resolves once it is ready. */
export async function connectRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'wait') {
    try {
      await redis.connect();
    } catch (err) {
      throw wrapRedisError('connect', err);
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      redis.off('end', onEnd);
      resolve();
    };
    const onEnd = (): void => {
      redis.off('ready', onReady);
      reject(new StateError('redis connection ended'));
    };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

export function wrapRedisError(what: string, err: unknown): StateError {
  if (err instanceof StateError) return err;
  let msg = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'MaxRetriesPerRequestError') {
    // Our configuration never re-sends: say what that means for the caller.
    msg = 'connection lost (the command may or may not have been applied; it is not retried)';
  }
  return new StateError(`redis ${what} failed: ${msg}`, { cause: err });
}

export async function closeRedis(conn: OwnedRedis): Promise<void> {
  if (!conn.owned) return;
  // QUIT only makes sense on a live connection; otherwise it would wait in the offline queue.
  if (conn.redis.status !== 'ready') {
    conn.redis.disconnect();
    return;
  }
  try {
    await conn.redis.quit();
  } catch {
    conn.redis.disconnect();
  }
}
