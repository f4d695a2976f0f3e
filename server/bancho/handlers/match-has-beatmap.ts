/** MATCH_HAS_BEATMAP — 59: the map is there now: own slot NotReady. */
import { SlotStatus } from '../../../protocol/bancho/types.js';
import { setStatus } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchHasBeatmap: PacketHandler<'MATCH_HAS_BEATMAP'> = async (ctx) => {
  await setStatus(ctx.deps, ctx.session, SlotStatus.NotReady);
};
