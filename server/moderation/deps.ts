/**
 * What the moderation use-cases need. Deliberately no live state: every live effect goes out as
 * the `peppy:*` event Akatsuki's services already understand, so an action taken from the CLI or
 * the admin API (no sessions in that process) is applied by whichever Hayate process holds them.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/events.js';
import type { StaffAlerts } from '../ports/staff-alerts.js';
import type { Storage } from '../ports/storage.js';

export interface ModerationDeps {
  readonly storage: Storage;
  readonly events: EventBus;
  readonly alerts: StaffAlerts;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: Pick<Config, 'domain' | 'botUserId' | 'botName'>;
}

/** Who acts. `privileges: null` is the operator (CLI, admin API, automatic rules): no rank limit. */
export interface Actor {
  readonly userId: number;
  readonly username: string;
  readonly privileges: number | null;
  /** The `rap_logs.through` value: `Aika` for chat commands (as Akatsuki's bots wrote), `hayate CLI` … */
  readonly through: string;
}

export const THROUGH = {
  chat: 'Aika',
  cli: 'hayate CLI',
  api: 'hayate admin API',
  automatic: 'hayate (automatic)',
  /** score-service's submission gates ("LESS" autoban), kept for the admin panel's filters. */
  less: 'LESS',
} as const;

/** The operator acting as the bot (CLI, admin API without an acting user, automatic rules). */
export function operatorActor(config: Pick<Config, 'botUserId' | 'botName'>, through: string): Actor {
  return { userId: config.botUserId, username: config.botName, privileges: null, through };
}

/** A refusal the caller shows as is (rank, unknown user, already frozen …). */
export class ModerationError extends Error {
  constructor(
    message: string,
    /** `not-found`: no such user; `invalid`: a malformed value; `refused`: rank or state forbids it. */
    readonly code: 'not-found' | 'invalid' | 'refused' = 'refused',
  ) {
    super(message);
    this.name = 'ModerationError';
  }
}

/** The website profile link rs puts in its Discord embeds and replies. */
export const profileUrl = (config: Pick<Config, 'domain'>, userId: number): string => `https://${config.domain}/u/${userId}`;
