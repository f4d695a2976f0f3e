/**
 * Restriction by a submission gate (score-and-web.md §2.18): clear USER_PUBLIC, set
 * ban_datetime, append a `LESS Restrict` line to users.notes, write a rap_logs row with the
 * reason (by the bot, through `LESS`, as score-service does), drop the user from every pp board
 * and publish `peppy:ban` so bancho refreshes the player's privileges.
 * Goes through the moderation use-case (server/moderation/), like every staff or automatic action.
 */
import { restrictThroughLess } from '../moderation/restrict-automatic.js';
import type { UserRow } from '../ports/storage.js';
import type { BanchoDeps } from '../bancho/context.js';

export async function restrictForGate(deps: BanchoDeps, user: UserRow, reason: string): Promise<UserRow> {
  const now = Math.floor(deps.clock.now() / 1000);
  const r = await restrictThroughLess(deps, user, reason);
  await deps.leaderboards.removeEverywhere(user.id, user.country);
  deps.log.warn('submission gate restricted a user', { userId: user.id, reason });
  return { ...user, privileges: r.privileges, banDatetime: now };
}
