/** CHANNEL_JOIN (63). */
import { joinChannel } from '../chat/membership.js';
import type { PacketHandler } from './handler.js';

export const channelJoin: PacketHandler<'CHANNEL_JOIN'> = async (ctx, name) => {
  await joinChannel(ctx.deps, ctx.session, name, ctx.reply);
};
