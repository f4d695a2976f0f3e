/**
 * RECEIVE_UPDATES (79): the presence filter (0 none, 1 all, 2 friends); other values ignored.
 * 0 unsubscribes the session from the stats-push stream, 1 and 2 (re)subscribe it. Friends-only is
 * treated as "all" for pushes: filtering it per recipient would cost every status broadcast a
 * lookup (see README "Not done").
 */
import { STATS_ALL_STREAM } from '../presence/broadcast-user.js';
import type { PacketHandler } from './handler.js';

export const receiveUpdates: PacketHandler<'RECEIVE_UPDATES'> = async (ctx, filter) => {
  if (filter !== 0 && filter !== 1 && filter !== 2) return;
  if (ctx.session.presenceFilter === filter) return;
  const wantsStats = filter !== 0;
  const hadStats = ctx.session.presenceFilter !== 0;
  if (wantsStats && !hadStats) await ctx.deps.state.subscribe(ctx.session.token, STATS_ALL_STREAM);
  if (!wantsStats && hadStats) await ctx.deps.state.unsubscribe(ctx.session.token, STATS_ALL_STREAM);
  const s = await ctx.deps.state.updateSession(ctx.session.token, { presenceFilter: filter });
  if (s) ctx.session = s;
};
