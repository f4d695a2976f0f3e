/** JOIN_LOBBY — 30: enter the lobby; every live match is sent with its password hidden. */
import { joinLobby as join } from '../multiplayer/lobby.js';
import type { PacketHandler } from './handler.js';

export const joinLobby: PacketHandler<'JOIN_LOBBY'> = async (ctx) => {
  await join(ctx.deps, ctx.session);
};
