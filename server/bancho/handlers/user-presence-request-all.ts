/** USER_PRESENCE_REQUEST_ALL (98). */
import { answerPresenceRequestAll } from '../presence/presence-requests.js';
import type { PacketHandler } from './handler.js';

export const userPresenceRequestAll: PacketHandler<'USER_PRESENCE_REQUEST_ALL'> = (ctx) => answerPresenceRequestAll(ctx.deps, ctx.session, ctx.reply);
