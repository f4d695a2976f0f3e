/** The account a staff tool names: a user id, or a name compared by safe name (`_` = space). */
import type { Storage, UserRow } from '../ports/storage.js';
import { ModerationError } from './deps.js';

export const safeUsername = (name: string): string => name.trim().toLowerCase().replace(/ /g, '_');

export async function findUser(storage: Storage, who: unknown): Promise<UserRow> {
  if (typeof who === 'number' || (typeof who === 'string' && /^\d{1,10}$/.test(who.trim()))) {
    const user = await storage.users.findById(Number(who));
    if (!user) throw new ModerationError(`No user with id ${String(who).trim()}.`, 'not-found');
    return user;
  }
  if (typeof who !== 'string' || who.trim() === '') throw new ModerationError('Which user? Give a username or an id.', 'invalid');
  const user = await storage.users.findBySafeName(safeUsername(who));
  if (!user) throw new ModerationError(`No user named ${who.trim()}.`, 'not-found');
  return user;
}
