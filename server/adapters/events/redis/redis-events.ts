/**
 * EventBus on Redis pub/sub. Publishing uses an ordinary connection; receiving needs a dedicated
 * subscriber connection (a subscribed connection can run nothing else). After a reconnect ioredis
 * re-issues SUBSCRIBE for every channel (`autoResubscribe`, covered by a test that kills the
 * connection); messages published while the subscriber is disconnected are lost, as with any
 * Redis pub/sub. Handler errors are logged and never reach the connection.
 *
 * Channels are `<keyPrefix><channel>`: with '' (production) the `peppy:*` names are Akatsuki's.
 */
import { Redis } from 'ioredis';
import type { EventBus, EventHandler } from '../../../ports/events.js';
import type { Logger } from '../../../log.js';
import { createLogger } from '../../../log.js';
import { runHandler } from '../run-handler.js';
import type { OwnedRedis, RedisConnectionOptions } from '../../state/redis/connection.js';
import { closeRedis, connectRedis, openRedis, redisOptions, wrapRedisError } from '../../state/redis/connection.js';

export interface RedisEventBusOptions extends RedisConnectionOptions {
  keyPrefix?: string;
  /** CLIENT SETNAME of the subscriber connection (default `hayate-events-sub`). */
  subscriberName?: string;
}

export class RedisEventBus implements EventBus {
  private readonly pub: OwnedRedis;
  readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly handlers = new Map<string, Set<EventHandler>>();
  /** SUBSCRIBE in flight per channel: a second subscriber waits for it too before returning. */
  private readonly pending = new Map<string, Promise<void>>();
  private closed = false;

  constructor(options: RedisEventBusOptions) {
    this.pub = openRedis(options, 'hayate-events');
    this.prefix = options.keyPrefix ?? '';
    this.log = options.logger ?? createLogger('warn', { component: 'events' });
    const url = options.url ?? urlOf(this.pub.redis);
    this.subscriber = new Redis(url, {
      ...redisOptions(options.subscriberName ?? 'hayate-events-sub', options.commandTimeoutMs ?? 5000),
      autoResubscribe: true,
    });
    let lastLogged = 0;
    this.subscriber.on('error', (err: unknown) => {
      if (Date.now() - lastLogged > 5000) {
        lastLogged = Date.now();
        this.log.warn('redis subscriber connection error', { err });
      }
    });
    this.subscriber.on('message', (prefixed: string, message: string) => this.dispatch(prefixed, message));
  }

  async ready(): Promise<void> {
    await connectRedis(this.pub.redis);
    await connectRedis(this.subscriber);
  }

  private dispatch(prefixed: string, message: string): void {
    if (!prefixed.startsWith(this.prefix)) return;
    const channel = prefixed.slice(this.prefix.length);
    const set = this.handlers.get(channel);
    if (!set) return;
    for (const handler of [...set]) runHandler(handler, message, channel, this.log);
  }

  async publish(channel: string, message: string): Promise<void> {
    try {
      await this.pub.redis.publish(this.prefix + channel, message);
    } catch (err) {
      throw wrapRedisError(`publish ${channel}`, err);
    }
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.closed) throw wrapRedisError('subscribe', new Error('event bus is closed'));
    const entry: EventHandler = (m, c) => handler(m, c);
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(entry);
    if (first) {
      const p = this.subscriber.subscribe(this.prefix + channel).then(() => undefined);
      this.pending.set(channel, p);
      try {
        await p;
      } catch (err) {
        set.delete(entry);
        if (set.size === 0) this.handlers.delete(channel);
        throw wrapRedisError(`subscribe ${channel}`, err);
      } finally {
        if (this.pending.get(channel) === p) this.pending.delete(channel);
      }
    } else {
      const p = this.pending.get(channel);
      if (p) await p.catch(() => {});
    }
    return async () => {
      const s = this.handlers.get(channel);
      if (!s || !s.delete(entry)) return;
      if (s.size > 0) return;
      this.handlers.delete(channel);
      try {
        await this.subscriber.unsubscribe(this.prefix + channel);
      } catch (err) {
        throw wrapRedisError(`unsubscribe ${channel}`, err);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    if (this.subscriber.status !== 'ready') this.subscriber.disconnect();
    else {
      try {
        await this.subscriber.quit();
      } catch {
        this.subscriber.disconnect();
      }
    }
    await closeRedis(this.pub);
  }
}

function urlOf(redis: Redis): string {
  const o = redis.options;
  return `redis://${o.host ?? '127.0.0.1'}:${o.port ?? 6379}/${o.db ?? 0}`;
}
