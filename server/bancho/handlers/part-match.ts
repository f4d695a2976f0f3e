/** PART_MATCH — 33: leave the match. */
import { leaveMatch } from '../multiplayer/leave-match.js';
import type { PacketHandler } from './handler.js';

export const partMatch: PacketHandler<'PART_MATCH'> = async (ctx) => {
  ctx.session = await leaveMatch(ctx.deps, ctx.session);
};
