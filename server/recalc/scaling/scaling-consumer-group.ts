/**
 * A self-scaling group of consumers on one queue (Hermes' TopicManager, for any `QueueBroker`).
 *
 * Every `sampleEveryMs` the group samples the queue depth and asks `decideConsumerCount` for a
 * target, then adds consumers or gracefully stops the newest ones. Each consumer is a separate
 * broker subscription (its own AMQP channel with `prefetch`), so several Hayate processes can run
 * groups on the same RabbitMQ queue and simply share its messages.
 *
 * Delivery guarantees are the broker's: at-least-once, a message is acknowledged only after the
 * handler resolved; after a lost connection the messages that were in flight are delivered again
 * with `redelivered` set. Handlers must therefore be idempotent (or check `redelivered`).
 */
import type { Logger } from '../../log.js';
import type { ConsumeOutcome, Consumer, MessageHandler, QueueBroker } from '../../ports/queue.js';
import { decideConsumerCount, DEFAULT_SCALING_TUNING } from './scaling-decision.js';
import type { ScalingDecision, ScalingTuning } from './scaling-decision.js';

export interface ScalingConsumerGroupOptions {
  broker: QueueBroker;
  /** Must already be declared on `broker`. */
  queue: string;
  handler: MessageHandler;
  min: number;
  max: number;
  prefetch: number;
  sampleEveryMs: number;
  /** Busy fraction 0..1 of the executor (e.g. the compute pool); growth waits while it is high. */
  utilisation?: () => number;
  log?: Logger;
  tuning?: Partial<ScalingTuning>;
}

export interface ScalingGroupStats {
  consumers: number;
  /** Consumers told to stop that are still finishing their in-flight messages. */
  stopping: number;
  inFlight: number;
  processed: number;
  /** Handler failures (retried or dead-lettered). */
  failed: number;
  retried: number;
  deadLettered: number;
  /** Deliveries whose ack could not be sent (connection lost): the broker redelivers them. */
  requeued: number;
  /** Last sampled ready depth (undefined before the first sample or after failed samples only). */
  depth: number | undefined;
  peakConsumers: number;
  lastDecision: ScalingDecision | undefined;
}

const HISTORY = 16;

export class ScalingConsumerGroup {
  private readonly active: Consumer[] = [];
  private readonly stopping = new Set<Promise<void>>();
  private readonly history: number[] = [];
  private readonly tuning: ScalingTuning;
  private readonly min: number;
  private readonly max: number;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private running = false;
  private counts = { processed: 0, failed: 0, retried: 0, deadLettered: 0, requeued: 0 };
  private depth: number | undefined;
  private peak = 0;
  private lastDecision: ScalingDecision | undefined;
  private stoppingCount = 0;

  constructor(private readonly options: ScalingConsumerGroupOptions) {
    const { min, max, prefetch, sampleEveryMs } = options;
    if (!Number.isInteger(min) || min < 1) throw new RangeError(`min must be a whole number ≥ 1, got ${min}`);
    if (!Number.isInteger(max) || max < min) throw new RangeError(`max must be a whole number ≥ min, got ${max}`);
    if (!Number.isInteger(prefetch) || prefetch < 1) throw new RangeError(`prefetch must be a whole number ≥ 1, got ${prefetch}`);
    if (!(sampleEveryMs > 0)) throw new RangeError(`sampleEveryMs must be positive, got ${sampleEveryMs}`);
    this.min = min;
    this.max = max;
    this.tuning = { ...DEFAULT_SCALING_TUNING, ...options.tuning };
  }

  /** Starts `min` consumers and the sampling loop. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.resize(this.min);
    this.schedule();
  }

  /** Stops sampling and every consumer; resolves when all in-flight messages are settled. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.ticking) await this.ticking;
    const all = this.active.splice(0).map((c) => c.stop());
    await Promise.all([...all, ...this.stopping]);
  }

  stats(): ScalingGroupStats {
    return {
      consumers: this.active.length,
      stopping: this.stoppingCount,
      inFlight: this.inFlight(),
      ...this.counts,
      depth: this.depth,
      peakConsumers: this.peak,
      lastDecision: this.lastDecision,
    };
  }

  private inFlight(): number {
    let n = 0;
    for (const c of this.active) n += c.inFlight();
    return n;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        this.schedule();
      });
    }, this.options.sampleEveryMs);
  }

  private async tick(): Promise<void> {
    try {
      this.depth = await this.options.broker.depth(this.options.queue);
    } catch (err) {
      // No sample this time (e.g. the broker is reconnecting): hold rather than act on stale data.
      this.options.log?.warn('queue depth sample failed', { queue: this.options.queue, err });
      return;
    }
    this.history.push(this.depth);
    if (this.history.length > HISTORY) this.history.shift();
    let utilisation: number | undefined;
    try {
      utilisation = this.options.utilisation?.();
    } catch {
      utilisation = undefined;
    }
    const decision = decideConsumerCount(
      {
        depthHistory: this.history,
        consumers: this.active.length,
        inFlight: this.inFlight(),
        prefetch: this.options.prefetch,
        utilisation,
        min: this.min,
        max: this.max,
      },
      this.tuning,
    );
    this.lastDecision = decision;
    if (decision.target !== this.active.length && this.running) {
      this.options.log?.info('scaling consumers', {
        queue: this.options.queue,
        from: this.active.length,
        to: decision.target,
        reason: decision.reason,
        depth: this.depth,
      });
      await this.resize(decision.target);
    }
  }

  private async resize(target: number): Promise<void> {
    while (this.active.length < target && this.running) {
      try {
        const consumer = await this.options.broker.consume(this.options.queue, this.options.handler, {
          prefetch: this.options.prefetch,
          onOutcome: (outcome) => this.count(outcome),
        });
        if (!this.running) {
          await consumer.stop();
          return;
        }
        this.active.push(consumer);
        this.peak = Math.max(this.peak, this.active.length);
      } catch (err) {
        this.options.log?.warn('could not start a consumer', { queue: this.options.queue, err });
        return;
      }
    }
    // Scale-in removes the newest consumers; their in-flight messages finish in the background.
    while (this.active.length > target) {
      const consumer = this.active.pop()!;
      this.stoppingCount++;
      const done: Promise<void> = consumer
        .stop()
        .catch((err: unknown) => this.options.log?.warn('consumer stop failed', { queue: this.options.queue, err }))
        .finally(() => {
          this.stoppingCount--;
          this.stopping.delete(done);
        });
      this.stopping.add(done);
    }
  }

  private count(outcome: ConsumeOutcome): void {
    switch (outcome) {
      case 'acked':
        this.counts.processed++;
        break;
      case 'retry':
        this.counts.failed++;
        this.counts.retried++;
        break;
      case 'dead':
        this.counts.failed++;
        this.counts.deadLettered++;
        break;
      case 'requeued':
        this.counts.requeued++;
        break;
    }
  }
}
