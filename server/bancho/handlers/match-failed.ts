/** MATCH_FAILED — 56: this player failed; the match gets 57 with the slot index. */
import { matchFailed as failed } from '../multiplayer/game-actions.js';
import type { PacketHandler } from './handler.js';

export const matchFailed: PacketHandler<'MATCH_FAILED'> = async (ctx) => {
  await failed(ctx.deps, ctx.session);
};
