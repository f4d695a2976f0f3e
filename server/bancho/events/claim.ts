/**
 * Exactly-once handling of a `peppy:*` event across processes: every Hayate process is subscribed,
 * the first to claim (channel, payload) in the shared kv store acts, the others skip. The claim
 * lives a few seconds, so an identical event published again later is handled again; identical
 * events within that window are treated as one delivery (every handler is idempotent anyway).
 */
import { createHash } from 'node:crypto';
import type { LiveState } from '../../ports/state.js';

export const CLAIM_WINDOW_MS = 3000;

export function claimEvent(state: LiveState, channel: string, message: string): Promise<boolean> {
  const digest = createHash('sha1').update(channel).update('\0').update(message).digest('hex');
  return state.kvSetIfAbsent(`peppy-claim:${digest}`, '1', CLAIM_WINDOW_MS);
}
