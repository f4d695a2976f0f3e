/** Staff `!kick <user>`: ends every session of the user; their client reconnects after the restart answer. */
import { Privileges } from '../../domain/privileges.js';
import { endAllSessions } from '../logout/end-session.js';
import { userNamed } from './lookup.js';
import type { Command } from './registry.js';

export const kickCommand: Command = {
  name: 'kick',
  usage: 'kick <user>',
  summary: 'disconnect a player',
  privileges: Privileges.AdminKickUsers,
  hidden: true,
  async run({ deps, rest }) {
    const user = await userNamed(deps, rest);
    const n = await endAllSessions(deps, user.id);
    return n === 0 ? `${user.username} is not online.` : `${user.username} has been kicked.`;
  },
};
