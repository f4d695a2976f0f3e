/** `!roll [max]`: a random number from 0 to max (default 100), like osu!'s. */
import { randomInt } from 'node:crypto';
import type { Command } from './registry.js';

export const rollCommand: Command = {
  name: 'roll',
  usage: 'roll [max]',
  summary: 'roll a number between 0 and max (100)',
  privileges: 0,
  run({ session, args }) {
    const parsed = Number(args[0]);
    const max = Number.isSafeInteger(parsed) && parsed > 0 ? Math.min(parsed, 2 ** 31 - 1) : 100;
    return `${session.username} rolls ${randomInt(0, max + 1)} points!`;
  },
};
