/** MATCH_INVITE — 87: invite a user (88 with the osump:// link). */
import { inviteToMatch } from '../multiplayer/invite.js';
import type { PacketHandler } from './handler.js';

export const matchInvite: PacketHandler<'MATCH_INVITE'> = async (ctx, data) => {
  await inviteToMatch(ctx.deps, ctx.session, data);
};
