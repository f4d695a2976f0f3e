/**
 * Who may read and write a `bancho_channels` channel (§5.2, rules by name as in rs):
 * `#plus`/`#supporter`/`#premium` need donor, `#staff` chat-mod, `#devlog` manage-privileges;
 * other channels follow their public_read/public_write flags, admins (Caker) bypass them, and
 * chat moderators may also write to any channel they can read (announcements).
 */
import { isAdmin, isDeveloper, isDonor, isStaff, Privileges } from '../../domain/privileges.js';
import type { ChannelRow } from '../../ports/storage.js';

const DONOR_CHANNELS = new Set(['#plus', '#supporter', '#premium']);

function special(name: string): ((p: number) => boolean) | null {
  if (DONOR_CHANNELS.has(name)) return isDonor;
  if (name === '#staff') return isStaff;
  if (name === '#devlog') return isDeveloper;
  return null;
}

export function canRead(channel: ChannelRow, privileges: number): boolean {
  const rule = special(channel.name);
  if (rule) return rule(privileges) || isAdmin(privileges);
  return channel.publicRead || isAdmin(privileges);
}

export function canWrite(channel: ChannelRow, privileges: number): boolean {
  if (!canRead(channel, privileges)) return false;
  const rule = special(channel.name);
  if (rule) return true;
  return channel.publicWrite || isAdmin(privileges) || isStaff(privileges);
}

/**
 * The privilege filter for publishing a channel's 65 (member count) to `main`: only sessions that
 * can read it. `undefined` = everyone.
 */
export function readersFilter(channel: ChannelRow): number | undefined {
  if (DONOR_CHANNELS.has(channel.name)) return Privileges.Donator | Privileges.AkatsukiPlus | Privileges.AdminCaker;
  if (channel.name === '#staff') return Privileges.AdminChatMod | Privileges.AdminCaker;
  if (channel.name === '#devlog') return Privileges.AdminManagePrivileges | Privileges.AdminCaker;
  if (!channel.publicRead) return Privileges.AdminCaker;
  return undefined;
}

/** Channels a session joins server-side at login (rs): #osu, #announce, and privileged ones. */
export function autoJoinNames(privileges: number): string[] {
  const names = ['#osu', '#announce'];
  if (isDonor(privileges)) names.push('#plus');
  if (isStaff(privileges)) names.push('#staff');
  if (isDeveloper(privileges)) names.push('#devlog');
  return names;
}
