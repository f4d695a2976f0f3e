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

/** `30s`, `10m`, `2h`, `1d` → seconds; null when malformed. */
export function parseDuration(text: string | undefined): number | null {
  const m = /^(\d{1,7})([smhd])$/i.exec(text ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return n * unit;
}
