/**
 * Durable work queues (recalculation jobs, and later score side-work). RabbitMQ in production,
 * an in-process implementation in the embedded mode; one contract suite for both.
 *
 * Delivery is at-least-once: a message is acknowledged only after its handler resolves. A handler
 * that throws gets the message retried with backoff (TTL retry queues; Debian's RabbitMQ has no
 * delayed-exchange plugin) until `maxAttempts`, then it is dead-lettered with the reason. Throwing
 * a `PoisonMessageError` dead-letters at once.
 */

export interface QueueOptions {
  /** Backoff before each retry, in ms; its length bounds the retries. Default [1000, 5000, 30000]. */
  retryDelaysMs?: readonly number[];
}

export interface QueueMessage {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | number | boolean>>;
  /** 1 on the first delivery. */
  readonly attempt: number;
  /**
   * True when this exact attempt may have been handed to a handler before (the broker lost the
   * acknowledgement, e.g. a connection dropped mid-handler). The only source of duplicates:
   * handlers that are not naturally idempotent check this before writing.
   */
  readonly redelivered?: boolean;
}

/** What became of one delivery once its handler settled (for consumer statistics). */
export type ConsumeOutcome = 'acked' | 'retry' | 'dead' | 'requeued';

export interface ConsumeOptions {
  /** Most messages handed to this consumer's handler at once. */
  prefetch: number;
  /** Called after each delivery is settled; must not throw. */
  onOutcome?: (outcome: ConsumeOutcome, message: QueueMessage) => void;
}

export type MessageHandler = (message: QueueMessage) => Promise<void>;

export interface Consumer {
  /** Stops taking new messages and waits for the in-flight ones to settle. */
  stop(): Promise<void>;
  /** Handlers running right now. */
  inFlight(): number;
}

export interface DeadLetter {
  body: Buffer;
  headers: Readonly<Record<string, string | number | boolean>>;
  reason: string;
  attempts: number;
}

export interface QueueBroker {
  /**
   * Creates the queue and its retry/dead-letter companions (idempotent). Must be called on this
   * broker before `publish`/`consume` on the queue, which otherwise reject with `QueueError`.
   */
  declare(queue: string, options?: QueueOptions): Promise<void>;
  publish(queue: string, body: Buffer, headers?: Record<string, string | number | boolean>): Promise<void>;
  consume(queue: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer>;
  /** Messages waiting (not in flight, not in retry). */
  depth(queue: string): Promise<number>;
  /** Takes up to `limit` dead letters off the queue's dead-letter queue. */
  takeDeadLetters(queue: string, limit: number): Promise<DeadLetter[]>;
  /** Removes the queue and its companions (tests, rework teardown). */
  delete(queue: string): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by a handler to dead-letter a message without retrying it. */
export class PoisonMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

export class QueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueError';
  }
}
