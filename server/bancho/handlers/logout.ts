/**
 * LOGOUT (2): end the session and stop processing the body. The client tends to send one right
 * after logging in; like bpy, a LOGOUT within 1 s of the login is ignored.
 */
import { endSession } from '../logout/end-session.js';
import type { PacketHandler } from './handler.js';

export const LOGOUT_GRACE_MS = 1000;

export const logout: PacketHandler<'LOGOUT'> = async (ctx) => {
  if (ctx.deps.clock.now() - ctx.session.loginAt < LOGOUT_GRACE_MS) return;
  ctx.stop();
  await endSession(ctx.deps, ctx.session);
};
