/**
 * The `!command` registry. A command declares who may run it (any of the `privileges` bits;
 * 0 = everyone), whether it is hidden (the trigger line is not broadcast and the answer goes only
 * to the caller) and a handler returning the bot's answer (or null for no answer).
 *
 * Other components add commands through `registerCommands` (G2: `!mp …` in commands/mp*.ts).
 */
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';

export interface CommandContext {
  readonly deps: BanchoDeps;
  readonly session: Session;
  /** Words after the command name. */
  readonly args: string[];
  /** Everything after the command name, untrimmed inner spacing kept. */
  readonly rest: string;
  /** Where the line was typed: a channel key (`#osu`, `#multiplayer_3` …) or null for a DM to the bot. */
  readonly channelKey: string | null;
}

export interface Command {
  /** Lower case, without the `!`; may contain no spaces. */
  readonly name: string;
  readonly summary: string;
  readonly usage?: string;
  /** Any of these server privilege bits is enough; 0 = every player. */
  readonly privileges: number;
  /** Hidden: the trigger is not shown to the channel and only the caller sees the answer. */
  readonly hidden?: boolean;
  run(ctx: CommandContext): Promise<string | null> | string | null;
}

/** A user-facing refusal or usage error: the message is shown to the caller as the bot's reply. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  register(command: Command): void {
    const name = command.name.toLowerCase();
    if (!/^[a-z0-9_-]+$/.test(name)) throw new Error(`invalid command name ${JSON.stringify(command.name)}`);
    if (this.commands.has(name)) throw new Error(`command !${name} registered twice`);
    this.commands.set(name, command);
  }

  get(name: string): Command | undefined {
    return this.commands.get(name.toLowerCase());
  }

  /** Commands the privileges allow, sorted by name. */
  available(privileges: number): Command[] {
    return [...this.commands.values()].filter((c) => mayRun(c, privileges)).sort((a, b) => a.name.localeCompare(b.name));
  }
}

export const mayRun = (command: Command, privileges: number): boolean =>
  command.privileges === 0 || (command.privileges & privileges) !== 0;

/** Splits `!name arg1 arg2` into its parts (null when the text is not a command line). */
export function parseCommandLine(text: string, prefix = '!'): { name: string; args: string[]; rest: string } | null {
  if (!text.startsWith(prefix) || text.length <= prefix.length) return null;
  const body = text.slice(prefix.length);
  const space = body.search(/\s/);
  const name = (space < 0 ? body : body.slice(0, space)).toLowerCase();
  if (name === '') return null;
  const rest = space < 0 ? '' : body.slice(space + 1).trim();
  return { name, args: rest === '' ? [] : rest.split(/\s+/), rest };
}
