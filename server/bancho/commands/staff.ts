/**
 * Staff commands with rs's names, privileges and arguments (`!ban <user> <reason>` …). Each goes
 * through the moderation use-case (server/moderation/actions.ts): rank check, database change,
 * `rap_logs` row (through `Aika`), `peppy:*` event, Discord alert. Names are safe names
 * (`_` for spaces), as in rs. Answers are rs's, with the profile link in osu!'s `[url text]` form.
 */
import { Privileges } from '../../domain/privileges.js';
import { moderate, type ModerationAction } from '../../moderation/actions.js';
import { profileUrl, THROUGH, type Actor } from '../../moderation/deps.js';
import type { UserRow } from '../../ports/storage.js';
import { parseDuration, userNamed } from './lookup.js';
import { CommandError, type Command, type CommandContext } from './registry.js';

export function chatActor(ctx: CommandContext): Actor {
  return { userId: ctx.session.userId, username: ctx.session.username, privileges: ctx.session.privileges, through: THROUGH.chat };
}

const link = (ctx: CommandContext, user: UserRow): string => `[${profileUrl(ctx.deps.config, user.id)} ${user.username}]`;

/** `<user> <reason…>`: both required, as rs's argument structs. */
function userAndReason(ctx: CommandContext, usage: string): { name: string; reason: string } {
  const [name, ...rest] = ctx.args;
  const reason = rest.join(' ').trim();
  if (!name || reason === '') throw new CommandError(`Usage: !${usage}`);
  return { name, reason };
}

interface Simple {
  name: 'ban' | 'unban' | 'restrict' | 'unrestrict' | 'unsilence' | 'freeze' | 'unfreeze';
  privileges: number;
  summary: string;
  answer: (ctx: CommandContext, user: UserRow, reason: string) => string;
}

const SIMPLE: Simple[] = [
  { name: 'ban', privileges: Privileges.AdminManageBans, summary: 'ban a player (cannot log in)', answer: (c, u) => `${link(c, u)} has been banned` },
  { name: 'unban', privileges: Privileges.AdminManageBans, summary: 'lift a ban', answer: (c, u) => `${link(c, u)} has been unbanned` },
  {
    name: 'restrict',
    privileges: Privileges.AdminManageBans,
    summary: 'restrict a player (hidden from everyone, can still log in)',
    answer: (c, u, r) => `${link(c, u)} has been restricted for: ${r}`,
  },
  { name: 'unrestrict', privileges: Privileges.AdminManageBans, summary: 'lift a restriction', answer: (c, u) => `${link(c, u)} has been unrestricted` },
  { name: 'unsilence', privileges: Privileges.AdminSilenceUsers, summary: 'lift a silence', answer: (c, u) => `${link(c, u)}'s silence has been reset` },
  { name: 'freeze', privileges: Privileges.AdminFreezeUsers, summary: 'freeze a player (flag for review; restricts nothing)', answer: (c, u) => `${link(c, u)} has been frozen` },
  { name: 'unfreeze', privileges: Privileges.AdminFreezeUsers, summary: 'unfreeze a player', answer: (c, u) => `${link(c, u)} has been unfrozen` },
];

const simpleCommands: Command[] = SIMPLE.map((s) => ({
  name: s.name,
  usage: `${s.name} <user> <reason>`,
  summary: s.summary,
  privileges: s.privileges,
  hidden: true,
  async run(ctx) {
    const { name, reason } = userAndReason(ctx, `${s.name} <user> <reason>`);
    const user = await userNamed(ctx.deps, name);
    const r = await moderate(ctx.deps, chatActor(ctx), user, { kind: s.name, reason } as ModerationAction);
    return s.answer(ctx, r.target, reason);
  },
}));

export const silenceCommand: Command = {
  name: 'silence',
  usage: 'silence <user> <duration: 30s, 10m, 1h30m, 1w> <reason>',
  summary: 'silence a player',
  privileges: Privileges.AdminSilenceUsers,
  hidden: true,
  async run(ctx) {
    const [name, amount, ...reasonWords] = ctx.args;
    const seconds = parseDuration(amount);
    const reason = reasonWords.join(' ').trim();
    if (!name || seconds === null || reason === '') throw new CommandError(`Usage: !${this.usage}`);
    const user = await userNamed(ctx.deps, name);
    // rs's `!silence user 0s` is how some staff lift a silence: keep it working.
    const action: ModerationAction = seconds === 0 ? { kind: 'unsilence', reason } : { kind: 'silence', seconds, reason };
    const r = await moderate(ctx.deps, chatActor(ctx), user, action);
    return seconds === 0 ? `${link(ctx, r.target)}'s silence has been reset` : `${link(ctx, r.target)} has been silenced for: ${reason}`;
  },
};

export const kickCommand: Command = {
  name: 'kick',
  usage: 'kick <user> <reason>',
  summary: 'disconnect a player',
  privileges: Privileges.AdminKickUsers,
  hidden: true,
  async run(ctx) {
    const { name, reason } = userAndReason(ctx, 'kick <user> <reason>');
    const user = await userNamed(ctx.deps, name);
    if ((await ctx.deps.state.sessionsOfUser(user.id)).length === 0) return 'Target not online.';
    const r = await moderate(ctx.deps, chatActor(ctx), user, { kind: 'kick', reason });
    return `${link(ctx, r.target)} has been kicked from the server`;
  },
};

export const whitelistCommand: Command = {
  name: 'whitelist',
  usage: 'whitelist <user> <bit 0-7> <reason>',
  summary: 'set the pp-cap whitelist bits (1 vanilla, 2 relax, 4 autopilot)',
  privileges: Privileges.AdminManageUsers,
  hidden: true,
  async run(ctx) {
    const [name, bitText, ...reasonWords] = ctx.args;
    const reason = reasonWords.join(' ').trim();
    if (!name || !/^\d$/.test(bitText ?? '') || reason === '') throw new CommandError(`Usage: !${this.usage}`);
    const bits = Number(bitText);
    if (bits > 7) return 'Invalid bit.';
    const user = await userNamed(ctx.deps, name);
    const r = await moderate(ctx.deps, chatActor(ctx), user, { kind: 'whitelist', bits, reason });
    return `${link(ctx, r.target)}'s whitelist status has been set to ${bits}`;
  },
};

function bnCommand(kind: 'addbn' | 'removebn'): Command {
  return {
    name: kind,
    usage: `${kind} <user>`,
    summary: kind === 'addbn' ? 'make a player a beatmap nominator' : 'take beatmap nominator rights away',
    privileges: Privileges.AdminManageNominators,
    hidden: true,
    async run(ctx) {
      const user = await userNamed(ctx.deps, ctx.args[0]);
      const r = await moderate(ctx.deps, chatActor(ctx), user, { kind, reason: ctx.args.slice(1).join(' ') });
      return kind === 'addbn' ? `${link(ctx, r.target)} has been given BN` : `${link(ctx, r.target)} has been removed from BN`;
    },
  };
}

export const staffCommands: Command[] = [...simpleCommands, silenceCommand, kickCommand, whitelistCommand, bnCommand('addbn'), bnCommand('removebn')];
