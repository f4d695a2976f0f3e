/**
 * Names and arguments of the RabbitMQ queues behind one logical queue. Retries use one TTL queue
 * per delay whose expired messages dead-letter back into the main queue through the default
 * exchange (Debian's RabbitMQ has no delayed-message plugin). A per-queue TTL only ever expires
 * the head, which is correct here because every message in one retry queue has the same delay.
 */
import type { Options } from 'amqplib';

export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}`;
}

export function deadQueueName(queue: string): string {
  return `${queue}.dead`;
}

export function mainQueueOptions(): Options.AssertQueue {
  return { durable: true };
}

export function deadQueueOptions(): Options.AssertQueue {
  return { durable: true };
}

export function retryQueueOptions(queue: string, delayMs: number): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-message-ttl': delayMs,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue,
    },
  };
}

/** Every queue `declare` creates for `queue`, main queue first. */
export function companionQueues(queue: string, delays: readonly number[]): { name: string; options: Options.AssertQueue }[] {
  const out = [
    { name: queue, options: mainQueueOptions() },
    { name: deadQueueName(queue), options: deadQueueOptions() },
  ];
  for (const d of new Set(delays)) out.push({ name: retryQueueName(queue, d), options: retryQueueOptions(queue, d) });
  return out;
}
