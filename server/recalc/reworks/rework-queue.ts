/**
 * The rework queue (pp-compute.md §4.3): performance-service's `rework_queue`, whose body is the
 * 8-byte rkyv `QueueRequest` (int32 LE user id, int32 LE rework id), so Akatsuki's producers and
 * Hayate's are interchangeable.
 *
 * Two transports:
 * - `BrokerReworkTransport`: through the `QueueBroker` port (in-process broker in the embedded
 *   mode; on RabbitMQ only under a queue name Akatsuki does not use, because the port declares
 *   durable queues with retry/dead-letter companions).
 * - `AmqpReworkTransport`: a plain amqplib channel on the real `rework_queue`. Akatsuki declares it
 *   non-durable with default arguments; a durable declare of that name fails with
 *   PRECONDITION_FAILED, so this transport first checks the queue passively and uses it as it
 *   is, and only when it does not exist declares it the way Akatsuki does (non-durable). Messages
 *   are acknowledged after processing; a malformed body is rejected without requeue (logged —
 *   the queue has no dead-letter companion to keep compatibility); a failed one is requeued after
 *   a pause. A lost connection is re-established with backoff.
 */
import * as amqp from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../../log.js';
import type { QueueBroker } from '../../ports/queue.js';
import { PoisonMessageError } from '../../ports/queue.js';
import { decodeReworkRequest, encodeReworkRequest, REWORK_QUEUE, type ReworkQueueRequest } from '../messages.js';

export type ReworkHandler = (req: ReworkQueueRequest) => Promise<void>;

export interface ReworkQueueTransport {
  publish(req: ReworkQueueRequest): Promise<void>;
  consume(handler: ReworkHandler, opts?: { prefetch?: number }): Promise<{ stop(): Promise<void> }>;
  /** Removes every waiting message (mass recalculation starts from an empty queue). */
  purge?(): Promise<void>;
  close(): Promise<void>;
}

export class BrokerReworkTransport implements ReworkQueueTransport {
  private declared: Promise<void> | undefined;

  constructor(
    private readonly broker: QueueBroker,
    private readonly queue: string = REWORK_QUEUE,
  ) {}

  private ready(): Promise<void> {
    this.declared ??= this.broker.declare(this.queue, { retryDelaysMs: [1000, 5000, 30000] });
    return this.declared;
  }

  async publish(req: ReworkQueueRequest): Promise<void> {
    await this.ready();
    await this.broker.publish(this.queue, encodeReworkRequest(req));
  }

  async consume(handler: ReworkHandler, opts: { prefetch?: number } = {}): Promise<{ stop(): Promise<void> }> {
    await this.ready();
    const consumer = await this.broker.consume(this.queue, (m) => handler(decodeReworkRequest(m.body)), { prefetch: opts.prefetch ?? 4 });
    return { stop: () => consumer.stop() };
  }

  async close(): Promise<void> {}
}

export class AmqpReworkTransport implements ReworkQueueTransport {
  private model: ChannelModel | undefined;
  private publishChannel: Channel | undefined;
  private closed = false;
  private readonly consumers = new Set<{ handler: ReworkHandler; prefetch: number; channel?: Channel; tag?: string }>();

  private constructor(
    private readonly url: string,
    private readonly queue: string,
    private readonly log: Logger | undefined,
  ) {}

  static async connect(url: string, opts: { queue?: string; log?: Logger } = {}): Promise<AmqpReworkTransport> {
    const t = new AmqpReworkTransport(url, opts.queue ?? REWORK_QUEUE, opts.log);
    await t.open();
    return t;
  }

  private async open(): Promise<void> {
    const model = await amqp.connect(this.url, { clientProperties: { connection_name: `hayate-rework-${process.pid}` } });
    model.on('error', (err: Error) => this.log?.warn('rework_queue connection error', { err }));
    model.on('close', () => {
      if (this.closed) return;
      this.model = undefined;
      this.publishChannel = undefined;
      this.reconnect(100);
    });
    this.model = model;
    await this.ensureQueue(model);
    this.publishChannel = await model.createChannel();
    for (const c of this.consumers) await this.subscribe(c);
  }

  private reconnect(delay: number): void {
    setTimeout(() => {
      if (this.closed) return;
      this.open().catch((err: unknown) => {
        this.log?.warn('rework_queue reconnect failed', { err });
        this.reconnect(Math.min(delay * 2, 5000));
      });
    }, delay).unref();
  }

  /** Passive check first (whatever Akatsuki declared is used as is), else Akatsuki's declaration. */
  private async ensureQueue(model: ChannelModel): Promise<void> {
    const probe = await model.createChannel();
    probe.on('error', () => {}); // a failed passive check closes this channel; that is the answer
    try {
      await probe.checkQueue(this.queue);
      await probe.close();
      return;
    } catch {
      // 404: not declared yet.
    }
    const ch = await model.createChannel();
    await ch.assertQueue(this.queue, { durable: false });
    await ch.close();
  }

  async publish(req: ReworkQueueRequest): Promise<void> {
    const ch = this.publishChannel;
    if (!ch) throw new Error('rework_queue: not connected');
    ch.sendToQueue(this.queue, encodeReworkRequest(req));
  }

  async purge(): Promise<void> {
    const ch = this.publishChannel;
    if (!ch) throw new Error('rework_queue: not connected');
    await ch.purgeQueue(this.queue);
  }

  private async subscribe(c: { handler: ReworkHandler; prefetch: number; channel?: Channel; tag?: string }): Promise<void> {
    const model = this.model;
    if (!model) return;
    const ch = await model.createChannel();
    ch.on('error', (err: Error) => this.log?.warn('rework_queue channel error', { err }));
    await ch.prefetch(c.prefetch);
    c.channel = ch;
    const r = await ch.consume(this.queue, (msg: ConsumeMessage | null) => {
      if (!msg) return;
      void this.handle(ch, c.handler, msg);
    });
    c.tag = r.consumerTag;
  }

  private async handle(ch: Channel, handler: ReworkHandler, msg: ConsumeMessage): Promise<void> {
    try {
      await handler(decodeReworkRequest(msg.content));
      ch.ack(msg);
    } catch (err) {
      try {
        if (err instanceof PoisonMessageError) {
          this.log?.warn('rework_queue: message rejected', { reason: err.message });
          ch.nack(msg, false, false);
        } else {
          this.log?.warn('rework_queue: processing failed, requeued', { err });
          await new Promise((r) => setTimeout(r, 1000));
          ch.nack(msg, false, true);
        }
      } catch {
        // The channel is gone: the broker requeues the message by itself.
      }
    }
  }

  async consume(handler: ReworkHandler, opts: { prefetch?: number } = {}): Promise<{ stop(): Promise<void> }> {
    const c: { handler: ReworkHandler; prefetch: number; channel?: Channel; tag?: string } = { handler, prefetch: opts.prefetch ?? 4 };
    this.consumers.add(c);
    await this.subscribe(c);
    return {
      stop: async () => {
        this.consumers.delete(c);
        try {
          if (c.channel && c.tag) await c.channel.cancel(c.tag);
          await c.channel?.close();
        } catch {
          // already closed with the connection
        }
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of [...this.consumers]) {
      try {
        await c.channel?.close();
      } catch {
        // ignore
      }
    }
    this.consumers.clear();
    await this.model?.close().catch(() => {});
  }
}

/** RabbitMQ's real `rework_queue` when AMQP_URL is set, else the broker port (in-process). */
export async function openReworkTransport(config: { amqpUrl: string | undefined }, broker: QueueBroker, opts: { queue?: string; log?: Logger } = {}): Promise<ReworkQueueTransport> {
  if (config.amqpUrl) return AmqpReworkTransport.connect(config.amqpUrl, opts);
  return new BrokerReworkTransport(broker, opts.queue ?? REWORK_QUEUE);
}
