/** SEND_PUBLIC_MESSAGE (1): a chat line to a channel. */
import { sendPublicMessage as send } from '../chat/send-public-message.js';
import type { PacketHandler } from './handler.js';

export const sendPublicMessage: PacketHandler<'SEND_PUBLIC_MESSAGE'> = (ctx, message) => send(ctx.deps, ctx.session, message, ctx.reply);
