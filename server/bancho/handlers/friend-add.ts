/** FRIEND_ADD (73). */
import { addFriend } from '../friends/friends.js';
import type { PacketHandler } from './handler.js';

export const friendAdd: PacketHandler<'FRIEND_ADD'> = (ctx, userId) => addFriend(ctx.deps, ctx.session, userId);
