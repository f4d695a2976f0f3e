/** MATCH_SCORE_UPDATE — 47: a score frame, relayed as 48 with the sender's real slot index. */
import { relayScoreFrame } from '../multiplayer/game-actions.js';
import type { PacketHandler } from './handler.js';

export const matchScoreUpdate: PacketHandler<'MATCH_SCORE_UPDATE'> = async (ctx, _data, raw) => {
  await relayScoreFrame(ctx.deps, ctx.session, raw);
};
