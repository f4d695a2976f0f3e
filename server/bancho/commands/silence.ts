/** Staff `!silence <user> <amount><s|m|h|d> <reason>` (0s lifts a silence). */
import { Privileges } from '../../domain/privileges.js';
import { silenceUser } from '../chat/silence.js';
import { parseDuration, userNamed } from './lookup.js';
import { CommandError, type Command } from './registry.js';

export const silenceCommand: Command = {
  name: 'silence',
  usage: 'silence <user> <amount><s|m|h|d> <reason>',
  summary: 'silence a player',
  privileges: Privileges.AdminSilenceUsers | Privileges.AdminChatMod,
  hidden: true,
  async run({ deps, args }) {
    const [name, amount, ...reasonWords] = args;
    const seconds = parseDuration(amount);
    if (!name || seconds === null || reasonWords.length === 0) throw new CommandError('Usage: !silence <user> <amount><s|m|h|d> <reason>');
    if (seconds > 4 * 7 * 86400) throw new CommandError('A silence can last at most 4 weeks.');
    const user = await userNamed(deps, name);
    await silenceUser(deps, user.id, seconds, reasonWords.join(' '));
    return seconds === 0 ? `${user.username} is no longer silenced.` : `${user.username} has been silenced for ${amount}.`;
  },
};
