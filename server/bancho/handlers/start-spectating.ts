/** START_SPECTATING — 16: start watching a user. */
import { startSpectating as start } from '../spectate/spectator-group.js';
import type { PacketHandler } from './handler.js';

export const startSpectating: PacketHandler<'START_SPECTATING'> = async (ctx, data) => {
  ctx.session = await start(ctx.deps, ctx.session, data);
};
