/**
 * The auto-silence rule (rs): 10 or more messages within 10 seconds → silenced for 300 s with the
 * reason `Spamming (Auto-Silence)`. Counted in the shared kv store (one counter per user that
 * expires 10 s after its first message), so it holds across processes. Chat moderators are exempt
 * (announcements, relays, and the load bench that floods #osu on purpose).
 */
import { isStaff } from '../../domain/privileges.js';
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { silenceUser } from './silence.js';

export const SPAM_LIMIT = 10;
export const SPAM_WINDOW_MS = 10_000;
export const SPAM_SILENCE_SECONDS = 300;
export const SPAM_REASON = 'Spamming (Auto-Silence)';

/** Counts the message; returns true when the sender was just silenced (the message is dropped). */
export async function countAndCheckSpam(deps: BanchoDeps, session: Session): Promise<boolean> {
  if (isStaff(session.privileges)) return false;
  const n = await deps.state.kvIncr(`chat:spam:${session.userId}`, SPAM_WINDOW_MS);
  if (n < SPAM_LIMIT) return false;
  if (n === SPAM_LIMIT) await silenceUser(deps, session.userId, SPAM_SILENCE_SECONDS, SPAM_REASON);
  return true;
}
