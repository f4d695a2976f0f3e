/**
 * rs's alert commands (AdminSendAlerts): `!alert <user> <message>` (one player's sessions, via
 * `peppy:notification` so it reaches them on any process), `!alertuser` (the legacy name of the
 * same), `!alertall <message>` (every online player) and `!announce <message>` (the bot in
 * #announce). Each is audited in rap_logs.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { Privileges } from '../../domain/privileges.js';
import { recordStaffAction } from '../../moderation/audit.js';
import { PeppyChannel } from '../../ports/events.js';
import { Streams } from '../../ports/state.js';
import { botSayInChannel } from '../chat/bot-say.js';
import { userNamed } from './lookup.js';
import { CommandError, type Command, type CommandContext } from './registry.js';
import { chatActor } from './staff.js';

function alertUser(name: 'alert' | 'alertuser'): Command {
  return {
    name,
    usage: `${name} <user> <message>`,
    summary: 'show a notification to one player',
    privileges: Privileges.AdminSendAlerts,
    hidden: true,
    async run(ctx) {
      const [who, ...words] = ctx.args;
      const message = words.join(' ').trim();
      if (!who || message === '') throw new CommandError(`Usage: !${name} <user> <message>`);
      const user = await userNamed(ctx.deps, who);
      await ctx.deps.events.publish(PeppyChannel.notification, JSON.stringify({ userID: user.id, message }));
      await recordStaffAction(ctx.deps, chatActor(ctx), `has sent an alert to ${user.username} (${user.id}): ${message}`);
      return 'Alert sent successfully.';
    },
  };
}

function messageOf(ctx: CommandContext, name: string): string {
  const message = ctx.rest.trim();
  if (message === '') throw new CommandError(`Usage: !${name} <message>`);
  return message;
}

export const alertAllCommand: Command = {
  name: 'alertall',
  usage: 'alertall <message>',
  summary: 'show a notification to every online player',
  privileges: Privileges.AdminSendAlerts,
  hidden: true,
  async run(ctx) {
    const message = messageOf(ctx, 'alertall');
    await ctx.deps.state.publish(Streams.main, encodeServer.NOTIFICATION(message));
    await recordStaffAction(ctx.deps, chatActor(ctx), `has sent an alert to everyone: ${message}`);
    return 'Alert sent successfully.';
  },
};

export const announceCommand: Command = {
  name: 'announce',
  usage: 'announce <message>',
  summary: 'the bot says the message in #announce',
  privileges: Privileges.AdminSendAlerts,
  hidden: true,
  async run(ctx) {
    const message = messageOf(ctx, 'announce');
    await botSayInChannel(ctx.deps, '#announce', message);
    await recordStaffAction(ctx.deps, chatActor(ctx), `has announced: ${message}`);
    return 'Announcement sent successfully.';
  },
};

export const alertCommands: Command[] = [alertUser('alert'), alertUser('alertuser'), alertAllCommand, announceCommand];
