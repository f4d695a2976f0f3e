/**
 * Instance chat channels (§4.2): `#spectator_<host token>` and `#multiplayer_<match id>` exist only
 * while their group does. The client knows them by their display names `#spectator` /
 * `#multiplayer`. Membership = subscription to `Streams.channel(key)`; the member count in 65 is
 * the stream size and goes to members only.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { LiveState, SessionToken } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';

const TOPICS: Record<string, string> = {
  '#spectator': 'Spectator chat',
  '#multiplayer': 'Multiplayer match chat',
};

async function announceCount(state: LiveState, key: string, display: string): Promise<void> {
  const stream = Streams.channel(key);
  const userCount = await state.streamSize(stream);
  if (userCount === 0) return;
  await state.publish(stream, encodeServer.CHANNEL_INFO({ name: display, topic: TOPICS[display] ?? '', userCount }));
}

/** Subscribes the session and tells its client (64); members get the new count (65). */
export async function joinInstanceChannel(state: LiveState, token: SessionToken, key: string, display: string): Promise<void> {
  await state.subscribe(token, Streams.channel(key));
  await state.send(token, encodeServer.CHANNEL_JOIN_SUCCESS(display));
  await announceCount(state, key, display);
}

/** Unsubscribes; `kick` also sends 66 so the client closes the tab. */
export async function leaveInstanceChannel(
  state: LiveState,
  token: SessionToken,
  key: string,
  display: string,
  kick: boolean,
): Promise<void> {
  await state.unsubscribe(token, Streams.channel(key));
  if (kick) await state.send(token, encodeServer.CHANNEL_KICK(display));
  await announceCount(state, key, display);
}

/** Dissolves the channel: every remaining member is kicked (66) and unsubscribed. */
export async function closeInstanceChannel(state: LiveState, key: string, display: string): Promise<void> {
  const stream = Streams.channel(key);
  const members = await state.streamMembers(stream);
  if (members.length === 0) return;
  await state.publish(stream, encodeServer.CHANNEL_KICK(display));
  for (const token of members) await state.unsubscribe(token, stream);
}
