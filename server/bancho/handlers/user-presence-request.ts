/** USER_PRESENCE_REQUEST (97). */
import { answerPresenceRequest } from '../presence/presence-requests.js';
import type { PacketHandler } from './handler.js';

export const userPresenceRequest: PacketHandler<'USER_PRESENCE_REQUEST'> = (ctx, ids) => answerPresenceRequest(ctx.deps, ctx.session, ids, ctx.reply);
