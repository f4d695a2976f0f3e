/** PART_LOBBY — 29: leave the lobby stream. */
import { partLobby as part } from '../multiplayer/lobby.js';
import type { PacketHandler } from './handler.js';

export const partLobby: PacketHandler<'PART_LOBBY'> = async (ctx) => {
  await part(ctx.deps, ctx.session);
};
