/**
 * RabbitMQ `QueueBroker` (amqplib 2).
 *
 * - Publishing goes through a confirm channel with `mandatory`, and `publish` resolves only when
 *   the broker has confirmed the message (persistent, durable queue). A nack or an unroutable
 *   return rejects with `QueueError`: nothing is lost silently.
 * - During a connection outage `publish` (and the admin calls) wait up to `operationTimeoutMs`
 *   for the reconnect, then reject with `QueueError`. A publish whose confirm was lost with the
 *   connection is sent again after the reconnect (within the same time bound), so a publish that
 *   resolved is stored, and one that rejected may still have been stored (at-least-once).
 * - Each consumer has its own channel with `prefetch`; a message is acked only after its handler
 *   settled, and a failure is first republished (confirmed) to the retry or dead-letter queue and
 *   only then acked. If the connection drops mid-handler the ack cannot be sent and RabbitMQ
 *   redelivers the message with `redelivered` set; consumers re-subscribe after the reconnect.
 */
import * as amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Message, Options } from 'amqplib';
import type {
  ConsumeOptions,
  ConsumeOutcome,
  Consumer,
  DeadLetter,
  MessageHandler,
  QueueBroker,
  QueueMessage,
  QueueOptions,
} from '../../../ports/queue.js';
import { QueueError } from '../../../ports/queue.js';
import type { Logger } from '../../../log.js';
import { checkQueueName } from '../queue-name.js';
import {
  ATTEMPT_HEADER,
  checkPrefetch,
  checkRetryDelays,
  DEAD_REASON_HEADER,
  decideFailure,
  DEFAULT_RETRY_DELAYS_MS,
} from '../retry-policy.js';
import { companionQueues, deadQueueName, retryQueueName } from './topology.js';

type HeaderValue = string | number | boolean;
type Headers = Record<string, HeaderValue>;

export interface AmqpQueueBrokerOptions {
  /** How long publish/declare/depth wait for a lost connection before rejecting. Default 5000 ms. */
  operationTimeoutMs?: number;
  /** Reconnect backoff: doubles from `initial` up to `max` ms. Default 100 → 5000. */
  reconnectDelayMs?: { initial: number; max: number };
  /** Shown by `rabbitmqctl list_connections client_properties` (operators, fault tests). */
  connectionName?: string;
  log?: Logger;
}

const silentLog: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLog;
  },
};

/** Headers the broker or this adapter adds; handlers and dead letters see only the publisher's. */
function userHeaders(raw: Record<string, unknown> | undefined): Headers {
  const out: Headers = {};
  if (!raw) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('x-hayate-') || k === 'x-death' || k.startsWith('x-first-death-') || k.startsWith('x-last-death-')) continue;
    if (typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'bigint') out[k] = Number(v);
    else if (Buffer.isBuffer(v)) out[k] = v.toString('utf8');
  }
  return out;
}

function headerNumber(raw: Record<string, unknown> | undefined, key: string, fallback: number): number {
  const v = raw?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return fallback;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class AmqpConsumer implements Consumer {
  private channel: Channel | null = null;
  private tag: string | null = null;
  private running = 0;
  private stopped = false;
  private attaching: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly broker: AmqpQueueBroker,
    readonly queue: string,
    private readonly handler: MessageHandler,
    private readonly options: ConsumeOptions,
    private readonly log: Logger,
  ) {}

  inFlight(): number {
    return this.running;
  }

  /** Opens a channel and subscribes; called at start and after every reconnect. */
  attach(model: ChannelModel): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.attaching) return this.attaching;
    this.attaching = this.doAttach(model).finally(() => {
      this.attaching = null;
    });
    return this.attaching;
  }

  private async doAttach(model: ChannelModel): Promise<void> {
    const ch = await model.createChannel();
    ch.on('error', (err: Error) => this.log.warn('consumer channel error', { queue: this.queue, err }));
    ch.on('close', () => {
      if (this.channel !== ch) return;
      this.channel = null;
      this.tag = null;
      // A channel closed while the connection lives (e.g. the queue was deleted): try again later.
      // A dead connection is handled by the broker, which re-attaches every consumer.
      if (!this.stopped && this.broker.isConnected()) this.scheduleReattach();
    });
    await ch.prefetch(this.options.prefetch);
    this.channel = ch;
    const { consumerTag } = await ch.consume(this.queue, (msg) => this.onDelivery(ch, msg), { noAck: false });
    this.tag = consumerTag;
    if (this.stopped) await this.detach();
  }

  private scheduleReattach(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const model = this.broker.currentModel();
      if (!model || this.stopped || this.channel) return;
      this.attach(model).catch((err: unknown) => {
        this.log.warn('consumer re-subscribe failed', { queue: this.queue, err });
        this.scheduleReattach();
      });
    }, 500);
  }

  private onDelivery(ch: Channel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled the subscription (queue deleted): close this channel and retry later.
      this.log.warn('consumer cancelled by the broker', { queue: this.queue });
      if (this.channel === ch) {
        this.channel = null;
        this.tag = null;
        ch.close().catch(() => {});
        if (!this.stopped) this.scheduleReattach();
      }
      return;
    }
    this.running++;
    const raw = msg.properties.headers as Record<string, unknown> | undefined;
    const message: QueueMessage = {
      body: msg.content,
      headers: userHeaders(raw),
      attempt: headerNumber(raw, ATTEMPT_HEADER, 1),
      redelivered: msg.fields.redelivered,
    };
    let result: Promise<void>;
    try {
      result = Promise.resolve(this.handler(message));
    } catch (error) {
      result = Promise.reject(error);
    }
    result
      .then(
        () => (this.ack(ch, msg) ? 'acked' : 'requeued'),
        (error: unknown) => this.settleFailure(ch, msg, message, error),
      )
      .then(
        (outcome) => this.settled(outcome, message),
        (err: unknown) => {
          this.log.error('settling a message failed', { queue: this.queue, err });
          this.settled('requeued', message);
        },
      );
  }

  private async settleFailure(ch: Channel, msg: ConsumeMessage, message: QueueMessage, error: unknown): Promise<ConsumeOutcome> {
    const decision = decideFailure(error, message.attempt, this.broker.retryDelays(this.queue));
    try {
      if (decision.kind === 'retry') {
        await this.broker.publishRaw(retryQueueName(this.queue, decision.delayMs), message.body, {
          ...message.headers,
          [ATTEMPT_HEADER]: decision.nextAttempt,
        });
      } else {
        await this.broker.publishRaw(deadQueueName(this.queue), message.body, {
          ...message.headers,
          [ATTEMPT_HEADER]: message.attempt,
          [DEAD_REASON_HEADER]: decision.reason.slice(0, 4000),
        });
      }
    } catch (err) {
      // Could not park the message: hand it back to the broker for another try instead of losing it.
      this.log.warn('could not republish a failed message; requeueing', { queue: this.queue, err });
      try {
        ch.nack(msg, false, true);
      } catch {
        // Channel gone: the broker requeues it anyway.
      }
      return 'requeued';
    }
    return this.ack(ch, msg) ? (decision.kind === 'retry' ? 'retry' : 'dead') : 'requeued';
  }

  /** False when the channel that delivered the message is gone (the broker will redeliver it). */
  private ack(ch: Channel, msg: ConsumeMessage): boolean {
    if (this.channel !== ch) return false;
    try {
      ch.ack(msg);
      return true;
    } catch {
      return false;
    }
  }

  private settled(outcome: ConsumeOutcome, message: QueueMessage): void {
    this.running--;
    try {
      this.options.onOutcome?.(outcome, message);
    } catch {
      // Statistics must not break delivery.
    }
    if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.attaching) await this.attaching.catch(() => {});
    const ch = this.channel;
    if (ch && this.tag) await ch.cancel(this.tag).catch(() => {});
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.detach();
    this.broker.forget(this);
  }

  private async detach(): Promise<void> {
    const ch = this.channel;
    this.channel = null;
    this.tag = null;
    if (ch) await ch.close().catch(() => {});
  }
}

export class AmqpQueueBroker implements QueueBroker {
  private model: ChannelModel | null = null;
  private publishChannel: ConfirmChannel | null = null;
  private publishChannelOpening: Promise<ConfirmChannel> | null = null;
  private adminChannel: Channel | null = null;
  private readonly declared = new Map<string, readonly number[]>();
  private readonly consumers = new Set<AmqpConsumer>();
  private readonly returned = new Set<string>();
  private connectWaiters: (() => void)[] = [];
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectAttempt = 0;
  private closing = false;
  private nextMessageId = 0;
  private readonly timeoutMs: number;
  private readonly log: Logger;

  private constructor(
    private readonly url: string,
    private readonly options: AmqpQueueBrokerOptions,
  ) {
    this.timeoutMs = options.operationTimeoutMs ?? 5000;
    this.log = options.log ?? silentLog;
  }

  /** Connects once; an unreachable broker at start is a `QueueError`, not an endless retry. */
  static async connect(url: string, options: AmqpQueueBrokerOptions = {}): Promise<AmqpQueueBroker> {
    const broker = new AmqpQueueBroker(url, options);
    try {
      await broker.open();
    } catch (err) {
      throw new QueueError(`cannot connect to RabbitMQ: ${errorText(err)}`, { cause: err });
    }
    return broker;
  }

  isConnected(): boolean {
    return this.model !== null;
  }

  currentModel(): ChannelModel | null {
    return this.model;
  }

  retryDelays(queue: string): readonly number[] {
    return this.declared.get(queue) ?? DEFAULT_RETRY_DELAYS_MS;
  }

  forget(consumer: AmqpConsumer): void {
    this.consumers.delete(consumer);
  }

  private async open(): Promise<void> {
    const model = await amqp.connect(this.url, {
      clientProperties: { connection_name: this.options.connectionName ?? `hayate-${process.pid}` },
    });
    model.on('error', (err: Error) => this.log.warn('RabbitMQ connection error', { err }));
    model.on('close', () => this.onConnectionLost(model));
    model.on('blocked', (reason: string) => this.log.warn('RabbitMQ blocked publishing', { reason }));
    this.model = model;
    try {
      for (const [queue, delays] of this.declared) await this.assertTopology(model, queue, delays);
    } catch (err) {
      this.model = null;
      await model.close().catch(() => {});
      throw err;
    }
    this.reconnectAttempt = 0;
    for (const w of this.connectWaiters.splice(0)) w();
    for (const c of this.consumers) {
      c.attach(model).catch((err: unknown) => this.log.warn('consumer re-subscribe failed', { queue: c.queue, err }));
    }
  }

  private onConnectionLost(model: ChannelModel): void {
    if (this.model !== model) return;
    this.model = null;
    this.publishChannel = null;
    this.publishChannelOpening = null;
    this.adminChannel = null;
    if (this.closing) return;
    this.log.warn('RabbitMQ connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closing) return;
    const { initial, max } = this.options.reconnectDelayMs ?? { initial: 100, max: 5000 };
    const delay = Math.min(max, initial * 2 ** this.reconnectAttempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closing) return;
      this.open().then(
        () => this.log.info('RabbitMQ reconnected'),
        (err: unknown) => {
          this.log.warn('RabbitMQ reconnect failed', { err });
          this.scheduleReconnect();
        },
      );
    }, delay);
  }

  /** The live connection, waiting for a reconnect until `deadline`. */
  private async connection(deadline: number): Promise<ChannelModel> {
    for (;;) {
      if (this.closing) throw new QueueError('queue broker is closed');
      if (this.model) return this.model;
      const wait = deadline - Date.now();
      if (wait <= 0) throw new QueueError(`RabbitMQ is unreachable (waited ${this.timeoutMs} ms for a reconnect)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.connectWaiters.push(done);
      });
    }
  }

  private async openPublishChannel(model: ChannelModel): Promise<ConfirmChannel> {
    const ch = await model.createConfirmChannel();
    ch.on('error', (err: Error) => this.log.warn('publish channel error', { err }));
    ch.on('close', () => {
      if (this.publishChannel === ch) this.publishChannel = null;
    });
    ch.on('return', (msg: { properties: { messageId?: string } }) => {
      if (msg.properties.messageId) this.returned.add(msg.properties.messageId);
    });
    this.publishChannel = ch;
    return ch;
  }

  private async confirmChannel(deadline: number): Promise<ConfirmChannel> {
    const model = await this.connection(deadline);
    if (this.publishChannel) return this.publishChannel;
    if (!this.publishChannelOpening) {
      this.publishChannelOpening = this.openPublishChannel(model).finally(() => {
        this.publishChannelOpening = null;
      });
    }
    return this.publishChannelOpening;
  }

  private async admin<T>(what: string, op: (ch: Channel) => Promise<T>): Promise<T> {
    const model = await this.connection(Date.now() + this.timeoutMs);
    let ch = this.adminChannel;
    if (!ch) {
      const fresh = await model.createChannel();
      fresh.on('error', () => {});
      fresh.on('close', () => {
        if (this.adminChannel === fresh) this.adminChannel = null;
      });
      this.adminChannel = fresh;
      ch = fresh;
    }
    try {
      return await op(ch);
    } catch (err) {
      throw new QueueError(`${what}: ${errorText(err)}`, { cause: err });
    }
  }

  private async assertTopology(model: ChannelModel, queue: string, delays: readonly number[]): Promise<void> {
    const ch = await model.createChannel();
    ch.on('error', () => {});
    try {
      for (const q of companionQueues(queue, delays)) await ch.assertQueue(q.name, q.options);
    } finally {
      await ch.close().catch(() => {});
    }
  }

  async declare(queue: string, options: QueueOptions = {}): Promise<void> {
    checkQueueName(queue);
    const delays = checkRetryDelays(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
    const model = await this.connection(Date.now() + this.timeoutMs);
    try {
      await this.assertTopology(model, queue, delays);
    } catch (err) {
      throw new QueueError(`declaring ${queue}: ${errorText(err)}`, { cause: err });
    }
    this.declared.set(queue, delays);
  }

  async publish(queue: string, body: Buffer, headers: Record<string, string | number | boolean> = {}): Promise<void> {
    if (!this.declared.has(queue)) throw new QueueError(`queue ${JSON.stringify(queue)} was not declared on this broker`);
    if (!Buffer.isBuffer(body)) throw new QueueError('message body must be a Buffer');
    await this.publishRaw(queue, body, { ...headers, [ATTEMPT_HEADER]: 1 });
  }

  /** Confirmed, persistent publish to one queue by name; retried across a reconnect until the deadline. */
  async publishRaw(queue: string, body: Buffer, headers: Headers): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const ch = await this.confirmChannel(deadline);
      const messageId = `${process.pid}.${++this.nextMessageId}`;
      const options: Options.Publish = { persistent: true, mandatory: true, messageId, headers };
      try {
        await new Promise<void>((resolve, reject) => {
          // A broker that stops confirming (e.g. blocked by a resource alarm) must not hang us.
          const timer = setTimeout(
            () => reject(new QueueError(`publish to ${queue} not confirmed within ${this.timeoutMs} ms (it may still be stored)`)),
            Math.max(1, deadline - Date.now()),
          );
          try {
            ch.sendToQueue(queue, body, options, (err: unknown) => {
              clearTimeout(timer);
              if (err) reject(err);
              else resolve();
            });
          } catch (err) {
            clearTimeout(timer);
            reject(err);
          }
        });
      } catch (err) {
        if (err instanceof QueueError) throw err;
        if (err instanceof Error && err.message === 'message nacked') {
          throw new QueueError(`RabbitMQ refused the message for ${queue}`, { cause: err });
        }
        // The channel or connection went away before the confirm: send again once it is back.
        if (Date.now() >= deadline || this.closing) {
          throw new QueueError(`publish to ${queue} not confirmed: ${errorText(err)}`, { cause: err });
        }
        if (this.publishChannel === ch) this.publishChannel = null;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      if (this.returned.delete(messageId)) throw new QueueError(`queue ${queue} does not exist on the broker (message returned)`);
      return;
    }
  }

  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer> {
    if (!this.declared.has(queue)) throw new QueueError(`queue ${JSON.stringify(queue)} was not declared on this broker`);
    checkPrefetch(options.prefetch);
    const consumer = new AmqpConsumer(this, queue, handler, options, this.log.child({ queue }));
    const model = await this.connection(Date.now() + this.timeoutMs);
    this.consumers.add(consumer);
    try {
      await consumer.attach(model);
    } catch (err) {
      this.consumers.delete(consumer);
      throw new QueueError(`consuming ${queue}: ${errorText(err)}`, { cause: err });
    }
    return consumer;
  }

  async depth(queue: string): Promise<number> {
    return this.admin(`depth of ${queue}`, async (ch) => (await ch.checkQueue(queue)).messageCount);
  }

  async takeDeadLetters(queue: string, limit: number): Promise<DeadLetter[]> {
    return this.admin(`dead letters of ${queue}`, async (ch) => {
      const out: DeadLetter[] = [];
      const taken: Message[] = [];
      for (let i = 0; i < limit; i++) {
        const msg = await ch.get(deadQueueName(queue), { noAck: false });
        if (msg === false) break;
        const raw = msg.properties.headers as Record<string, unknown> | undefined;
        const reason = raw?.[DEAD_REASON_HEADER];
        out.push({
          body: msg.content,
          headers: userHeaders(raw),
          reason: typeof reason === 'string' ? reason : Buffer.isBuffer(reason) ? reason.toString('utf8') : 'unknown',
          attempts: headerNumber(raw, ATTEMPT_HEADER, 1),
        });
        taken.push(msg);
      }
      // Ack only once all are read: a failure midway returns every one of them to the queue.
      for (const m of taken) ch.ack(m);
      return out;
    });
  }

  async delete(queue: string): Promise<void> {
    const delays = this.declared.get(queue) ?? DEFAULT_RETRY_DELAYS_MS;
    this.declared.delete(queue);
    await this.admin(`deleting ${queue}`, async (ch) => {
      for (const q of companionQueues(queue, delays)) await ch.deleteQueue(q.name);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const w of this.connectWaiters.splice(0)) w();
    const model = this.model;
    this.model = null;
    if (model) await model.close().catch(() => {});
  }
}
