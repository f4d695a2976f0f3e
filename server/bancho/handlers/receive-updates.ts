/** RECEIVE_UPDATES (79): store the presence filter (0 none, 1 all, 2 friends); other values ignored. */
import type { PacketHandler } from './handler.js';

export const receiveUpdates: PacketHandler<'RECEIVE_UPDATES'> = async (ctx, filter) => {
  if (filter !== 0 && filter !== 1 && filter !== 2) return;
  if (ctx.session.presenceFilter === filter) return;
  const s = await ctx.deps.state.updateSession(ctx.session.token, { presenceFilter: filter });
  if (s) ctx.session = s;
};
