/**
 * Runs one EventHandler for both EventBus adapters. A handler that throws or rejects is logged and
 * goes no further: it must not affect the other handlers, the publisher or the connection.
 */
import type { EventHandler } from '../../ports/events.js';
import type { Logger } from '../../log.js';

export function runHandler(handler: EventHandler, message: string, channel: string, log: Logger): void {
  try {
    const r = handler(message, channel);
    if (r && typeof (r as Promise<void>).then === 'function') {
      (r as Promise<void>).catch((err: unknown) => log.error('event handler failed', { channel, err }));
    }
  } catch (err) {
    log.error('event handler failed', { channel, err });
  }
}
