/** TOURNAMENT_JOIN_MATCH_CHANNEL — 108: watch a match's updates and chat without a slot. */
import { tournamentJoinMatchChannel as watchMatch } from '../multiplayer/tournament.js';
import type { PacketHandler } from './handler.js';

export const tournamentJoinMatchChannel: PacketHandler<'TOURNAMENT_JOIN_MATCH_CHANNEL'> = async (ctx, data) => {
  await watchMatch(ctx.deps, ctx.session, data);
};
