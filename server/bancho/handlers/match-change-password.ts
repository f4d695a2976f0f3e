/** MATCH_CHANGE_PASSWORD — 90: host sets the password (never shown to the lobby). */
import { changeMatchPassword } from '../multiplayer/room-actions.js';
import type { PacketHandler } from './handler.js';

export const matchChangePassword: PacketHandler<'MATCH_CHANGE_PASSWORD'> = async (ctx, data) => {
  await changeMatchPassword(ctx.deps, ctx.session, data.password ?? '');
};
