/**
 * `hayate user ban|unban|restrict|unrestrict|silence|unsilence|freeze|unfreeze|set-privileges`:
 * the staff actions from the shell, through the same moderation use-case as the chat commands and
 * the admin API (rap_logs row through `hayate CLI`, `peppy:*` event, Discord alert). The operator
 * acts as the bot, without a rank limit. With REDIS_URL the event reaches every running Hayate
 * (and Akatsuki's services) at once; in the embedded mode the running server has its own
 * in-process bus, so the change applies at the player's next login.
 */
import { loadConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import { UsageError } from '../command.js';
import type { ModerationAction, ModerationKind } from '../../moderation/actions.js';

export const MODERATION_SUBCOMMANDS = ['ban', 'unban', 'restrict', 'unrestrict', 'silence', 'unsilence', 'freeze', 'unfreeze', 'set-privileges'] as const;
export type ModerationSubcommand = (typeof MODERATION_SUBCOMMANDS)[number];

export const moderationUsage = `  hayate user ban|unban|restrict|unrestrict|freeze|unfreeze|unsilence NAME|ID --reason R
  hayate user silence NAME|ID --for 1h30m --reason R     (durations: s m h d w, up to 4 weeks)
  hayate user set-privileges NAME|ID N|normal|pending|restricted|banned|admin|developer|staff [--reason R]`;

export async function runModeration(sub: ModerationSubcommand, args: string[], parsePrivileges: (v: string) => number): Promise<number> {
  const { parseCliArgs } = await import('../command.js');
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' }, for: { type: 'string' } },
  });
  const reason = (values.reason ?? '').trim();
  const wantPositionals = sub === 'set-privileges' ? 2 : 1;
  if (positionals.length !== wantPositionals) {
    throw new UsageError(sub === 'set-privileges' ? 'expected NAME|ID and PRIVILEGES' : `expected one NAME|ID (quote names with spaces), got ${positionals.length}`);
  }
  if (sub !== 'set-privileges' && reason === '') throw new UsageError('--reason is required');
  let action: ModerationAction;
  if (sub === 'silence') {
    const { parseDuration } = await import('../../bancho/commands/lookup.js');
    const seconds = parseDuration(values.for);
    if (seconds === null || seconds === 0) throw new UsageError('--for needs a duration such as 10m, 1h30m or 2d');
    action = { kind: 'silence', seconds, reason };
  } else if (sub === 'set-privileges') {
    action = { kind: 'set-privileges', privileges: parsePrivileges(positionals[1]!), reason };
  } else {
    action = { kind: sub as Exclude<ModerationKind, 'silence' | 'set-privileges' | 'kick' | 'whitelist' | 'addbn' | 'removebn'>, reason };
  }

  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { openStorage } = await import('../../adapters/storage/open-storage.js');
  const { openEventBus } = await import('../../adapters/state/open-state.js');
  const { WebhookStaffAlerts } = await import('../../adapters/discord/webhook-alerts.js');
  const { systemClock } = await import('../../ports/clock.js');
  const { moderate } = await import('../../moderation/actions.js');
  const { findUser } = await import('../../moderation/find-user.js');
  const { ModerationError, operatorActor, THROUGH } = await import('../../moderation/deps.js');
  const storage = await openStorage(config);
  const events = await openEventBus(config, { logger: log }).catch(async (err: unknown) => {
    await storage.close();
    throw err;
  });
  const alerts = new WebhookStaffAlerts({ urls: config.discordWebhooks, log, username: config.botName });
  try {
    const target = await findUser(storage, positionals[0]);
    const before = target.privileges;
    const r = await moderate({ storage, events, alerts, clock: systemClock, log, config }, operatorActor(config, THROUGH.cli), target, action);
    process.stdout.write(`user ${r.target.id} ${JSON.stringify(r.target.username)}: ${r.logText.replace(/^has /, '')}${r.privileges !== before ? ` (privileges ${before} -> ${r.privileges})` : ''}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ModerationError) {
      process.stderr.write(`hayate user ${sub}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await alerts.close();
    await events.close();
    await storage.close();
  }
}
