/**
 * Idle polls arrive every second or so per player; refreshing "last seen" on every one of them is
 * wasted work (a Redis script with several writes). This process remembers when it last touched
 * each token and, for idle polls within TOUCH_INTERVAL_MS of that, only drains the queue.
 *
 * Cost of the shortcut: "last seen" lags by at most TOUCH_INTERVAL_MS (the idle timeout is
 * minutes), and a session ended by *another* process is noticed up to TOUCH_INTERVAL_MS later
 * (its polls get empty answers meanwhile, then the restart answer). Sessions ended by this process
 * are forgotten at once (`forgetTouch`).
 */
import type { LiveState } from '../ports/state.js';

export const TOUCH_INTERVAL_MS = 5000;
const MAX_ENTRIES = 200_000;

const perState = new WeakMap<LiveState, Map<string, number>>();

function tableOf(state: LiveState): Map<string, number> {
  let t = perState.get(state);
  if (!t) {
    t = new Map();
    perState.set(state, t);
  }
  return t;
}

/** True when this token was touched (and existed) less than TOUCH_INTERVAL_MS ago. */
export function recentlyTouched(state: LiveState, token: string, now: number): boolean {
  const at = perState.get(state)?.get(token);
  return at !== undefined && now - at < TOUCH_INTERVAL_MS && now >= at;
}

export function rememberTouch(state: LiveState, token: string, now: number): void {
  const t = tableOf(state);
  // Bounded: a flood of distinct tokens cannot grow it without limit (entries are only hints).
  if (t.size >= MAX_ENTRIES && !t.has(token)) t.clear();
  t.set(token, now);
}

export function forgetTouch(state: LiveState, token: string): void {
  perState.get(state)?.delete(token);
}
