/**
 * Restriction by a submission gate (score-and-web.md §2.18), through the moderation use-case
 * (server/moderation/): USER_PUBLIC cleared, a `rap_logs` row by the bot with the reason,
 * `through` = `LESS` as score-service writes it, `peppy:ban` published (bancho refreshes the
 * player's privileges), the staff alert queued. On top, as score-service's `restrict_user` does:
 * ban_datetime stamped, a `LESS Restrict:` line appended to users.notes, and the player removed
 * from every pp board at once.
 */
import { moderate } from '../moderation/actions.js';
import { operatorActor } from '../moderation/deps.js';
import type { UserRow } from '../ports/storage.js';
import type { BanchoDeps } from '../bancho/context.js';

export const GATE_THROUGH = 'LESS';

export async function restrictForGate(deps: BanchoDeps, user: UserRow, reason: string): Promise<UserRow> {
  const now = Math.floor(deps.clock.now() / 1000);
  const result = await moderate(deps, operatorActor(deps.config, GATE_THROUGH), user, { kind: 'restrict', reason });
  await deps.storage.users.setBanDatetime(user.id, now);
  await deps.storage.users.appendNote(user.id, `[${new Date(now * 1000).toISOString().slice(0, 19).replace('T', ' ')}] LESS Restrict: ${reason}`);
  await deps.leaderboards.removeEverywhere(user.id, user.country);
  deps.log.warn('submission gate restricted a user', { userId: user.id, reason });
  return { ...user, privileges: result.privileges, banDatetime: now };
}
