/** MATCH_START — 44: host starts the game. */
import { requestStart } from '../multiplayer/game-actions.js';
import type { PacketHandler } from './handler.js';

export const matchStart: PacketHandler<'MATCH_START'> = async (ctx) => {
  await requestStart(ctx.deps, ctx.session);
};
