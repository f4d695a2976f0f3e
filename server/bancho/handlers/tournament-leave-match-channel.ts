/** TOURNAMENT_LEAVE_MATCH_CHANNEL — 109: stop watching a match. */
import { tournamentLeaveMatchChannel as unwatchMatch } from '../multiplayer/tournament.js';
import type { PacketHandler } from './handler.js';

export const tournamentLeaveMatchChannel: PacketHandler<'TOURNAMENT_LEAVE_MATCH_CHANNEL'> = async (ctx, data) => {
  await unwatchMatch(ctx.deps, ctx.session, data);
};
