/** rs's `!report <user> <reason>`: any player; hidden (the line is not shown to the channel). */
import { reportUser } from '../../moderation/report.js';
import { userNamed } from './lookup.js';
import { CommandError, type Command } from './registry.js';

export const reportCommand: Command = {
  name: 'report',
  usage: 'report <user> <reason>',
  summary: 'report a player to the staff',
  privileges: 0,
  hidden: true,
  async run(ctx) {
    const [name, ...words] = ctx.args;
    const reason = words.join(' ').trim();
    if (!name || reason === '') throw new CommandError('Usage: !report <user> <reason>');
    const user = await userNamed(ctx.deps, name);
    await reportUser(ctx.deps, { userId: ctx.session.userId, username: ctx.session.username }, user, reason);
    return 'Report successful!';
  },
};
