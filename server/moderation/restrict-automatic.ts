/**
 * score-service's `restrict_user` for automatic gates (getscores' leaderboard version, the cheat
 * checks): clear USER_PUBLIC, stamp ban_datetime, append `[<utc>] LESS Restrict: <reason>` to the
 * notes and publish `peppy:ban` (whose handler removes the player from the pp boards and tells
 * their sessions). A player already restricted is left as is.
 *
 * Goes through the moderation use-case (server/moderation/): audit row through `LESS` as
 * score-service writes it, peppy:ban, staff alert.
 */
import type { BanchoDeps } from '../bancho/context.js';
import { isRestricted, Privileges } from '../domain/privileges.js';
import { moderate } from './actions.js';
import { operatorActor, THROUGH } from './deps.js';
import type { UserRow } from '../ports/storage.js';

export type RestrictDeps = Pick<BanchoDeps, 'storage' | 'events' | 'clock' | 'log' | 'alerts' | 'config'>;

/**
 * The restriction itself, as score-service's `restrict_user` writes it: by the bot through `LESS`,
 * its audit text, the `[<utc>] LESS Restrict: <reason>` note and ban_datetime stamped. Shared by
 * every automatic gate (submission, getscores, cheat checks); callers add their own checks.
 */
export function restrictThroughLess(deps: RestrictDeps, user: UserRow, reason: string): ReturnType<typeof moderate> {
  const stamp = new Date(deps.clock.now()).toISOString().replace('T', ' ').slice(0, 19);
  return moderate(deps, operatorActor(deps.config, THROUGH.less), user, { kind: 'restrict', reason }, {
    logText: `restricted user ${user.id}: ${reason}`,
    note: `[${stamp}] LESS Restrict: ${reason}`,
    stampBanDatetime: true,
  });
}

export async function restrictForGate(deps: RestrictDeps, user: UserRow, reason: string): Promise<void> {
  if (isRestricted(user.privileges) || (user.privileges & Privileges.PubliclyVisible) === 0) return;
  await restrictThroughLess(deps, user, reason);
  deps.log.warn('restricted by a web gate', { userId: user.id, reason });
}
