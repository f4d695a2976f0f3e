/** MATCH_CHANGE_TEAM — 77: own team blue <-> red. */
import { changeTeam } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchChangeTeam: PacketHandler<'MATCH_CHANGE_TEAM'> = async (ctx) => {
  await changeTeam(ctx.deps, ctx.session);
};
