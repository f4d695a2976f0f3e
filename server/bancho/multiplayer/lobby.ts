/**
 * 30 JOIN_LOBBY / 29 PART_LOBBY: the lobby stream carries 27 (new), 26 (updates) and 28 (disposed),
 * always with the password hidden. Joining sends every live match (27 each, like bpy, but hidden —
 * bpy leaks it here, §9.11). The `#lobby` chat is joinable only while in the lobby (bpy); parting
 * the lobby leaves it.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { BanchoDeps } from '../context.js';
import type { Session } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { leaveChannel } from '../chat/membership.js';
import { LOBBY_CHANNEL } from '../chat/channel-names.js';
import { toWireMatch } from './match-state.js';

type Deps = Pick<BanchoDeps, 'state'>;

export async function joinLobby(deps: Deps, session: Session): Promise<void> {
  await deps.state.subscribe(session.token, Streams.lobby);
  await deps.state.updateSession(session.token, { inLobby: true });
  session.inLobby = true;
  const matches = await deps.state.listMatches();
  matches.sort((a, b) => a.id - b.id);
  const packets = matches.map((m) => encodeServer.NEW_MATCH(toWireMatch(m), { hidePassword: true }));
  if (packets.length > 0) await deps.state.send(session.token, Buffer.concat(packets));
}

export async function partLobby(deps: BanchoDeps, session: Session): Promise<void> {
  await deps.state.unsubscribe(session.token, Streams.lobby);
  await deps.state.updateSession(session.token, { inLobby: false });
  session.inLobby = false;
  await leaveChannel(deps, session.token, LOBBY_CHANNEL);
}
