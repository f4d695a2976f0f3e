/** STOP_SPECTATING — 17: stop watching. */
import { stopSpectating as stop } from '../spectate/spectator-group.js';
import type { PacketHandler } from './handler.js';

export const stopSpectating: PacketHandler<'STOP_SPECTATING'> = async (ctx) => {
  ctx.session = await stop(ctx.deps, ctx.session);
};
