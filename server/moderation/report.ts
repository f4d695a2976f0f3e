/**
 * rs's `!report USER REASON`: a `reports` row (what the admin panel lists) and an alert on the
 * reports webhook. A report changes nothing about the reported account.
 */
import { unixSeconds } from '../ports/clock.js';
import type { UserRow } from '../ports/storage.js';
import { ModerationError, profileUrl, type ModerationDeps } from './deps.js';

export async function reportUser(deps: ModerationDeps, from: { userId: number; username: string }, target: UserRow, reason: string): Promise<number> {
  const text = reason.trim();
  if (text === '') throw new ModerationError('Say why: !report <user> <reason>.');
  if (target.id === from.userId) throw new ModerationError('You cannot report yourself.');
  const id = await deps.storage.moderation.createReport(from.userId, target.id, text, unixSeconds(deps.clock));
  deps.alerts.send({
    channel: 'reports',
    title: 'New Report',
    colour: 'purple',
    text: `[${from.username}](${profileUrl(deps.config, from.userId)}) reported [${target.username}](${profileUrl(deps.config, target.id)}) for: ${text}`,
  });
  return id;
}
