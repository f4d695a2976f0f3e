/**
 * The one way staff actions happen, whoever asks (chat commands, `hayate user …`, the admin API,
 * automatic rules at login). Each action:
 *   1. checks rank: the actor must outrank the target (rank.ts), the operator always may;
 *   2. changes the database exactly as bancho-service-rs does (privilege bits, silence columns,
 *      `frozen`/`freeze_reason`, `whitelist`, BN badge and donor expiry);
 *   3. writes a `rap_logs` row in the admin panel's format — `userid` = the actor, `text` without
 *      the actor's name (`has banned alice (5) for cheating`), `through` = where it came from;
 *   4. publishes the `peppy:*` event every Hayate process (and Akatsuki's other services) apply live;
 *   5. queues the staff alert rs posts to Discord (title and colour as rs's embeds).
 */
import { Privileges } from '../domain/privileges.js';
import { unixSeconds } from '../ports/clock.js';
import { PeppyChannel } from '../ports/events.js';
import type { AlertColour } from '../ports/staff-alerts.js';
import type { UserRow } from '../ports/storage.js';
import { ModerationError, profileUrl, type Actor, type ModerationDeps } from './deps.js';
import { outranks } from './rank.js';

export type ModerationAction =
  | { kind: 'ban'; reason: string }
  | { kind: 'unban'; reason: string }
  | { kind: 'restrict'; reason: string }
  | { kind: 'unrestrict'; reason: string }
  | { kind: 'silence'; seconds: number; reason: string }
  | { kind: 'unsilence'; reason: string }
  | { kind: 'kick'; reason: string }
  | { kind: 'freeze'; reason: string }
  | { kind: 'unfreeze'; reason: string }
  | { kind: 'whitelist'; bits: number; reason: string }
  | { kind: 'set-privileges'; privileges: number; reason: string }
  | { kind: 'addbn'; reason: string }
  | { kind: 'removebn'; reason: string };

export type ModerationKind = ModerationAction['kind'];

export const MAX_SILENCE_SECONDS = 4 * 7 * 86400;
export const BN_BADGE = 'Beatmap Nomination';
const BN_BITS = Privileges.AdminManageBeatmaps | Privileges.Donator | Privileges.AkatsukiPlus;
/** rs: a BN's supporter never expires (max i32). */
const DONOR_FOREVER = 2147483647;

export interface ModerationResult {
  target: UserRow;
  /** The `rap_logs` text (without the actor's name). */
  logText: string;
  /** Privileges after the action. */
  privileges: number;
}

/** Title and colour of rs's Discord embed, and the verb of the log line. */
const DESCRIBE: Record<ModerationKind, { title: string; colour: AlertColour; verb: string }> = {
  ban: { title: 'User Banned', colour: 'red', verb: 'banned' },
  unban: { title: 'User Unbanned', colour: 'blue', verb: 'unbanned' },
  restrict: { title: 'User Restricted', colour: 'red', verb: 'restricted' },
  unrestrict: { title: 'User Unrestricted', colour: 'blue', verb: 'unrestricted' },
  silence: { title: 'User Silenced', colour: 'red', verb: 'silenced' },
  unsilence: { title: 'User Unsilenced', colour: 'blue', verb: 'unsilenced' },
  kick: { title: 'User Kicked', colour: 'purple', verb: 'kicked' },
  freeze: { title: 'User Frozen', colour: 'red', verb: 'frozen' },
  unfreeze: { title: 'User Unfrozen', colour: 'blue', verb: 'unfrozen' },
  whitelist: { title: 'Whitelist Updated', colour: 'blue', verb: 'changed the whitelist of' },
  'set-privileges': { title: 'Privileges Changed', colour: 'purple', verb: 'changed the privileges of' },
  addbn: { title: 'BN Added', colour: 'purple', verb: 'given BN to' },
  removebn: { title: 'BN Removed', colour: 'purple', verb: 'removed BN from' },
};

/**
 * How another service's automatic action is recorded when it has its own established format
 * (score-service's submission gates: `LESS Restrict` note, `restricted user <id>` through `LESS`).
 */
export interface AuditOverrides {
  /** Replaces the `rap_logs` text. */
  logText?: string;
  /** Appended to `users.notes`. */
  note?: string;
  /** Also stamps `ban_datetime` (score-service does on restriction). */
  stampBanDatetime?: boolean;
}

/** Acts on `target` (a row, or an id that must exist). Throws ModerationError for refusals. */
export async function moderate(deps: ModerationDeps, actor: Actor, target: UserRow | number, action: ModerationAction, overrides: AuditOverrides = {}): Promise<ModerationResult> {
  const user = typeof target === 'number' ? await deps.storage.users.findById(target) : target;
  if (!user) throw new ModerationError(`No user with id ${String(target)}.`, 'not-found');
  if (user.id === deps.config.botUserId) throw new ModerationError(`${user.username} is the bot; it cannot be moderated.`);
  if (!outranks(actor.privileges, user.privileges)) {
    throw new ModerationError(`You cannot ${action.kind} ${user.username}: their privileges are equal to or higher than yours.`);
  }
  const reason = action.reason.trim();
  const now = unixSeconds(deps.clock);
  const users = deps.storage.users;
  const mod = deps.storage.moderation;
  let privileges = user.privileges;
  let detail = '';
  const setPrivileges = async (p: number): Promise<void> => {
    privileges = p >>> 0;
    await users.setPrivileges(user.id, privileges);
  };

  switch (action.kind) {
    case 'ban':
      await setPrivileges(privileges & ~(Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.PendingVerification));
      await users.setBanDatetime(user.id, now);
      await deps.events.publish(PeppyChannel.ban, String(user.id));
      break;
    case 'unban':
      await setPrivileges(privileges | Privileges.PubliclyVisible | Privileges.CanLogin);
      await users.setBanDatetime(user.id, 0);
      await deps.events.publish(PeppyChannel.unban, String(user.id));
      break;
    case 'restrict':
      await setPrivileges(privileges & ~Privileges.PubliclyVisible);
      await deps.events.publish(PeppyChannel.ban, String(user.id));
      break;
    case 'unrestrict':
      await setPrivileges(privileges | Privileges.PubliclyVisible);
      await deps.events.publish(PeppyChannel.unban, String(user.id));
      break;
    case 'silence': {
      if (!Number.isInteger(action.seconds) || action.seconds < 1 || action.seconds > MAX_SILENCE_SECONDS) {
        throw new ModerationError('A silence lasts from 1 second to 4 weeks.', 'invalid');
      }
      await users.setSilence(user.id, now + action.seconds, reason);
      // The lines of the last minute go with the silence (the client is told to hide them, 94).
      await deps.storage.messages.softDeleteSince(user.id, now - 60, now);
      await deps.events.publish(PeppyChannel.silence, String(user.id));
      detail = ` for ${action.seconds} seconds`;
      break;
    }
    case 'unsilence':
      await users.setSilence(user.id, 0, '');
      await deps.events.publish(PeppyChannel.silence, String(user.id));
      break;
    case 'kick':
      await deps.events.publish(PeppyChannel.disconnect, JSON.stringify({ userID: user.id, reason }));
      break;
    case 'freeze':
      if (user.frozen !== 0) throw new ModerationError('That user is already frozen.');
      await mod.setFrozen(user.id, true, reason);
      break;
    case 'unfreeze':
      if (user.frozen === 0) throw new ModerationError('That user is not frozen.');
      await mod.setFrozen(user.id, false, null);
      break;
    case 'whitelist':
      if (!Number.isInteger(action.bits) || action.bits < 0 || action.bits > 7) throw new ModerationError('Invalid bit: the whitelist is 0 to 7.', 'invalid');
      await mod.setWhitelist(user.id, action.bits);
      detail = ` to ${action.bits}`;
      break;
    case 'set-privileges': {
      if (!Number.isInteger(action.privileges) || action.privileges < 0 || action.privileges > 0x7fffffff) {
        throw new ModerationError('Privileges are a whole number from 0 to 2147483647.', 'invalid');
      }
      // Nobody hands out rank they do not have themselves.
      if (!outranks(actor.privileges, action.privileges)) throw new ModerationError('You cannot grant privileges equal to or higher than yours.');
      const before = privileges;
      await setPrivileges(action.privileges);
      const wasVisible = (before & Privileges.PubliclyVisible) !== 0;
      const nowVisible = (privileges & Privileges.PubliclyVisible) !== 0 && (privileges & Privileges.CanLogin) !== 0;
      // peppy:unban re-adds a newly visible user to the leaderboards; peppy:ban removes a newly
      // hidden one and, for everyone else, refreshes the privileges cached in their sessions.
      await deps.events.publish(!wasVisible && nowVisible ? PeppyChannel.unban : PeppyChannel.ban, String(user.id));
      detail = ` from ${before} to ${privileges}`;
      break;
    }
    case 'addbn':
      await setPrivileges(privileges | BN_BITS);
      await mod.addBadgeByName(user.id, BN_BADGE);
      await mod.setDonorExpire(user.id, DONOR_FOREVER);
      await deps.events.publish(PeppyChannel.ban, String(user.id));
      break;
    case 'removebn':
      await setPrivileges(privileges & ~BN_BITS);
      await mod.removeBadgeByName(user.id, BN_BADGE);
      await mod.setDonorExpire(user.id, 0);
      await deps.events.publish(PeppyChannel.ban, String(user.id));
      break;
  }

  if (overrides.stampBanDatetime) await users.setBanDatetime(user.id, now);
  if (overrides.note !== undefined) await users.appendNote(user.id, overrides.note);
  const d = DESCRIBE[action.kind];
  const because = reason === '' ? '' : ` for ${reason}`;
  const logText = overrides.logText ?? `has ${d.verb} ${user.username} (${user.id})${detail}${because}`;
  await mod.appendAuditLog({ userId: actor.userId, text: logText, datetime: now, through: actor.through });
  deps.alerts.send({
    channel: 'logs',
    title: d.title,
    colour: d.colour,
    text: `[${actor.username}](${profileUrl(deps.config, actor.userId)}) has ${d.verb} [${user.username}](${profileUrl(deps.config, user.id)})${detail}${reason === '' ? '.' : ` for: ${reason}`}`,
  });
  deps.log.info('moderation', { action: action.kind, actor: actor.userId, target: user.id, through: actor.through });
  return { target: { ...user, privileges }, logText, privileges };
}
