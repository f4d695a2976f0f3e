/**
 * Membership rules: taking a slot (with the rs ghost-slot eviction), leaving one (host hand-over,
 * disposal, and what a leave does to a running game), and releasing a refereed room.
 */
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { MatchState, SessionToken } from '../../ports/state.js';
import { cloneMatch, defaultTeam, emptySlot, hasPlayer, slotIndexOfToken, SLOT_COUNT } from './match-state.js';
import { refuse } from './rule-outcome.js';
import type { RuleOutcome } from './rule-outcome.js';
import { NO_PROGRESS, settleGame } from './rules-game.js';
import type { GameProgress } from './rules-game.js';

export interface SeatResult {
  slotIndex: number;
  /** Other sessions of the same user that held a slot (ghosts); they get 37. */
  evictedTokens: SessionToken[];
}

/** Seats a session in the first Open slot; evicts stale slots of the same user (rs ghost rule). */
export function seatPlayer(current: MatchState, userId: number, token: SessionToken): RuleOutcome<SeatResult> {
  const m = cloneMatch(current);
  if (slotIndexOfToken(m, token) !== -1) return refuse('You are already in this match.');
  const evictedTokens: SessionToken[] = [];
  for (let i = 0; i < SLOT_COUNT; i++) {
    const s = m.slots[i]!;
    if (hasPlayer(s) && s.userId === userId && s.token !== token) {
      if (s.token !== null) evictedTokens.push(s.token);
      m.slots[i] = emptySlot();
    }
  }
  const slotIndex = m.slots.findIndex((s) => s.status === SlotStatus.Open);
  if (slotIndex === -1) return refuse('The match is full.');
  m.slots[slotIndex] = { ...emptySlot(SlotStatus.NotReady), userId, token, team: defaultTeam(m.teamType) };
  return { state: m, result: { slotIndex, evictedTokens } };
}

export interface RemoveResult {
  slotIndex: number;
  userId: number;
  /** The match has no player left and is disposed. */
  disposed: boolean;
  /** New host's user id and token when the host left, else null. */
  newHost: { userId: number; token: SessionToken | null } | null;
  progress: GameProgress;
}

/**
 * Frees a session's slot (leave, kick, lock-kick). `lockAfter` leaves the slot Locked. The host
 * passes to the first occupied slot; an empty match is disposed unless it has referees (a
 * tournament room made with `!mp make` lives until `!mp close` or its last referee leaves).
 */
export function removePlayer(current: MatchState, token: SessionToken, lockAfter = false): RuleOutcome<RemoveResult> {
  const slotIndex = slotIndexOfToken(current, token);
  if (slotIndex === -1) return refuse('You are not in this match.');
  const m = cloneMatch(current);
  const userId = m.slots[slotIndex]!.userId;
  m.slots[slotIndex] = emptySlot(lockAfter ? SlotStatus.Locked : SlotStatus.Open);
  const first = m.slots.find(hasPlayer);
  if (first === undefined && m.refereeIds.length === 0) {
    return { state: 'delete', result: { slotIndex, userId, disposed: true, newHost: null, progress: NO_PROGRESS } };
  }
  let newHost: RemoveResult['newHost'] = null;
  if (m.hostId === userId && !m.slots.some((s) => hasPlayer(s) && s.userId === userId)) {
    // A refereed match (`!mp make`) outlives its players; it then simply has no host.
    m.hostId = first?.userId ?? 0;
    if (first !== undefined) newHost = { userId: first.userId, token: first.token };
  }
  const progress = settleGame(current, m);
  return { state: m, result: { slotIndex, userId, disposed: false, newHost, progress } };
}

/**
 * Someone without a slot (a referee) left a refereed match: it goes when nobody plays and nobody
 * watches any more (`watchers` = sessions still subscribed to the match stream).
 */
export function releaseIfAbandoned(current: MatchState, watchers: number): RuleOutcome<{ disposed: boolean }> {
  if (current.slots.some(hasPlayer) || watchers > 0) return { state: current, result: { disposed: false } };
  return { state: 'delete', result: { disposed: true } };
}
