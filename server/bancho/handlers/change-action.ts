/** CHANGE_ACTION (0): the player's status changed. */
import { changeUserAction } from '../presence/change-action.js';
import type { PacketHandler } from './handler.js';

export const changeAction: PacketHandler<'CHANGE_ACTION'> = (ctx, status) => changeUserAction(ctx.deps, ctx.session, status);
