/** TOGGLE_BLOCK_NON_FRIEND_DMS (99): 1 = only friends may DM. */
import type { PacketHandler } from './handler.js';

export const toggleBlockNonFriendDms: PacketHandler<'TOGGLE_BLOCK_NON_FRIEND_DMS'> = async (ctx, value) => {
  const s = await ctx.deps.state.updateSession(ctx.session.token, { blockNonFriendDms: value === 1 });
  if (s) ctx.session = s;
};
