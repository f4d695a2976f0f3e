/** Queue-name check shared by both QueueBroker adapters, so a name valid in one is valid in the other. */
import { QueueError } from '../../ports/queue.js';

export function checkQueueName(queue: string): void {
  // The AMQP limit (shortstr) and a character set safe for both brokers.
  if (!/^[\w.:-]{1,200}$/.test(queue)) throw new QueueError(`invalid queue name ${JSON.stringify(queue)}`);
}
