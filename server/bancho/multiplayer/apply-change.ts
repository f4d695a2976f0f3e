/**
 * The common tail of a host/player action: run the rule atomically; on refusal tell the sender
 * (a notification, nothing else changes); on success broadcast the new state.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, SessionToken } from '../../ports/state.js';
import { changeMatch } from './change-match.js';
import type { Changed } from './change-match.js';
import { broadcastMatch } from './match-broadcast.js';
import type { RuleOutcome } from './match-rules.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'clock' | 'log'>;

export async function applyChange<R>(
  deps: Deps,
  matchId: number,
  /** Who gets the refusal notice; null = nobody (server-initiated). */
  notify: SessionToken | null,
  rule: (m: MatchState) => RuleOutcome<R>,
  opts: { broadcast?: boolean } = {},
): Promise<Changed<R>> {
  const changed = await changeMatch(deps.state, matchId, rule);
  if (!changed.ok) {
    if (notify !== null) await deps.state.send(notify, encodeServer.NOTIFICATION(changed.reason));
    return changed;
  }
  if ((opts.broadcast ?? true) && changed.after !== undefined && changed.after !== changed.before) {
    await broadcastMatch(deps, changed.after);
  }
  return changed;
}
