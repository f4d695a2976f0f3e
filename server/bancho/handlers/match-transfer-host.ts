/** MATCH_TRANSFER_HOST — 70: host hands the host to a slot's player (50 to them). */
import { transferMatchHost } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchTransferHost: PacketHandler<'MATCH_TRANSFER_HOST'> = async (ctx, data) => {
  await transferMatchHost(ctx.deps, ctx.session, data);
};
