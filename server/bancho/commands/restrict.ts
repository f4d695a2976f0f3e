/**
 * Staff `!restrict <user>` / `!unrestrict <user>`: change `users.privileges`, then publish
 * `peppy:ban` / `peppy:unban` like rs so every process (and Akatsuki's other services) applies the
 * live effects once (server/bancho/events/).
 */
import { PeppyChannel } from '../../ports/events.js';
import { Privileges } from '../../domain/privileges.js';
import { userNamed } from './lookup.js';
import type { Command } from './registry.js';

export const restrictCommand: Command = {
  name: 'restrict',
  usage: 'restrict <user>',
  summary: 'restrict a player (hidden from everyone, can still log in)',
  privileges: Privileges.AdminManageBans,
  hidden: true,
  async run({ deps, session, rest }) {
    const user = await userNamed(deps, rest);
    await deps.storage.users.setPrivileges(user.id, (user.privileges & ~Privileges.PubliclyVisible) >>> 0);
    await deps.storage.users.appendNote(user.id, `restricted by ${session.username} (!restrict)`);
    await deps.events.publish(PeppyChannel.ban, String(user.id));
    return `${user.username} has been restricted.`;
  },
};

export const unrestrictCommand: Command = {
  name: 'unrestrict',
  usage: 'unrestrict <user>',
  summary: 'lift a restriction',
  privileges: Privileges.AdminManageBans,
  hidden: true,
  async run({ deps, session, rest }) {
    const user = await userNamed(deps, rest);
    await deps.storage.users.setPrivileges(user.id, (user.privileges | Privileges.PubliclyVisible | Privileges.CanLogin) >>> 0);
    await deps.storage.users.appendNote(user.id, `unrestricted by ${session.username} (!unrestrict)`);
    await deps.events.publish(PeppyChannel.unban, String(user.id));
    return `${user.username} is no longer restricted.`;
  },
};
