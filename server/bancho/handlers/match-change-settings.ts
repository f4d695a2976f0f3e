/** MATCH_CHANGE_SETTINGS — 41: host changes map, mode, teams, freemod, name, win condition. */
import { changeMatchSettings } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchChangeSettings: PacketHandler<'MATCH_CHANGE_SETTINGS'> = async (ctx, data) => {
  await changeMatchSettings(ctx.deps, ctx.session, data);
};
