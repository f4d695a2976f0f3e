/**
 * Staff actions that target no single account (alerts to everyone, announcements, maintenance
 * mode) are audited like the others: a `rap_logs` row and, when given, a staff alert.
 */
import { unixSeconds } from '../ports/clock.js';
import type { StaffAlert } from '../ports/staff-alerts.js';
import type { Actor, ModerationDeps } from './deps.js';

export async function recordStaffAction(deps: ModerationDeps, actor: Actor, text: string, alert?: Omit<StaffAlert, 'channel'> & { channel?: StaffAlert['channel'] }): Promise<void> {
  await deps.storage.moderation.appendAuditLog({ userId: actor.userId, text, datetime: unixSeconds(deps.clock), through: actor.through });
  if (alert) deps.alerts.send({ channel: 'logs', ...alert });
  deps.log.info('staff action', { actor: actor.userId, text, through: actor.through });
}
