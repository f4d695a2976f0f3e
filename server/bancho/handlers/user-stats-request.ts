/** USER_STATS_REQUEST (85). */
import { answerStatsRequest } from '../presence/presence-requests.js';
import type { PacketHandler } from './handler.js';

export const userStatsRequest: PacketHandler<'USER_STATS_REQUEST'> = (ctx, ids) => answerStatsRequest(ctx.deps, ctx.session, ids, ctx.reply);
