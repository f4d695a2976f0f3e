/**
 * Username changes queued while the player is playing, shared with Akatsuki's services:
 * - `ripple:change_username_pending:<user id>` holds the new name as a plain string, no expiry
 *   (rs's `queue_username_change` writes it when `peppy:change_username` arrives mid-play);
 * - after a score submission, score-service re-publishes `peppy:change_username`
 *   `{"userID", "newUsername"}` (and `api:change_username` with the id) when the key exists, so the
 *   bancho applies it now that the player stopped playing. Hayate's submission calls
 *   `republishPendingRename` for the same effect;
 * - Hayate also applies a pending name at the next login and deletes the key once applied (rs
 *   never deletes it, so score-service would re-send the same rename after every submission, and
 *   a later rename could be reverted by the stale one).
 */
import { PeppyChannel, type EventBus } from '../ports/events.js';
import type { SharedKeys } from '../ports/shared-keys.js';

export const pendingUsernameKey = (userId: number): string => `ripple:change_username_pending:${userId}`;

/** score-service publishes this beside peppy:change_username (users-service / API caches). */
export const API_CHANGE_USERNAME_CHANNEL = 'api:change_username';

export async function queueRename(keys: SharedKeys, userId: number, newName: string): Promise<void> {
  await keys.set(pendingUsernameKey(userId), newName);
}

export async function pendingRename(keys: SharedKeys, userId: number): Promise<string | undefined> {
  const v = (await keys.get(pendingUsernameKey(userId)))?.trim();
  return v ? v : undefined;
}

export async function clearPendingRename(keys: SharedKeys, userId: number): Promise<void> {
  await keys.delete(pendingUsernameKey(userId));
}

/** What score-service does after a submission: a queued rename is published again. */
export async function republishPendingRename(deps: { sharedKeys: SharedKeys; events: EventBus }, userId: number): Promise<boolean> {
  const name = await pendingRename(deps.sharedKeys, userId);
  if (name === undefined) return false;
  await deps.events.publish(PeppyChannel.changeUsername, JSON.stringify({ userID: userId, newUsername: name }));
  await deps.events.publish(API_CHANGE_USERNAME_CHANNEL, String(userId));
  return true;
}
