/**
 * The spectating/multiplayer part of ending a session (§4.6): leave the match, stop spectating,
 * dissolve the session's own spectator group — G2's use-cases (../multiplayer/, ../spectate/).
 *
 * Called while the session still exists for LOGOUT and kicks; for idle expiry the session was
 * already removed from live state (claimed), so the use-cases work from the `Session` value.
 * Each step runs even when an earlier one failed, so one broken group cannot strand the others.
 */
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { leaveMatch } from '../multiplayer/leave-match.js';
import { closeSpectatorGroup, stopSpectating } from '../spectate/spectator-group.js';

export async function leaveInstances(deps: BanchoDeps, session: Session): Promise<void> {
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['leave match', () => leaveMatch(deps, session)],
    ['stop spectating', () => stopSpectating(deps, session)],
    ['close spectator group', () => closeSpectatorGroup(deps, session)],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (err) {
      deps.log.warn(`${what} at logout failed`, { userId: session.userId, err });
    }
  }
}
