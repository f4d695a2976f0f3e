/**
 * Referee use-cases behind `!mp` (server/bancho/commands/mp.ts): a tournament room made by a
 * referee who takes no slot, closing a room, kicking a player. A referee's session has
 * `matchId` set (so `#multiplayer` chat and `!mp` resolve to the room) without holding a slot.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, Session } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { changeMatch } from './change-match.js';
import { joinInstanceChannel } from './instance-channel.js';
import { afterRemoval, detachSession, disposeMatch, leaveMatch } from './leave-match.js';
import { recordEvent } from './match-broadcast.js';
import { removePlayer } from './match-rules.js';
import { emptySlot, hasPlayer, MATCH_CHANNEL_DISPLAY, matchChannelKey, SLOT_COUNT, toWireMatch } from './match-state.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'clock' | 'log'>;

const JOIN_FAIL = encodeServer.MATCH_JOIN_FAIL(null);

/** `!mp make <name>`: an empty room (8 open slots) refereed by the caller. */
export async function makeRefereedMatch(deps: Deps, session: Session, name: string): Promise<MatchState> {
  if (session.matchId !== null) session = await leaveMatch(deps, session);
  const now = deps.clock.now();
  const dbId = await deps.storage.matches.create(name, false, Math.floor(now / 1000));
  const m = await deps.state.createMatch({
    dbId,
    name,
    password: null,
    privateHistory: false,
    inProgress: false,
    mods: 0,
    beatmapName: '',
    beatmapId: -1,
    beatmapMd5: '',
    previousBeatmapId: -1,
    hostId: 0,
    mode: 0,
    winCondition: 0,
    teamType: 0,
    freemod: false,
    seed: 0,
    slots: Array.from({ length: SLOT_COUNT }, (_, i) => emptySlot(i < 8 ? SlotStatus.Open : SlotStatus.Locked)),
    refereeIds: [session.userId],
    currentGameId: null,
    createdAt: now,
  });
  await deps.state.updateSession(session.token, { matchId: m.id });
  await deps.state.subscribe(session.token, Streams.match(m.id));
  await joinInstanceChannel(deps.state, session.token, matchChannelKey(m.id), MATCH_CHANNEL_DISPLAY);
  await deps.state.publish(Streams.lobby, encodeServer.NEW_MATCH(toWireMatch(m), { hidePassword: true }));
  await recordEvent(deps, dbId, 'MATCH_CREATION', session.userId);
  return m;
}

/** `!mp close`: everyone out (37 + why), the room disposed. */
export async function closeMatch(deps: Deps, matchId: number): Promise<boolean> {
  let closed: MatchState | undefined;
  await deps.state.updateMatch(matchId, (m) => {
    closed = m;
    return 'delete';
  });
  if (closed === undefined) return false;
  for (const s of closed.slots) {
    if (!hasPlayer(s) || s.token === null) continue;
    await detachSession(deps, s.token, matchId, true);
    await deps.state.send(s.token, encodeServer.NOTIFICATION('The match was closed by a referee.'));
    await deps.state.send(s.token, JOIN_FAIL);
    await recordEvent(deps, closed.dbId, 'MATCH_USER_LEFT', s.userId);
  }
  // Referees and watchers: their sessions point at the room no more.
  for (const token of await deps.state.streamMembers(Streams.match(matchId))) {
    const watcher = await deps.state.getSession(token);
    if (watcher?.matchId === matchId) await deps.state.updateSession(token, { matchId: null });
  }
  await disposeMatch(deps, closed);
  return true;
}

/** `!mp kick <user>`: that user's slot is freed; they get 37 and a notification. */
export async function kickFromMatch(deps: Deps, matchId: number, userId: number): Promise<string | null> {
  const m = await deps.state.getMatch(matchId);
  const slot = m?.slots.find((s) => hasPlayer(s) && s.userId === userId);
  if (!m || !slot || slot.token === null) return 'That user is not in this match.';
  const token = slot.token;
  const changed = await changeMatch(deps.state, matchId, (cur) => removePlayer(cur, token));
  if (!changed.ok) return changed.reason;
  await detachSession(deps, token, matchId, true);
  await deps.state.send(token, encodeServer.NOTIFICATION('You were removed from the match by a referee.'));
  await deps.state.send(token, JOIN_FAIL);
  await afterRemoval(deps, changed.before, changed.after, changed.result);
  return null;
}
