/** `hayate recalc`: placeholder until its issue lands; replaced by the real command. */
import type { CliCommand } from '../command.js';

const command: CliCommand = {
  summary: '(not available yet)',
  usage: 'hayate recalc: not available yet',
  async run() {
    process.stderr.write('hayate recalc: not available yet\n');
    return 2;
  },
};
export default command;
