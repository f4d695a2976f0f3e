/**
 * Joining and leaving chat channels. Membership = subscription to the channel's stream, so the
 * member count shown in 65 is the stream's size and a public message is one publish.
 * After every change a fresh 65 goes to everyone who can read the channel (normal channels) or to
 * the members (instance channels).
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { Streams, type Session } from '../../ports/state.js';
import type { ChannelRow } from '../../ports/storage.js';
import type { BanchoDeps } from '../context.js';
import { canRead, readersFilter } from './channel-access.js';
import { findDbChannel } from './channel-list.js';
import { channelKeyFor, displayNameOf, instanceKindOf, LOBBY_CHANNEL, PSEUDO_CHANNELS } from './channel-names.js';

export type JoinResult = { ok: true; key: string } | { ok: false; reason: string };

/** Resolves what a session may join under that name: a DB channel or its own instance channel. */
async function resolveJoinable(deps: BanchoDeps, session: Session, name: string): Promise<{ key: string; row?: ChannelRow } | string> {
  const key = channelKeyFor(session, name);
  if (key === null) return `You are not in a ${name.slice(1)} channel.`;
  if (instanceKindOf(key) !== null) {
    // Instance channels are entered by spectating/multiplayer, never by typing the name;
    // re-joining the one you already belong to is fine.
    const subs = await deps.state.subscriptions(session.token);
    return subs.includes(Streams.channel(key)) ? { key } : `You are not in a ${name.slice(1)} channel.`;
  }
  if (key === LOBBY_CHANNEL && !session.inLobby) return 'You can only join #lobby from the multiplayer lobby.';
  const row = await findDbChannel(deps.storage, key);
  if (!row || !canRead(row, session.privileges)) return `Channel ${name} does not exist.`;
  return { key, row };
}

/** CHANNEL_JOIN (63) and the server-side joins of login. */
export async function joinChannel(deps: BanchoDeps, session: Session, name: string, reply: (d: Uint8Array) => void): Promise<JoinResult> {
  if (PSEUDO_CHANNELS.has(name)) return { ok: false, reason: 'pseudo channel' };
  const target = await resolveJoinable(deps, session, name);
  if (typeof target === 'string') {
    // 66 closes the tab the client opened optimistically.
    reply(encodeServer.CHANNEL_KICK(name));
    return { ok: false, reason: target };
  }
  await enterChannel(deps, session, target.key, target.row);
  reply(encodeServer.CHANNEL_JOIN_SUCCESS(name));
  return { ok: true, key: target.key };
}

/**
 * Subscribes the session to a channel key and refreshes the count. Used by joins and by G2 for
 * instance channels (`#spectator_…`, `#multiplayer_…`; no DB row).
 */
export async function enterChannel(deps: BanchoDeps, session: Session, key: string, row?: ChannelRow): Promise<void> {
  const stream = Streams.channel(key);
  const before = await deps.state.subscriptions(session.token);
  if (before.includes(stream)) return;
  await deps.state.subscribe(session.token, stream);
  await publishChannelInfo(deps, key, row);
}

/** CHANNEL_PART (78); also used by logout. Names not starting with `#` are DM tabs: ignored. */
export async function partChannel(deps: BanchoDeps, session: Session, name: string): Promise<void> {
  if (!name.startsWith('#') || PSEUDO_CHANNELS.has(name)) return;
  const key = channelKeyFor(session, name);
  if (key === null) return;
  await leaveChannel(deps, session.token, key);
}

/**
 * Unsubscribes a session from a channel key and refreshes the count (G2 uses it for instances).
 * Returns whether the session was a member.
 */
export async function leaveChannel(deps: BanchoDeps, token: string, key: string): Promise<boolean> {
  const stream = Streams.channel(key);
  const subs = await deps.state.subscriptions(token);
  if (!subs.includes(stream)) return false;
  await deps.state.unsubscribe(token, stream);
  await publishChannelInfo(deps, key);
  return true;
}

/** Publishes a fresh 65 for the channel to whoever should see it. */
export async function publishChannelInfo(deps: BanchoDeps, key: string, row?: ChannelRow): Promise<void> {
  const stream = Streams.channel(key);
  const count = await deps.state.streamSize(stream);
  if (instanceKindOf(key) !== null) {
    const data = encodeServer.CHANNEL_INFO({ name: displayNameOf(key), topic: '', userCount: count });
    await deps.state.publish(stream, data);
    return;
  }
  const channel = row ?? (await findDbChannel(deps.storage, key));
  if (!channel) return;
  const data = encodeServer.CHANNEL_INFO({ name: channel.name, topic: channel.description, userCount: count });
  const anyPrivileges = readersFilter(channel);
  await deps.state.publish(Streams.main, data, anyPrivileges === undefined ? undefined : { anyPrivileges });
}

/** Channel keys the session is a member of. */
export async function channelsOf(deps: BanchoDeps, token: string): Promise<string[]> {
  const prefix = Streams.channel('');
  return (await deps.state.subscriptions(token)).filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
}
