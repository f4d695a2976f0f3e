/** CREATE_MATCH — 31: create a match; the creator is host in slot 0. */
import { createMatch as create } from '../multiplayer/enter-match.js';
import type { PacketHandler } from './handler.js';

export const createMatch: PacketHandler<'CREATE_MATCH'> = async (ctx, data) => {
  ctx.session = await create(ctx.deps, ctx.session, data);
};
