/** CANT_SPECTATE — 21: this spectator lacks the map; host and fellows get 22. */
import { cantSpectate as cant } from '../spectate/spectator-group.js';
import type { PacketHandler } from './handler.js';

export const cantSpectate: PacketHandler<'CANT_SPECTATE'> = async (ctx) => {
  await cant(ctx.deps, ctx.session);
};
