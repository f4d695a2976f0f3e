/**
 * score-service's `restrict_user` for the gates the /web/ endpoints own (getscores' leaderboard
 * version): clear USER_PUBLIC, stamp ban_datetime, append `[<utc>] LESS Restrict: <reason>` to the
 * notes and publish `peppy:ban` (whose handler removes the player from the pp boards and tells
 * their sessions). A player already restricted is left as is.
 *
 * s9-submit's submission gates restrict the same way (plus a rap_logs row); when that use-case
 * lands on main this function delegates to it.
 */
import type { BanchoDeps } from '../bancho/context.js';
import { isRestricted, Privileges } from '../domain/privileges.js';
import { PeppyChannel } from '../ports/events.js';
import type { UserRow } from '../ports/storage.js';

export type RestrictDeps = Pick<BanchoDeps, 'storage' | 'events' | 'clock' | 'log'>;

export async function restrictForGate(deps: RestrictDeps, user: UserRow, reason: string): Promise<void> {
  if (isRestricted(user.privileges) || (user.privileges & Privileges.PubliclyVisible) === 0) return;
  const nowMs = deps.clock.now();
  const stamp = new Date(nowMs).toISOString().replace('T', ' ').slice(0, 19);
  await deps.storage.users.setPrivileges(user.id, (user.privileges & ~Privileges.PubliclyVisible) >>> 0);
  await deps.storage.users.setBanDatetime(user.id, Math.floor(nowMs / 1000));
  await deps.storage.users.appendNote(user.id, `[${stamp}] LESS Restrict: ${reason}`);
  await deps.events.publish(PeppyChannel.ban, String(user.id));
  deps.log.warn('restricted by a web gate', { userId: user.id, reason });
}
