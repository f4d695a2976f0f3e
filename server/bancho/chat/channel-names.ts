/**
 * Channel keys vs the names the client sees (§4.2). The client only knows `#spectator` and
 * `#multiplayer`; the server keeps one instance channel per spectator group / match under a
 * unique key. Shared with G2 (spectate/, multiplayer/): always build keys with these helpers.
 */
import type { SessionToken } from '../../ports/state.js';

export const SPECTATOR_DISPLAY = '#spectator';
export const MULTIPLAYER_DISPLAY = '#multiplayer';

/** The spectator channel of a host's group. */
export const spectatorChannelKey = (hostToken: SessionToken): string => `#spectator_${hostToken}`;
/** The chat of a match (in-game id). */
export const multiplayerChannelKey = (matchId: number): string => `#multiplayer_${matchId}`;

/** The lobby chat: joinable only while in the multiplayer lobby (bpy). */
export const LOBBY_CHANNEL = '#lobby';

/** Client pseudo-channels: joins, parts and messages to them are ignored. */
export const PSEUDO_CHANNELS: ReadonlySet<string> = new Set(['#highlight', '#userlog']);

export type InstanceKind = 'spectator' | 'multiplayer';

export function instanceKindOf(key: string): InstanceKind | null {
  if (key.startsWith('#spectator_')) return 'spectator';
  if (key.startsWith('#multiplayer_')) return 'multiplayer';
  return null;
}

/** What the client is shown for a channel key (in 7, 64, 65, 66). */
export function displayNameOf(key: string): string {
  const kind = instanceKindOf(key);
  if (kind === 'spectator') return SPECTATOR_DISPLAY;
  if (kind === 'multiplayer') return MULTIPLAYER_DISPLAY;
  return key;
}

/**
 * The key a session means by a display name: `#spectator` = the group it watches, else its own
 * group; `#multiplayer` = its match (null when in none); anything else is a normal channel name.
 */
export function channelKeyFor(session: { token: SessionToken; spectating: SessionToken | null; matchId: number | null }, name: string): string | null {
  if (name === SPECTATOR_DISPLAY) return spectatorChannelKey(session.spectating ?? session.token);
  if (name === MULTIPLAYER_DISPLAY) return session.matchId === null ? null : multiplayerChannelKey(session.matchId);
  if (instanceKindOf(name) !== null) return null; // internal keys are not addressable by clients
  return name;
}
