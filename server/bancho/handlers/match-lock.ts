/** MATCH_LOCK — 40: host toggles a slot lock (an occupant is kicked). */
import { lockSlot } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchLock: PacketHandler<'MATCH_LOCK'> = async (ctx, data) => {
  await lockSlot(ctx.deps, ctx.session, data);
};
