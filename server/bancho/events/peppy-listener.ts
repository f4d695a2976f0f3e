/**
 * Subscribes this process to every `peppy:*` channel. Each event is handled by exactly one process
 * (see claim.ts); malformed payloads are logged and dropped, never crash the subscriber.
 */
import type { BanchoDeps } from '../context.js';
import { claimEvent } from './claim.js';
import { peppyHandlers } from './peppy-handlers.js';

export async function startPeppyListener(deps: BanchoDeps): Promise<() => Promise<void>> {
  const unsubscribes: Array<() => Promise<void>> = [];
  for (const [channel, handle] of Object.entries(peppyHandlers)) {
    unsubscribes.push(
      await deps.events.subscribe(channel, async (message) => {
        try {
          if (!(await claimEvent(deps.state, channel, message))) return;
          await handle(deps, message);
        } catch (err) {
          deps.log.warn('peppy event failed', { channel, message: message.slice(0, 200), err });
        }
      }),
    );
  }
  return async () => {
    for (const u of unsubscribes) await u();
  };
}
