/**
 * Restriction by a submission gate (score-and-web.md §2.18): clear USER_PUBLIC, set
 * ban_datetime, append a `LESS Restrict` line to users.notes, write a rap_logs row with the
 * reason (by the bot, through `LESS`, as score-service does), drop the user from every pp board
 * and publish `peppy:ban` so bancho refreshes the player's privileges.
 * (s8-staff's moderation use-case replaces this when it lands.)
 */
import { Privileges } from '../domain/privileges.js';
import { PeppyChannel } from '../ports/events.js';
import type { UserRow } from '../ports/storage.js';
import type { BanchoDeps } from '../bancho/context.js';

export async function restrictForGate(deps: BanchoDeps, user: UserRow, reason: string): Promise<UserRow> {
  const now = Math.floor(deps.clock.now() / 1000);
  const privileges = (user.privileges & ~Privileges.PubliclyVisible) >>> 0;
  await deps.storage.users.setPrivileges(user.id, privileges);
  await deps.storage.users.setBanDatetime(user.id, now);
  await deps.storage.users.appendNote(user.id, `[${new Date(now * 1000).toISOString().slice(0, 19).replace('T', ' ')}] LESS Restrict: ${reason}`);
  await deps.storage.submissions.addRapLog(deps.config.botUserId, `restricted user ${user.id}: ${reason}`, now, 'LESS');
  await deps.leaderboards.removeEverywhere(user.id, user.country);
  await deps.events.publish(PeppyChannel.ban, String(user.id));
  deps.log.warn('submission gate restricted a user', { userId: user.id, reason });
  return { ...user, privileges, banDatetime: now };
}
