/**
 * 33 PART_MATCH, logout/expiry, kicks: frees the slot, takes the session out of the match's
 * streams and chat (66 `#multiplayer`), passes the host to the first occupied slot (50 to the new
 * host), and disposes the match when nobody is left (28 to the lobby, end_time stamped, channel
 * closed). Exported for G1's logout: `leaveMatch(deps, session)`.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, Session, SessionToken } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { changeMatch } from './change-match.js';
import { announceProgress, endGame } from './game-progress.js';
import { closeInstanceChannel, leaveInstanceChannel } from './instance-channel.js';
import { bestEffort, broadcastMatch, recordEvent } from './match-broadcast.js';
import { releaseIfAbandoned, removePlayer } from './match-rules.js';
import type { RemoveResult } from './match-rules.js';
import { hasPlayer, MATCH_CHANNEL_DISPLAY, matchChannelKey } from './match-state.js';
import { unlockRoom } from './room-lock.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'clock' | 'log'>;

const TRANSFER_HOST = encodeServer.MATCH_TRANSFER_HOST(null);

/** Takes one session out of the match's streams and chat, and forgets its match id. */
export async function detachSession(deps: Deps, token: SessionToken, matchId: number, kickFromChat: boolean): Promise<void> {
  await deps.state.updateSession(token, { matchId: null });
  await deps.state.unsubscribe(token, Streams.match(matchId));
  await deps.state.unsubscribe(token, Streams.playing(matchId));
  await leaveInstanceChannel(deps.state, token, matchChannelKey(matchId), MATCH_CHANNEL_DISPLAY, kickFromChat);
}

/** Leaves the session's match (no-op when it is in none). Returns the updated session. */
export async function leaveMatch(deps: Deps, session: Session): Promise<Session> {
  const matchId = session.matchId;
  if (matchId === null) return session;
  const changed = await changeMatch(deps.state, matchId, (m) => removePlayer(m, session.token));
  await detachSession(deps, session.token, matchId, true);
  const updated = { ...session, matchId: null };
  if (!changed.ok) {
    // Not seated: a referee of a `!mp make` room.
    await releaseIfAbandonedRoom(deps, matchId);
    return updated;
  }
  await afterRemoval(deps, changed.before, changed.after, changed.result);
  if (changed.after !== undefined && !changed.after.slots.some(hasPlayer)) await releaseIfAbandonedRoom(deps, matchId);
  return updated;
}

/** A refereed room goes with its last player and its last watcher (nobody could close it later). */
async function releaseIfAbandonedRoom(deps: Deps, matchId: number): Promise<void> {
  const watchers = await deps.state.streamSize(Streams.match(matchId));
  const released = await changeMatch(deps.state, matchId, (m) => releaseIfAbandoned(m, watchers));
  if (released.ok && released.result.disposed) await disposeMatch(deps, released.before);
}

/** Everything that follows a committed removal (leave, kick, lock-kick, ghost eviction). */
export async function afterRemoval(
  deps: Deps,
  before: MatchState,
  after: MatchState | undefined,
  r: RemoveResult,
): Promise<void> {
  await recordEvent(deps, before.dbId, 'MATCH_USER_LEFT', r.userId);
  if (r.disposed || after === undefined) {
    await disposeMatch(deps, before);
    return;
  }
  if (r.newHost !== null) {
    if (r.newHost.token !== null) await deps.state.send(r.newHost.token, TRANSFER_HOST);
    await recordEvent(deps, before.dbId, 'MATCH_HOST_ASSIGNMENT', r.newHost.userId);
  }
  await announceProgress(deps, before, r.progress);
  await broadcastMatch(deps, after);
}

/** The match is gone from state: tell the lobby, close the chat, stamp the history. */
export async function disposeMatch(deps: Deps, m: MatchState): Promise<void> {
  await deps.state.publish(Streams.lobby, encodeServer.DISPOSE_MATCH(m.id));
  if (m.inProgress) await endGame(deps, m);
  // Tournament watchers and referees outside the slots may still be subscribed.
  for (const stream of [Streams.match(m.id), Streams.matchWatchers(m.id)]) {
    for (const token of await deps.state.streamMembers(stream)) await deps.state.unsubscribe(token, stream);
  }
  await closeInstanceChannel(deps.state, matchChannelKey(m.id), MATCH_CHANNEL_DISPLAY);
  // In-game ids are reused: a later room must not inherit this one's lock or countdown.
  await unlockRoom(deps.state, m.id);
  await deps.state.kvDelete(`mp:timer:${m.id}`);
  const now = Math.floor(deps.clock.now() / 1000);
  await bestEffort(deps, 'end match', () => deps.storage.matches.end(m.dbId, now));
  await recordEvent(deps, m.dbId, 'MATCH_DISBAND', null);
}
