/** MATCH_CHANGE_MODS — 51: mods (freemod: own mods; host: speed mods). */
import { changeMatchMods } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchChangeMods: PacketHandler<'MATCH_CHANGE_MODS'> = async (ctx, data) => {
  await changeMatchMods(ctx.deps, ctx.session, data);
};
