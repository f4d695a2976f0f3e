/**
 * Runs a `!command` line typed in a channel or sent to the bot. Unknown commands are reported to
 * the caller and — unlike rs (quirk 3) — the line itself is still delivered like any message.
 */
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { getCommandRegistry } from './index.js';
import { CommandError, mayRun, parseCommandLine } from './registry.js';
import { answerNowPlaying, answersNpIn, parseNowPlaying } from './np.js';
import { ModerationError } from '../../moderation/deps.js';

export type CommandOutcome =
  /** Not a command line: deliver as a normal message. */
  | { kind: 'not-a-command' }
  /** Unknown command: tell the caller, deliver the line normally. */
  | { kind: 'unknown'; name: string }
  /** Ran (or was refused): `answer` from the bot; `hidden` = only the caller sees line and answer. */
  | { kind: 'ran'; answer: string | null; hidden: boolean };

export async function runCommand(deps: BanchoDeps, session: Session, text: string, channelKey: string | null): Promise<CommandOutcome> {
  const parsed = parseCommandLine(text);
  if (!parsed) {
    // `/np` (an ACTION line) to the bot or in #multiplayer / #spectator: pp for the map.
    const np = answersNpIn(channelKey) ? parseNowPlaying(text) : undefined;
    if (!np) return { kind: 'not-a-command' };
    try {
      return { kind: 'ran', answer: await answerNowPlaying(deps, session, np), hidden: false };
    } catch (err) {
      if (err instanceof CommandError) return { kind: 'ran', answer: err.message, hidden: false };
      deps.log.warn('/np failed', { userId: session.userId, err });
      return { kind: 'ran', answer: '/np failed; the error was logged.', hidden: false };
    }
  }
  const command = getCommandRegistry().get(parsed.name);
  if (!command) return { kind: 'unknown', name: parsed.name };
  if (!mayRun(command, session.privileges)) {
    return { kind: 'ran', answer: `You are not allowed to use !${command.name}.`, hidden: true };
  }
  try {
    const answer = await command.run({ deps, session, args: parsed.args, rest: parsed.rest, channelKey });
    return { kind: 'ran', answer, hidden: command.hidden === true };
  } catch (err) {
    if (err instanceof CommandError || err instanceof ModerationError) return { kind: 'ran', answer: err.message, hidden: command.hidden === true };
    deps.log.warn('command failed', { command: command.name, userId: session.userId, err });
    return { kind: 'ran', answer: `!${command.name} failed; the error was logged.`, hidden: true };
  }
}
