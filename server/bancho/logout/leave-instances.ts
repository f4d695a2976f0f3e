/**
 * The spectating/multiplayer part of ending a session (§4.6): leave the match, stop spectating,
 * dissolve the session's own spectator group. Those use-cases belong to G2
 * (server/bancho/multiplayer/, server/bancho/spectate/): G2 fills this function with calls to
 * `leaveMatch(deps, session)`, `stopSpectating(deps, session)` and
 * `closeSpectatorGroup(deps, session)`. Until then a session has no match or spectator state to
 * clean up, so doing nothing is exact.
 *
 * Called while the session still exists for LOGOUT and kicks; for idle expiry the session was
 * already removed from live state (claimed), so the use-cases must work from the `Session` value.
 */
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { leaveMatch } from '../multiplayer/leave-match.js';
import { closeSpectatorGroup, stopSpectating } from '../spectate/spectator-group.js';

export async function leaveInstances(deps: BanchoDeps, session: Session): Promise<void> {
  // Each step is independent: one failing must not keep the others from cleaning up.
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['leave match', () => leaveMatch(deps, session)],
    ['stop spectating', () => stopSpectating(deps, session)],
    ['close spectator group', () => closeSpectatorGroup(deps, session)],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (err) {
      deps.log.warn(`logout: ${what} failed`, { userId: session.userId, err });
    }
  }
}
