/**
 * REQUEST_STATUS_UPDATE (3) and `peppy:update_cached_stats`: reload the stats of the user's current
 * effective mode, write them back into the presence (rs forgets this, quirk 10), and broadcast 11
 * when they changed; otherwise the requester just gets their own 11.
 */
import { ClientPrivileges } from '../../../protocol/bancho/types.js';
import type { Presence } from '../../ports/state.js';
import { Privileges } from '../../domain/privileges.js';
import type { BanchoDeps } from '../context.js';
import { broadcastUser } from './broadcast-user.js';
import { statsPacket } from './encode-user.js';
import { loadStats, sameStats } from './load-stats.js';

/** Returns the presence after the refresh (undefined when the user is offline). */
export async function refreshUserStats(deps: BanchoDeps, userId: number): Promise<{ presence: Presence; changed: boolean } | undefined> {
  const current = await deps.state.getPresence(userId);
  if (!current) return undefined;
  const fresh = await loadStats(deps, userId, current.mode);
  if (sameStats(current, fresh)) return { presence: current, changed: false };
  const updated = await deps.state.updatePresence(userId, fresh);
  if (!updated) return undefined;
  // Presences carry the client's Player bit exactly when the account is publicly visible.
  const visible = (updated.clientPrivileges & ClientPrivileges.Player) !== 0 ? Privileges.PubliclyVisible : 0;
  await broadcastUser(deps, updated, visible);
  return { presence: updated, changed: true };
}

export async function requestOwnStats(deps: BanchoDeps, userId: number, reply: (data: Uint8Array) => void): Promise<void> {
  const r = await refreshUserStats(deps, userId);
  if (r && !r.changed) reply(statsPacket(r.presence));
}
