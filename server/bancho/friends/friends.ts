/**
 * FRIEND_ADD (73) / FRIEND_REMOVE (74), persisted in `users_relationships` (§4.5). Adding needs a
 * publicly visible sender and an existing, visible target other than oneself; no packet answers.
 */
import { isPubliclyVisible } from '../../domain/privileges.js';
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';

export async function addFriend(deps: BanchoDeps, session: Session, friendId: number): Promise<void> {
  if (friendId === session.userId || !isPubliclyVisible(session.privileges)) return;
  if (friendId !== deps.config.botUserId) {
    const target = await deps.storage.users.findById(friendId);
    if (!target || !isPubliclyVisible(target.privileges)) return;
  }
  await deps.storage.relationships.add(session.userId, friendId);
}

export async function removeFriend(deps: BanchoDeps, session: Session, friendId: number): Promise<void> {
  await deps.storage.relationships.remove(session.userId, friendId);
}
