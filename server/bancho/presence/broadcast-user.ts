/**
 * Who sees a user's changes: everyone when the user is publicly visible, only the user's own
 * sessions when restricted (rs rule, §4.0).
 *
 * Stats pushes (11 alone) go to STATS_ALL_STREAM instead of `main`: a session is subscribed to it
 * while its RECEIVE_UPDATES (79) filter lets stats about others through. The filter is thus applied
 * by subscription, once per 79, and the broadcast stays one publish with no per-recipient check.
 * Presence+stats (83+11, e.g. a rename) still go to `main`: the user list needs them whatever the
 * filter.
 */
import { isPubliclyVisible } from '../../domain/privileges.js';
import { Streams, type Presence } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { statsPacket, userPackets } from './encode-user.js';

/** Sessions that want USER_STATS pushes about every online user (presence filter 1, or 2: see README). */
export const STATS_ALL_STREAM = 'stats:all';

export async function broadcastUser(
  deps: BanchoDeps,
  presence: Presence,
  serverPrivileges: number,
  what: 'stats' | 'presence+stats' = 'stats',
): Promise<void> {
  const data = what === 'stats' ? statsPacket(presence) : userPackets(presence);
  if (isPubliclyVisible(serverPrivileges)) await deps.state.publish(what === 'stats' ? STATS_ALL_STREAM : Streams.main, data);
  else await deps.state.sendToUser(presence.userId, data);
}
