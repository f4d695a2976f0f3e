/** MATCH_SKIP_REQUEST — 60: this player wants to skip; 81 to the players, 61 when all did. */
import { matchSkip } from '../multiplayer/game-actions.js';
import type { PacketHandler } from './handler.js';

export const matchSkipRequest: PacketHandler<'MATCH_SKIP_REQUEST'> = async (ctx) => {
  await matchSkip(ctx.deps, ctx.session);
};
