/**
 * Runs one pure rule (match-rules.ts) inside `state.updateMatch`, so the read-check-write is atomic
 * in both adapters. The rule may run more than once (the Redis adapter retries on a conflict); the
 * outcome of the attempt that was committed is the one returned.
 */
import type { LiveState, MatchState } from '../../ports/state.js';
import { MatchRefusal } from './match-rules.js';
import type { RuleOutcome } from './match-rules.js';

export type Changed<R> =
  | { ok: true; result: R; before: MatchState; after: MatchState | undefined }
  | { ok: false; reason: string };

export async function changeMatch<R>(
  state: LiveState,
  matchId: number,
  rule: (m: MatchState) => RuleOutcome<R>,
): Promise<Changed<R>> {
  let outcome: Changed<R> | undefined;
  const stored = await state.updateMatch(matchId, (current) => {
    const r = rule(current);
    if (r instanceof MatchRefusal) {
      outcome = { ok: false, reason: r.reason };
      return current;
    }
    outcome = { ok: true, result: r.result, before: current, after: undefined };
    return r.state;
  });
  if (outcome === undefined) return { ok: false, reason: 'That match no longer exists.' };
  if (outcome.ok) outcome.after = stored;
  return outcome;
}
