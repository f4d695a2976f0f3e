/**
 * In-process EventBus for the embedded mode. Delivery is asynchronous (next microtask turn), like
 * Redis pub/sub, so a publisher never runs subscriber code inside its own call stack; a handler
 * that throws or rejects is logged and never affects other handlers or the publisher.
 */
import type { EventBus, EventHandler } from '../../../ports/events.js';
import { StateError } from '../../../ports/state.js';
import type { Logger } from '../../../log.js';
import { createLogger } from '../../../log.js';
import { runHandler } from '../run-handler.js';

export interface MemoryEventBusOptions {
  logger?: Logger;
}

export class MemoryEventBus implements EventBus {
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly logger: Logger;
  private closed = false;

  constructor(options: MemoryEventBusOptions = {}) {
    this.logger = options.logger ?? createLogger('warn', { component: 'events' });
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.closed) throw new StateError('event bus is closed');
    const set = this.handlers.get(channel);
    if (!set) return;
    for (const handler of [...set]) {
      queueMicrotask(() => runHandler(handler, message, channel, this.logger));
    }
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.closed) throw new StateError('event bus is closed');
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry: EventHandler = (m, c) => handler(m, c);
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(entry);
    return async () => {
      const s = this.handlers.get(channel);
      if (!s) return;
      s.delete(entry);
      if (s.size === 0) this.handlers.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}
