/**
 * The bot user (config.botUserId / botName, Akatsuki's 999 "Aika") is always online: it has a
 * presence in live state (so presence/stats requests find it like anyone else), is appended to
 * every presence bundle, and answers DMs and `!commands`. It has no session.
 */
import { Action, ClientPrivileges } from '../../../protocol/bancho/types.js';
import type { Presence } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';

export function botPresence(deps: Pick<BanchoDeps, 'config'>): Presence {
  return {
    userId: deps.config.botUserId,
    username: deps.config.botName,
    clientPrivileges: ClientPrivileges.Player | ClientPrivileges.Owner,
    country: 'A2',
    latitude: 0,
    longitude: 0,
    utcOffset: 0,
    action: Action.Testing,
    infoText: 'over the chat',
    beatmapMd5: '',
    beatmapId: 0,
    mods: 0,
    mode: 0,
    rankedScore: 0n,
    totalScore: 0n,
    accuracy: 0,
    playcount: 0,
    pp: 0,
    globalRank: 0,
  };
}

export async function ensureBotPresence(deps: BanchoDeps): Promise<void> {
  await deps.state.putPresence(botPresence(deps));
}

export const isBot = (deps: Pick<BanchoDeps, 'config'>, userId: number): boolean => userId === deps.config.botUserId;

/** Safe-name comparison for DMs addressed to the bot. */
export const isBotName = (deps: Pick<BanchoDeps, 'config'>, name: string): boolean =>
  safeName(name) === safeName(deps.config.botName);

/** Akatsuki's safe name: trimmed, lower case, spaces → `_`. */
export function safeName(name: string): string {
  return name.trim().toLowerCase().replaceAll(' ', '_');
}
