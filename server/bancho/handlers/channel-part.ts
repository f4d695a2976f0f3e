/** CHANNEL_PART (78). */
import { partChannel } from '../chat/membership.js';
import type { PacketHandler } from './handler.js';

export const channelPart: PacketHandler<'CHANNEL_PART'> = (ctx, name) => partChannel(ctx.deps, ctx.session, name);
