/** MATCH_CHANGE_SLOT — 38: move to an Open slot. */
import { moveToSlot } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchChangeSlot: PacketHandler<'MATCH_CHANGE_SLOT'> = async (ctx, data) => {
  await moveToSlot(ctx.deps, ctx.session, data);
};
