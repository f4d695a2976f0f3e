/** FRIEND_REMOVE (74). */
import { removeFriend } from '../friends/friends.js';
import type { PacketHandler } from './handler.js';

export const friendRemove: PacketHandler<'FRIEND_REMOVE'> = (ctx, userId) => removeFriend(ctx.deps, ctx.session, userId);
