/** MATCH_LOAD_COMPLETE — 52: this player loaded the map; 53 when everyone has. */
import { matchLoaded } from '../multiplayer/game-actions.js';
import type { PacketHandler } from './handler.js';

export const matchLoadComplete: PacketHandler<'MATCH_LOAD_COMPLETE'> = async (ctx) => {
  await matchLoaded(ctx.deps, ctx.session);
};
