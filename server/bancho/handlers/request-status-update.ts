/** REQUEST_STATUS_UPDATE (3): reload own stats; broadcast if they changed, else answer own 11. */
import { requestOwnStats } from '../presence/refresh-stats.js';
import type { PacketHandler } from './handler.js';

export const requestStatusUpdate: PacketHandler<'REQUEST_STATUS_UPDATE'> = (ctx) => requestOwnStats(ctx.deps, ctx.session.userId, ctx.reply);
