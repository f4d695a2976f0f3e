/** Finding the user a command names (by safe name; `_` and spaces are interchangeable). */
import type { UserRow } from '../../ports/storage.js';
import type { BanchoDeps } from '../context.js';
import { safeName } from '../presence/bot.js';
import { CommandError } from './registry.js';

export async function userNamed(deps: BanchoDeps, name: string | undefined): Promise<UserRow> {
  if (!name) throw new CommandError('Which user? Give a username.');
  const user = await deps.storage.users.findBySafeName(safeName(name));
  if (!user) throw new CommandError(`No user named ${name}.`);
  return user;
}

const UNITS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/**
 * rs's durations: `30s`, `10m`, `2h`, `1d`, `1w` and combinations (`1h30m`) → seconds; null
 * when malformed.
 */
export function parseDuration(text: string | undefined): number | null {
  const t = (text ?? '').toLowerCase();
  if (!/^(\d{1,7}[wdhms])+$/.test(t)) return null;
  let total = 0;
  for (const m of t.matchAll(/(\d{1,7})([wdhms])/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total;
}
