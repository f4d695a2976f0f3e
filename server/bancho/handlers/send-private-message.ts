/** SEND_PRIVATE_MESSAGE (25): a DM to a user or to the bot. */
import { sendPrivateMessage as send } from '../chat/send-private-message.js';
import type { PacketHandler } from './handler.js';

export const sendPrivateMessage: PacketHandler<'SEND_PRIVATE_MESSAGE'> = (ctx, message) => send(ctx.deps, ctx.session, message, ctx.reply);
