/**
 * The running game: 44 start, 52 loaded, 47 score frames, 60 skip, 56 fail, 49 complete and the
 * server-initiated abort. Players of the game are subscribed to `Streams.playing(id)`, which
 * carries 53, 81, 61, 58 and 106 (also published to `Streams.matchWatchers(id)`, the tournament
 * clients, who get 46 too). Score frames (48) and fails (57) go to the whole match stream so
 * referees and tournament clients watching the match see them too.
 *
 * 81 MATCH_PLAYER_SKIPPED carries the skipper's slot index (rs, legacy and other servers; bpy sends
 * the user id) — the open question of §10, decided for the slot index and documented in README.md.
 */
import { encodeRawPacket, encodeServer } from '../../../protocol/bancho/writer.js';
import { ServerPacketId } from '../../../protocol/bancho/ids.js';
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, Session } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { applyChange } from './apply-change.js';
import { changeMatch } from './change-match.js';
import { announceProgress, endGame, publishToGame } from './game-progress.js';
import { bestEffort, broadcastMatch, recordEvent } from './match-broadcast.js';
import {
  abortGame,
  loadComplete,
  playerComplete,
  playerFailed,
  setCurrentGame,
  skipRequest,
  startGame,
} from './match-rules.js';
import { hasPlayer, slotIndexOfToken, toWireMatch } from './match-state.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'clock' | 'log'>;

const ABORT = encodeServer.MATCH_ABORT(null);
const ALL_LOADED = encodeServer.MATCH_ALL_PLAYERS_LOADED(null);

/** Starts the game of a match. `byUserId` null = server (a `!mp start` timer). */
export async function startMatch(
  deps: Deps,
  matchId: number,
  byUserId: number | null,
  notify: string | null,
): Promise<{ ok: true; match: MatchState } | { ok: false; reason: string }> {
  const changed = await changeMatch(deps.state, matchId, (m) => startGame(m, byUserId));
  if (!changed.ok) {
    if (notify !== null) await deps.state.send(notify, encodeServer.NOTIFICATION(changed.reason));
    return changed;
  }
  let m = changed.after!;
  const playingStream = Streams.playing(matchId);
  // Subscribe before 46 goes out so no 53 can be missed; NoMap players get no 46 (bpy).
  const start = encodeServer.MATCH_START(toWireMatch(m));
  for (const p of changed.result.playing) {
    await deps.state.subscribe(p.token, playingStream);
    await deps.state.send(p.token, start);
  }
  await deps.state.publish(Streams.matchWatchers(matchId), start);
  await broadcastMatch(deps, m);
  const now = Math.floor(deps.clock.now() / 1000);
  let gameId: number | null = null;
  try {
    gameId = await deps.storage.matches.addGame({
      matchId: m.dbId,
      beatmapId: m.beatmapId,
      mode: m.mode,
      mods: m.mods,
      scoringType: m.winCondition,
      teamType: m.teamType,
      startTime: now,
    });
  } catch (err) {
    deps.log.error('match history: game row not recorded', { matchId: m.dbId, err });
  }
  if (gameId !== null) {
    const id = gameId;
    const set = await changeMatch(deps.state, matchId, (cur) => setCurrentGame(cur, id));
    if (set.ok && set.after) m = set.after;
    // The game ended before its row was linked (everyone left at once): close the row now.
    else await bestEffort(deps, 'end game', () => deps.storage.matches.endGame(id, now));
    for (const p of changed.result.playing) await recordEvent(deps, m.dbId, 'MATCH_GAME_PLAYTHROUGH', p.userId, id);
  }
  return { ok: true, match: m };
}

export async function requestStart(deps: Deps, session: Session): Promise<void> {
  if (session.matchId === null) return;
  await startMatch(deps, session.matchId, session.userId, session.token);
}

type ProgressRule = typeof loadComplete;

async function playingStep(
  deps: Deps,
  session: Session,
  rule: ProgressRule,
  alwaysBroadcast = false,
): Promise<{ slotIndex: number; matchId: number } | null> {
  if (session.matchId === null) return null;
  const changed = await applyChange(deps, session.matchId, null, (m) => rule(m, session.token), { broadcast: false });
  if (!changed.ok) return null;
  await announceProgress(deps, changed.before, changed.result.progress);
  if ((alwaysBroadcast || changed.result.progress.finished) && changed.after) await broadcastMatch(deps, changed.after);
  return { slotIndex: changed.result.slotIndex, matchId: session.matchId };
}

export async function matchLoaded(deps: Deps, session: Session): Promise<void> {
  await playingStep(deps, session, loadComplete);
}

export async function matchSkip(deps: Deps, session: Session): Promise<void> {
  if (session.matchId === null) return;
  const matchId = session.matchId;
  const changed = await applyChange(deps, matchId, null, (m) => skipRequest(m, session.token), { broadcast: false });
  if (!changed.ok) return;
  await publishToGame(deps, matchId, encodeServer.MATCH_PLAYER_SKIPPED(changed.result.slotIndex));
  await announceProgress(deps, changed.before, changed.result.progress);
}

export async function matchFailed(deps: Deps, session: Session): Promise<void> {
  const step = await playingStep(deps, session, playerFailed);
  if (step) await deps.state.publish(Streams.match(step.matchId), encodeServer.MATCH_PLAYER_FAILED(step.slotIndex));
}

export async function matchComplete(deps: Deps, session: Session): Promise<void> {
  await playingStep(deps, session, playerComplete, true);
}

/**
 * 47 → 48: the frame is relayed byte for byte except byte 4, which becomes the sender's real slot
 * index (the client's value is not trusted). Only from a Playing slot (rs).
 */
export async function relayScoreFrame(deps: Deps, session: Session, raw: Uint8Array): Promise<void> {
  if (session.matchId === null || raw.length < 29) return;
  const m = await deps.state.getMatch(session.matchId);
  if (!m || !m.inProgress) return;
  const slotIndex = slotIndexOfToken(m, session.token);
  if (slotIndex === -1 || m.slots[slotIndex]!.status !== SlotStatus.Playing) return;
  const packet = encodeRawPacket(ServerPacketId.MATCH_SCORE_UPDATE, raw);
  packet[7 + 4] = slotIndex;
  await deps.state.publish(Streams.match(m.id), packet);
}

/** `!mp abort`: 53 first (so clients stuck loading proceed), then 106; slots back to NotReady. */
export async function abortMatch(deps: Deps, matchId: number): Promise<{ ok: boolean; reason?: string }> {
  const changed = await changeMatch(deps.state, matchId, (m) => abortGame(m));
  if (!changed.ok) return { ok: false, reason: changed.reason };
  await publishToGame(deps, matchId, ALL_LOADED);
  await publishToGame(deps, matchId, ABORT);
  await endGame(deps, changed.before);
  if (changed.after) await broadcastMatch(deps, changed.after);
  return { ok: true };
}

/** The bancho API's `playerMatchDetails` (§6): the first session of the user in a running game. */
export async function matchDetailsOfUser(
  deps: Pick<BanchoDeps, 'state'>,
  userId: number,
): Promise<{ match_name: string; match_id: number; slot_id: number; game_id: number; team: number } | null> {
  for (const s of await deps.state.sessionsOfUser(userId)) {
    if (s.matchId === null) continue;
    const m = await deps.state.getMatch(s.matchId);
    if (!m || m.currentGameId === null || !m.inProgress) continue;
    const slot = m.slots.findIndex((x) => x.token === s.token && hasPlayer(x));
    if (slot === -1) continue;
    return { match_name: m.name, match_id: m.dbId, slot_id: slot, game_id: m.currentGameId, team: m.slots[slot]!.team };
  }
  return null;
}
