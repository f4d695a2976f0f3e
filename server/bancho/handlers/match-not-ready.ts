/** MATCH_NOT_READY — 55: own slot NotReady. */
import { SlotStatus } from '../../../protocol/bancho/types.js';
import { setStatus } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchNotReady: PacketHandler<'MATCH_NOT_READY'> = async (ctx) => {
  await setStatus(ctx.deps, ctx.session, SlotStatus.NotReady);
};
