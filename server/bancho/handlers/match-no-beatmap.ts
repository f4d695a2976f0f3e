/** MATCH_NO_BEATMAP — 54: own slot NoMap. */
import { SlotStatus } from '../../../protocol/bancho/types.js';
import { setStatus } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchNoBeatmap: PacketHandler<'MATCH_NO_BEATMAP'> = async (ctx) => {
  await setStatus(ctx.deps, ctx.session, SlotStatus.NoMap);
};
