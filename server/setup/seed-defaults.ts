/**
 * Rows a fresh database needs before the first login: the bot account, the default chat
 * channels and the bancho_settings flags. Idempotent, and it never overwrites what an operator
 * has changed: every row is only created when missing.
 */
import { NORMAL_USER } from '../domain/privileges.js';
import type { ChannelRow, Storage } from '../ports/storage.js';

export interface SeedOptions {
  botUserId: number;
  botName: string;
}

export interface SeedReport {
  botCreated: boolean;
  channelsCreated: string[];
  settingsCreated: string[];
}

/**
 * Read/write flags per bancho-protocol.md §5.2: `#plus`, `#staff`, `#devlog` are gated by name
 * (donor / chat mod / developer), so their public flags stay off; `#announce` is read-only for
 * players (staff write through the admin rule).
 */
export const DEFAULT_CHANNELS: ReadonlyArray<Omit<ChannelRow, 'id'>> = [
  { name: '#osu', description: 'General discussion.', publicRead: true, publicWrite: true, status: 1, temp: false, hidden: false },
  { name: '#announce', description: 'Announcements and first places.', publicRead: true, publicWrite: false, status: 1, temp: false, hidden: false },
  { name: '#lobby', description: 'Multiplayer lobby discussion.', publicRead: true, publicWrite: true, status: 1, temp: false, hidden: false },
  { name: '#plus', description: 'Supporter-only chat.', publicRead: false, publicWrite: false, status: 1, temp: false, hidden: false },
  { name: '#staff', description: 'Staff chat.', publicRead: false, publicWrite: false, status: 1, temp: false, hidden: true },
  { name: '#devlog', description: 'Developer log.', publicRead: false, publicWrite: false, status: 1, temp: false, hidden: true },
];

export const DEFAULT_SETTINGS: ReadonlyArray<{ name: string; valueInt: number; valueString: string }> = [
  { name: 'bancho_maintenance', valueInt: 0, valueString: '' },
  { name: 'free_direct', valueInt: 1, valueString: '' },
  { name: 'login_notification', valueInt: 0, valueString: '' },
];

export async function seedDefaults(storage: Storage, opts: SeedOptions): Promise<SeedReport> {
  const report: SeedReport = { botCreated: false, channelsCreated: [], settingsCreated: [] };
  if (!(await storage.users.findById(opts.botUserId))) {
    await storage.users.create({
      id: opts.botUserId,
      username: opts.botName,
      // Nobody logs in as the bot: an empty hash never verifies against bcrypt.
      passwordHash: '',
      email: `bot-${opts.botUserId}@localhost`,
      privileges: NORMAL_USER,
      country: 'XX',
      registerDatetime: 0,
    });
    report.botCreated = true;
  }
  const existing = new Set((await storage.channels.list()).map((c) => c.name));
  for (const c of DEFAULT_CHANNELS) {
    if (existing.has(c.name)) continue;
    await storage.channels.ensure(c);
    report.channelsCreated.push(c.name);
  }
  for (const s of DEFAULT_SETTINGS) {
    if ((await storage.settings.getInt(s.name)) !== undefined) continue;
    await storage.settings.set(s.name, s.valueInt, s.valueString);
    report.settingsCreated.push(s.name);
  }
  return report;
}
