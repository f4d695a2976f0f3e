/**
 * In-process `QueueBroker` for the embedded mode: the same delivery rules as the RabbitMQ adapter
 * (prefetch bound, ack after the handler, timed retries, dead letters with a reason) so code and
 * tests behave identically in both modes. Messages live only as long as the process.
 */
import type {
  ConsumeOptions,
  Consumer,
  DeadLetter,
  MessageHandler,
  QueueBroker,
  QueueMessage,
  QueueOptions,
} from '../../../ports/queue.js';
import { QueueError } from '../../../ports/queue.js';
import { checkPrefetch, checkRetryDelays, decideFailure, DEFAULT_RETRY_DELAYS_MS } from '../retry-policy.js';
import { checkQueueName } from '../queue-name.js';

type Headers = Readonly<Record<string, string | number | boolean>>;

interface Pending {
  body: Buffer;
  headers: Headers;
  attempt: number;
}

/** FIFO with O(1) shift; compacts when the consumed head grows large. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

class MemoryQueue {
  readonly ready = new Fifo<Pending>();
  readonly dead: DeadLetter[] = [];
  readonly consumers: MemoryConsumer[] = [];
  readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Round-robin position so consumers share the work. */
  next = 0;
  scheduled = false;
  deleted = false;
  constructor(public delays: readonly number[]) {}
}

class MemoryConsumer implements Consumer {
  private running = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly broker: MemoryQueueBroker,
    private readonly queue: MemoryQueue,
    private readonly handler: MessageHandler,
    private readonly options: ConsumeOptions,
  ) {}

  canTake(): boolean {
    return !this.stopped && this.running < this.options.prefetch;
  }

  inFlight(): number {
    return this.running;
  }

  /** Runs the handler for one message; settles it by the shared failure rule. */
  take(pending: Pending): void {
    this.running++;
    const message: QueueMessage = { body: pending.body, headers: pending.headers, attempt: pending.attempt, redelivered: false };
    let result: Promise<void>;
    try {
      result = Promise.resolve(this.handler(message));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => this.settle('acked', message),
      (error: unknown) => {
        const decision = decideFailure(error, pending.attempt, this.queue.delays);
        if (decision.kind === 'retry') {
          this.broker.scheduleRetry(this.queue, { ...pending, attempt: decision.nextAttempt }, decision.delayMs);
          this.settle('retry', message);
        } else {
          this.queue.dead.push({ body: pending.body, headers: pending.headers, reason: decision.reason, attempts: pending.attempt });
          this.settle('dead', message);
        }
      },
    );
  }

  private settle(outcome: 'acked' | 'retry' | 'dead', message: QueueMessage): void {
    this.running--;
    try {
      this.options.onOutcome?.(outcome, message);
    } catch {
      // A statistics callback must not break delivery.
    }
    if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
    this.broker.schedule(this.queue);
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      const i = this.queue.consumers.indexOf(this);
      if (i >= 0) this.queue.consumers.splice(i, 1);
    }
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}

export class MemoryQueueBroker implements QueueBroker {
  private readonly queues = new Map<string, MemoryQueue>();
  private closed = false;

  async declare(queue: string, options: QueueOptions = {}): Promise<void> {
    this.ensureOpen();
    checkQueueName(queue);
    const delays = checkRetryDelays(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
    const existing = this.queues.get(queue);
    if (existing) existing.delays = delays;
    else this.queues.set(queue, new MemoryQueue(delays));
  }

  async publish(queue: string, body: Buffer, headers: Record<string, string | number | boolean> = {}): Promise<void> {
    const q = this.get(queue);
    if (!Buffer.isBuffer(body)) throw new QueueError('message body must be a Buffer');
    // Copies, so a caller reusing its buffer cannot change a queued message.
    q.ready.push({ body: Buffer.from(body), headers: Object.freeze({ ...headers }), attempt: 1 });
    this.schedule(q);
  }

  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer> {
    const q = this.get(queue);
    checkPrefetch(options.prefetch);
    const consumer = new MemoryConsumer(this, q, handler, options);
    q.consumers.push(consumer);
    this.schedule(q);
    return consumer;
  }

  async depth(queue: string): Promise<number> {
    return this.get(queue).ready.length;
  }

  async takeDeadLetters(queue: string, limit: number): Promise<DeadLetter[]> {
    return this.get(queue).dead.splice(0, Math.max(0, limit));
  }

  async delete(queue: string): Promise<void> {
    const q = this.queues.get(queue);
    if (!q) return;
    for (const t of q.retryTimers) clearTimeout(t);
    q.retryTimers.clear();
    q.ready.clear();
    q.deleted = true;
    this.queues.delete(queue);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stops: Promise<void>[] = [];
    for (const q of this.queues.values()) {
      for (const t of q.retryTimers) clearTimeout(t);
      q.retryTimers.clear();
      for (const c of [...q.consumers]) stops.push(c.stop());
    }
    await Promise.all(stops);
  }

  /** Dispatch on a later tick so a handler's settlement never re-enters the dispatcher. */
  schedule(q: MemoryQueue): void {
    if (q.scheduled) return;
    q.scheduled = true;
    setImmediate(() => {
      q.scheduled = false;
      this.dispatch(q);
    });
  }

  scheduleRetry(q: MemoryQueue, pending: Pending, delayMs: number): void {
    if (this.closed || q.deleted) return;
    const timer = setTimeout(() => {
      q.retryTimers.delete(timer);
      q.ready.push(pending);
      this.dispatch(q);
    }, delayMs);
    q.retryTimers.add(timer);
  }

  private dispatch(q: MemoryQueue): void {
    if (this.closed || q.deleted) return;
    const n = q.consumers.length;
    let idleRounds = 0;
    while (q.ready.length > 0 && n > 0 && idleRounds < n) {
      const consumer = q.consumers[q.next % n]!;
      q.next = (q.next + 1) % n;
      if (consumer.canTake()) {
        consumer.take(q.ready.shift()!);
        idleRounds = 0;
      } else {
        idleRounds++;
      }
    }
  }

  private get(queue: string): MemoryQueue {
    this.ensureOpen();
    const q = this.queues.get(queue);
    if (!q) throw new QueueError(`queue ${JSON.stringify(queue)} was not declared on this broker`);
    return q;
  }

  private ensureOpen(): void {
    if (this.closed) throw new QueueError('queue broker is closed');
  }
}
