/**
 * Tournament client packets (§4.4): 93 asks for one match's state (26, password hidden), 108/109
 * subscribe/unsubscribe a watcher to the match's updates, game packets (46, 53, 58 …) and chat
 * without taking a slot.
 * Watching needs a supporter on the tourney client stream (bpy), tournament staff, or being a
 * referee of the match — watchers see the real password, like members; a player of the match
 * cannot watch it (bpy).
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { isDonor, isTournamentStaff } from '../../domain/privileges.js';
import type { BanchoDeps } from '../context.js';
import type { Session } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { joinInstanceChannel, leaveInstanceChannel } from './instance-channel.js';
import { matchUpdatePacket } from './match-broadcast.js';
import { hasPlayer, MATCH_CHANNEL_DISPLAY, matchChannelKey } from './match-state.js';

type Deps = Pick<BanchoDeps, 'state'>;

export async function tournamentMatchInfo(deps: Deps, session: Session, matchId: number): Promise<void> {
  const m = await deps.state.getMatch(matchId);
  if (m) await deps.state.send(session.token, matchUpdatePacket(m, true));
}

export async function tournamentJoinMatchChannel(deps: Deps, session: Session, matchId: number): Promise<void> {
  const m = await deps.state.getMatch(matchId);
  if (!m) return;
  const allowed =
    (session.clientStream === 'tourney' && isDonor(session.privileges)) ||
    isTournamentStaff(session.privileges) ||
    m.refereeIds.includes(session.userId);
  if (!allowed) {
    await deps.state.send(session.token, encodeServer.NOTIFICATION('Only tournament clients may watch a match.'));
    return;
  }
  if (m.slots.some((s) => hasPlayer(s) && s.userId === session.userId)) {
    await deps.state.send(session.token, encodeServer.NOTIFICATION('You play in this match and cannot watch it.'));
    return;
  }
  await deps.state.subscribe(session.token, Streams.match(matchId));
  await deps.state.subscribe(session.token, Streams.matchWatchers(matchId));
  await joinInstanceChannel(deps.state, session.token, matchChannelKey(matchId), MATCH_CHANNEL_DISPLAY);
  await deps.state.send(session.token, matchUpdatePacket(m, false));
}

export async function tournamentLeaveMatchChannel(deps: Deps, session: Session, matchId: number): Promise<void> {
  if (session.matchId === matchId) return; // a player leaves with 33, not this
  await deps.state.unsubscribe(session.token, Streams.match(matchId));
  await deps.state.unsubscribe(session.token, Streams.matchWatchers(matchId));
  await leaveInstanceChannel(deps.state, session.token, matchChannelKey(matchId), MATCH_CHANNEL_DISPLAY, true);
}
