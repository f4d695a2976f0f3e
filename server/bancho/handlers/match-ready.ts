/** MATCH_READY — 39: own slot Ready. */
import { SlotStatus } from '../../../protocol/bancho/types.js';
import { setStatus } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchReady: PacketHandler<'MATCH_READY'> = async (ctx) => {
  await setStatus(ctx.deps, ctx.session, SlotStatus.Ready);
};
