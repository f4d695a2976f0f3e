/** JOIN_MATCH — 32: join a match (37 + a notification on every refusal). */
import { joinMatch as join } from '../multiplayer/enter-match.js';
import type { PacketHandler } from './handler.js';

export const joinMatch: PacketHandler<'JOIN_MATCH'> = async (ctx, data) => {
  ctx.session = await join(ctx.deps, ctx.session, data.matchId, data.password);
};
