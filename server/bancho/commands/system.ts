/**
 * `!system maintenance [on|off]` (rs: AdminCaker; without an argument it toggles, as rs does).
 * Maintenance is `bancho_settings.bancho_maintenance`, which the login use-case reads: new logins
 * are refused while it is on; sessions already open stay.
 */
import { Privileges } from '../../domain/privileges.js';
import { recordStaffAction } from '../../moderation/audit.js';
import { CommandError, type Command } from './registry.js';
import { chatActor } from './staff.js';

export const MAINTENANCE_SETTING = 'bancho_maintenance';

export const systemCommand: Command = {
  name: 'system',
  usage: 'system maintenance [on|off]',
  summary: 'server switches (maintenance mode)',
  privileges: Privileges.AdminCaker,
  hidden: true,
  async run(ctx) {
    const [sub, value] = ctx.args.map((a) => a.toLowerCase());
    if (sub !== 'maintenance' || (value !== undefined && value !== 'on' && value !== 'off')) {
      throw new CommandError('Usage: !system maintenance [on|off]');
    }
    const settings = ctx.deps.storage.settings;
    const current = ((await settings.getInt(MAINTENANCE_SETTING)) ?? 0) !== 0;
    const next = value === undefined ? !current : value === 'on';
    await settings.set(MAINTENANCE_SETTING, next ? 1 : 0, '');
    const word = next ? 'on' : 'off';
    await recordStaffAction(ctx.deps, chatActor(ctx), `has turned maintenance mode ${word}`, {
      title: 'Maintenance Mode',
      colour: next ? 'red' : 'blue',
      text: `${ctx.session.username} has turned maintenance mode ${word}.`,
    });
    return `Turned ${word} maintenance mode.`;
  },
};
