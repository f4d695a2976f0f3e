/** TOURNAMENT_MATCH_INFO_REQUEST — 93: one match's state for a tournament client (password hidden). */
import { tournamentMatchInfo } from '../multiplayer/tournament.js';
import type { PacketHandler } from './handler.js';

export const tournamentMatchInfoRequest: PacketHandler<'TOURNAMENT_MATCH_INFO_REQUEST'> = async (ctx, data) => {
  await tournamentMatchInfo(ctx.deps, ctx.session, data);
};
