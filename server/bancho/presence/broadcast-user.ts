/**
 * Who sees a user's changes: everyone (the `main` stream) when the user is publicly visible,
 * only the user's own sessions when restricted (rs rule, §4.0).
 */
import { isPubliclyVisible } from '../../domain/privileges.js';
import { Streams, type Presence } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { statsPacket, userPackets } from './encode-user.js';

export async function broadcastUser(
  deps: BanchoDeps,
  presence: Presence,
  serverPrivileges: number,
  what: 'stats' | 'presence+stats' = 'stats',
): Promise<void> {
  const data = what === 'stats' ? statsPacket(presence) : userPackets(presence);
  if (isPubliclyVisible(serverPrivileges)) await deps.state.publish(Streams.main, data);
  else await deps.state.sendToUser(presence.userId, data);
}
