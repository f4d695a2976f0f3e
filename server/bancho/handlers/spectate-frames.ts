/** SPECTATE_FRAMES — 18: the host's frames, relayed byte-exact as 15 to its spectators. */
import { relayFrames } from '../spectate/spectator-group.js';
import type { PacketHandler } from './handler.js';

export const spectateFrames: PacketHandler<'SPECTATE_FRAMES'> = async (ctx, _data, raw) => {
  await relayFrames(ctx.deps, ctx.session, raw);
};
