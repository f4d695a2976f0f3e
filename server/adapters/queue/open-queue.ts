/**
 * Picks the queue implementation from the configuration: RabbitMQ when `AMQP_URL` is set, the
 * in-process broker otherwise (embedded mode, messages live as long as the process).
 */
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { QueueBroker } from '../../ports/queue.js';
import { AmqpQueueBroker } from './amqp/amqp-queue-broker.js';
import type { AmqpQueueBrokerOptions } from './amqp/amqp-queue-broker.js';
import { MemoryQueueBroker } from './memory/memory-queue-broker.js';

export interface OpenQueueOptions extends Omit<AmqpQueueBrokerOptions, 'log'> {
  log?: Logger;
}

export async function openQueue(config: Pick<Config, 'amqpUrl'>, opts: OpenQueueOptions = {}): Promise<QueueBroker> {
  if (config.amqpUrl === undefined) {
    opts.log?.info('queue: in-process (set AMQP_URL for RabbitMQ)');
    return new MemoryQueueBroker();
  }
  const broker = await AmqpQueueBroker.connect(config.amqpUrl, opts);
  opts.log?.info('queue: RabbitMQ connected');
  return broker;
}
