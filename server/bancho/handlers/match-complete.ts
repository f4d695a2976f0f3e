/** MATCH_COMPLETE — 49: this player finished the map. */
import { matchComplete as complete } from '../multiplayer/game-actions.js';
import type { PacketHandler } from './handler.js';

export const matchComplete: PacketHandler<'MATCH_COMPLETE'> = async (ctx) => {
  await complete(ctx.deps, ctx.session);
};
