/**
 * Rules of the running game (§4.4): start, load, skip, fail, complete, abort, and the settling
 * step that detects "everyone loaded / skipped" and "nobody plays any more" as transitions inside
 * the same atomic update, so 53, 61 and 58 go out exactly once per game.
 */
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { MatchState, SessionToken, SlotState } from '../../ports/state.js';
import { cloneMatch, hasPlayer, mayOperate, slotIndexOfToken } from './match-state.js';
import { refuse } from './rule-outcome.js';
import type { RuleOutcome } from './rule-outcome.js';

export interface GameProgress {
  /** Every Playing slot has now loaded (and had not before): send 53. */
  allLoaded: boolean;
  /** Every Playing slot has now skipped (and had not before): send 61. */
  allSkipped: boolean;
  /** No slot is Playing any more: the game ended (58, slots back to NotReady). */
  finished: boolean;
  /** Tokens that took part in the finished game (they get 58 and leave the playing stream). */
  finishedTokens: SessionToken[];
}

export const NO_PROGRESS: GameProgress = { allLoaded: false, allSkipped: false, finished: false, finishedTokens: [] };

function allPlaying(m: MatchState, flag: 'loaded' | 'skipped'): boolean {
  let any = false;
  for (const s of m.slots) {
    if (s.status !== SlotStatus.Playing) continue;
    if (!s[flag]) return false;
    any = true;
  }
  return any;
}

/**
 * Compares the game before/after a change and ends it when nobody is Playing any more. Mutates
 * `after` (already a copy). Only transitions count, so 53/61 are sent exactly once per game.
 */
export function settleGame(before: MatchState, after: MatchState): GameProgress {
  if (!before.inProgress || !after.inProgress) return NO_PROGRESS;
  const stillPlaying = after.slots.some((s) => s.status === SlotStatus.Playing);
  if (!stillPlaying) {
    const finishedTokens: SessionToken[] = [];
    for (const s of after.slots) {
      if (s.status === SlotStatus.Complete) {
        if (s.token !== null) finishedTokens.push(s.token);
        s.status = SlotStatus.NotReady;
      }
      s.loaded = s.skipped = s.completed = s.failed = false;
    }
    after.inProgress = false;
    return { allLoaded: false, allSkipped: false, finished: true, finishedTokens };
  }
  return {
    allLoaded: !allPlaying(before, 'loaded') && allPlaying(after, 'loaded'),
    allSkipped: !allPlaying(before, 'skipped') && allPlaying(after, 'skipped'),
    finished: false,
    finishedTokens: [],
  };
}


// ---------------------------------------------------------------------------------------------
// The game

export interface StartResult {
  playing: Array<{ token: SessionToken; userId: number }>;
}

/** 44 (host, referee, `!mp start`): every occupied slot that has the map becomes Playing. */
export function startGame(current: MatchState, byUserId: number | null): RuleOutcome<StartResult> {
  if (byUserId !== null && !mayOperate(current, byUserId)) return refuse('Only the host can start the match.');
  if (current.inProgress) return refuse('The match is already running.');
  if (current.beatmapId === -1 || current.beatmapMd5 === '') return refuse('No beatmap is selected.');
  const m = cloneMatch(current);
  const playing: StartResult['playing'] = [];
  for (const s of m.slots) {
    if (!hasPlayer(s) || s.status === SlotStatus.NoMap || s.token === null) continue;
    s.status = SlotStatus.Playing;
    s.loaded = s.skipped = s.completed = s.failed = false;
    playing.push({ token: s.token, userId: s.userId });
  }
  if (playing.length === 0) return refuse('Nobody can play: every player lacks the map.');
  m.inProgress = true;
  return { state: m, result: { playing } };
}

/** Sets a flag on the sender's Playing slot and reports what that did to the game. */
function markPlaying(
  current: MatchState,
  token: SessionToken,
  apply: (slot: SlotState) => void,
): RuleOutcome<{ slotIndex: number; progress: GameProgress }> {
  const slotIndex = slotIndexOfToken(current, token);
  if (slotIndex === -1) return refuse('You are not in this match.');
  if (!current.inProgress || current.slots[slotIndex]!.status !== SlotStatus.Playing) return refuse('You are not playing.');
  const m = cloneMatch(current);
  apply(m.slots[slotIndex]!);
  const progress = settleGame(current, m);
  return { state: m, result: { slotIndex, progress } };
}

/** 52 */
export const loadComplete = (m: MatchState, token: SessionToken): RuleOutcome<{ slotIndex: number; progress: GameProgress }> =>
  markPlaying(m, token, (s) => {
    s.loaded = true;
  });

/** 60 */
export const skipRequest = (m: MatchState, token: SessionToken): RuleOutcome<{ slotIndex: number; progress: GameProgress }> =>
  markPlaying(m, token, (s) => {
    s.skipped = true;
  });

/** 56 */
export const playerFailed = (m: MatchState, token: SessionToken): RuleOutcome<{ slotIndex: number; progress: GameProgress }> =>
  markPlaying(m, token, (s) => {
    s.failed = true;
  });

/** 49: the slot is Complete; the game ends when no slot is Playing. */
export const playerComplete = (m: MatchState, token: SessionToken): RuleOutcome<{ slotIndex: number; progress: GameProgress }> =>
  markPlaying(m, token, (s) => {
    s.status = SlotStatus.Complete;
    s.completed = true;
  });

/** `!mp abort`: Playing and Complete slots back to NotReady, game over. */
export function abortGame(current: MatchState): RuleOutcome<{ tokens: SessionToken[] }> {
  if (!current.inProgress) return refuse('The match is not running.');
  const m = cloneMatch(current);
  const tokens: SessionToken[] = [];
  for (const s of m.slots) {
    if (s.status === SlotStatus.Playing || s.status === SlotStatus.Complete) {
      if (s.token !== null) tokens.push(s.token);
      s.status = SlotStatus.NotReady;
    }
    s.loaded = s.skipped = s.completed = s.failed = false;
  }
  m.inProgress = false;
  return { state: m, result: { tokens } };
}

/** Records the `match_games` id of the game just started (only if that game is still running). */
export function setCurrentGame(current: MatchState, gameId: number): RuleOutcome<null> {
  if (!current.inProgress) return refuse('The game already ended.');
  const m = cloneMatch(current);
  m.currentGameId = gameId;
  return { state: m, result: null };
}
