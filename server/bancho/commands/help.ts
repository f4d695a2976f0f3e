/** `!help`: the commands the caller may use. Hidden so it does not spam the channel. */
import { getCommandRegistry } from './index.js';
import type { Command } from './registry.js';

export const helpCommand: Command = {
  name: 'help',
  summary: 'list the commands you can use',
  privileges: 0,
  hidden: true,
  run({ session }) {
    const lines = getCommandRegistry()
      .available(session.privileges)
      .map((c) => `!${c.usage ?? c.name} — ${c.summary}`);
    return `Commands: ${lines.join(' | ')}`;
  },
};
