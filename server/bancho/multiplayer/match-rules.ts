/**
 * The multiplayer rules (shared/spec/bancho-protocol.md §4.4) as pure functions
 * `MatchState → change | refusal`. Use-cases run them inside `state.updateMatch`, so every change is
 * atomic, and because they are pure the Redis adapter may re-run them on a conflict. What the
 * use-case must do afterwards (packets, history rows) is returned as plain data.
 *
 * Choices where the references disagree (documented in server/bancho/multiplayer/README.md):
 * slot moves only into Open slots (bpy); locking an occupied slot kicks its occupant (rs); map
 * changes unready Ready players (bpy); team-type changes reset teams (bpy); only the host (or a
 * referee) changes speed mods in freemod (bpy).
 */
import { Mods, SPEED_MODS } from '../../../protocol/osu/mods.js';
import { MatchTeamType, SlotStatus, SlotTeam } from '../../../protocol/bancho/types.js';
import type { Match } from '../../../protocol/bancho/types.js';
import type { MatchState, SessionToken, SlotState } from '../../ports/state.js';
import { cloneMatch, defaultTeam, emptySlot, hasPlayer, mayOperate, slotIndexOfToken, SLOT_COUNT } from './match-state.js';

/** A rule said no; `reason` is shown to the player as a notification. */
export class MatchRefusal {
  constructor(readonly reason: string) {}
}

export interface MatchChange<R> {
  state: MatchState | 'delete';
  result: R;
}

export type RuleOutcome<R> = MatchChange<R> | MatchRefusal;

const refuse = (reason: string): MatchRefusal => new MatchRefusal(reason);

// ---------------------------------------------------------------------------------------------
// Game progress: what a change did to the running game.

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

const NO_PROGRESS: GameProgress = { allLoaded: false, allSkipped: false, finished: false, finishedTokens: [] };

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
function settleGame(before: MatchState, after: MatchState): GameProgress {
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
// Membership

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

// ---------------------------------------------------------------------------------------------
// Slots

/** 38: only into an Open slot (bpy); status, team and mods move along. Not while playing. */
export function changeSlot(current: MatchState, token: SessionToken, target: number): RuleOutcome<{ from: number }> {
  const from = slotIndexOfToken(current, token);
  if (from === -1) return refuse('You are not in this match.');
  if (!Number.isInteger(target) || target < 0 || target >= SLOT_COUNT) return refuse('No such slot.');
  if (current.inProgress) return refuse('You cannot change slots during a game.');
  if (current.slots[target]!.status !== SlotStatus.Open) return refuse('That slot is not free.');
  const m = cloneMatch(current);
  m.slots[target] = { ...m.slots[from]! };
  m.slots[from] = emptySlot();
  return { state: m, result: { from } };
}

const IDLE_STATUSES: number = SlotStatus.NotReady | SlotStatus.Ready | SlotStatus.NoMap;

/** 39/55/54/59: a player's own idle status (never while Playing/Complete). */
export function setOwnStatus(current: MatchState, token: SessionToken, status: number): RuleOutcome<{ slotIndex: number }> {
  const slotIndex = slotIndexOfToken(current, token);
  if (slotIndex === -1) return refuse('You are not in this match.');
  const slot = current.slots[slotIndex]!;
  if ((slot.status & IDLE_STATUSES) === 0) return refuse('You are playing.');
  if (slot.status === status) return { state: current, result: { slotIndex } };
  const m = cloneMatch(current);
  m.slots[slotIndex]!.status = status;
  return { state: m, result: { slotIndex } };
}

/** 77: blue ↔ red (anything not blue becomes blue, as bpy). */
export function toggleTeam(current: MatchState, token: SessionToken): RuleOutcome<{ team: number }> {
  const slotIndex = slotIndexOfToken(current, token);
  if (slotIndex === -1) return refuse('You are not in this match.');
  if (current.teamType !== MatchTeamType.TeamVs && current.teamType !== MatchTeamType.TagTeamVs) {
    return refuse('Teams are only used in team modes.');
  }
  const m = cloneMatch(current);
  const slot = m.slots[slotIndex]!;
  slot.team = slot.team === SlotTeam.Blue ? SlotTeam.Red : SlotTeam.Blue;
  return { state: m, result: { team: slot.team } };
}

/** Referee/`!mp team`: puts a user on a given team. */
export function setTeamOf(current: MatchState, userId: number, team: number): RuleOutcome<null> {
  const i = current.slots.findIndex((s) => hasPlayer(s) && s.userId === userId);
  if (i === -1) return refuse('That user is not in this match.');
  const m = cloneMatch(current);
  m.slots[i]!.team = team;
  return { state: m, result: null };
}

export interface LockResult {
  locked: boolean;
  /** Occupant removed by the lock (rs behaviour), with what their removal did. */
  kicked: { token: SessionToken | null; userId: number; removal: RemoveResult } | null;
}

/**
 * 40: toggles a slot lock. Locking an occupied slot kicks the occupant (rs): a locked slot with a
 * player in it would be a state the client cannot show. The operator's own slot and the host's
 * slot are never locked.
 */
export function toggleLock(current: MatchState, byUserId: number, index: number): RuleOutcome<LockResult> {
  if (!mayOperate(current, byUserId)) return refuse('Only the host can lock slots.');
  if (!Number.isInteger(index) || index < 0 || index >= SLOT_COUNT) return refuse('No such slot.');
  const slot = current.slots[index]!;
  if (slot.status === SlotStatus.Locked) {
    const m = cloneMatch(current);
    m.slots[index] = emptySlot(SlotStatus.Open);
    return { state: m, result: { locked: false, kicked: null } };
  }
  if (hasPlayer(slot)) {
    if (slot.userId === byUserId || slot.userId === current.hostId) return refuse('You cannot lock that slot.');
    const removal = removePlayer(current, slot.token ?? '', true);
    if (slot.token === null || removal instanceof MatchRefusal) {
      const m = cloneMatch(current);
      m.slots[index] = emptySlot(SlotStatus.Locked);
      return { state: m, result: { locked: true, kicked: null } };
    }
    return { state: removal.state, result: { locked: true, kicked: { token: slot.token, userId: slot.userId, removal: removal.result } } };
  }
  const m = cloneMatch(current);
  m.slots[index] = emptySlot(SlotStatus.Locked);
  return { state: m, result: { locked: true, kicked: null } };
}

/** `!mp size n`: slots below n Open (if locked), empty slots from n on Locked. */
export function setSize(current: MatchState, size: number): RuleOutcome<null> {
  if (!Number.isInteger(size) || size < 1 || size > SLOT_COUNT) return refuse('Size must be between 1 and 16.');
  const m = cloneMatch(current);
  for (let i = 0; i < SLOT_COUNT; i++) {
    const s = m.slots[i]!;
    if (hasPlayer(s)) continue;
    m.slots[i] = emptySlot(i < size ? SlotStatus.Open : SlotStatus.Locked);
  }
  return { state: m, result: null };
}

/** `!mp move user slot`: like 38 but decided by a referee. */
export function moveUser(current: MatchState, userId: number, target: number): RuleOutcome<null> {
  const from = current.slots.findIndex((s) => hasPlayer(s) && s.userId === userId);
  if (from === -1) return refuse('That user is not in this match.');
  const token = current.slots[from]!.token;
  if (token === null) return refuse('That user is not in this match.');
  const r = changeSlot(current, token, target);
  return r instanceof MatchRefusal ? r : { state: r.state, result: null };
}

// ---------------------------------------------------------------------------------------------
// Host and settings

export function transferHost(
  current: MatchState,
  byUserId: number | null,
  index: number,
): RuleOutcome<{ userId: number; token: SessionToken | null }> {
  if (byUserId !== null && !mayOperate(current, byUserId)) return refuse('Only the host can transfer the host.');
  if (!Number.isInteger(index) || index < 0 || index >= SLOT_COUNT) return refuse('No such slot.');
  const slot = current.slots[index]!;
  if (!hasPlayer(slot)) return refuse('Nobody sits in that slot.');
  const m = cloneMatch(current);
  m.hostId = slot.userId;
  return { state: m, result: { userId: slot.userId, token: slot.token } };
}

/** `!mp clearhost`: nobody is host; referees keep control. */
export function clearHost(current: MatchState): RuleOutcome<null> {
  const m = cloneMatch(current);
  m.hostId = 0;
  return { state: m, result: null };
}

const MD5_HEX = /^[0-9a-f]{32}$/i;
const inRange = (n: number, max: number): boolean => Number.isInteger(n) && n >= 0 && n <= max;
export const MAX_MATCH_NAME = 50;
const MAX_BEATMAP_NAME = 512;

/**
 * Checks the client-supplied fields of a Match (31, 41): a refusal reason, or null when usable.
 * Anything stored here is echoed to every member and the lobby, so nothing unchecked gets in.
 */
export function invalidMatchRequest(req: Match): string | null {
  const name = req.name.trim();
  if (name.length === 0 || name.length > MAX_MATCH_NAME) return `Match names must be 1 to ${MAX_MATCH_NAME} characters.`;
  if (!inRange(req.mode, 3)) return 'Unknown game mode.';
  if (!inRange(req.teamType, 3)) return 'Unknown team mode.';
  if (!inRange(req.winCondition, 3)) return 'Unknown win condition.';
  if (req.beatmapId !== -1 && req.beatmapMd5 !== '' && !MD5_HEX.test(req.beatmapMd5)) return 'Malformed beatmap checksum.';
  if (req.beatmapName.length > MAX_BEATMAP_NAME) return 'Beatmap name too long.';
  if ((req.password ?? '').length > 256) return 'Password too long.';
  return null;
}

export interface KnownBeatmap {
  beatmapId: number;
  beatmapMd5: string;
  name: string;
}

export interface SettingsResult {
  /** A new map was picked (differs from the one before song select): the bot links it. */
  newMap: { beatmapId: number; name: string } | null;
  teamsReset: boolean;
  freemodChanged: boolean;
  /** Match mode or mods changed: players' effective modes may have changed. */
  modeMayHaveChanged: boolean;
}

/**
 * 41 (bpy rules): freemod split, song-select unreadies, new map, team-type reset, name, win
 * condition, mode, seed. The password travels in 90, so the one in this packet is ignored.
 * `known` is the server's row for the requested md5, looked up before the atomic update.
 */
export function changeSettings(
  current: MatchState,
  byUserId: number,
  req: Match,
  known: KnownBeatmap | undefined,
): RuleOutcome<SettingsResult> {
  if (!mayOperate(current, byUserId)) return refuse('Only the host can change the settings.');
  if (current.inProgress) return refuse('The settings cannot change during a game.');
  const invalid = invalidMatchRequest(req);
  if (invalid !== null) return refuse(invalid);
  const name = req.name.trim();
  const m = cloneMatch(current);
  const result: SettingsResult = { newMap: null, teamsReset: false, freemodChanged: false, modeMayHaveChanged: false };

  if (req.freemod !== m.freemod) {
    result.freemodChanged = true;
    result.modeMayHaveChanged = true;
    if (req.freemod) {
      for (const s of m.slots) if (hasPlayer(s)) s.mods = m.mods & ~SPEED_MODS;
      m.mods &= SPEED_MODS;
    } else {
      const host = m.slots.find((s) => hasPlayer(s) && s.userId === m.hostId);
      m.mods = (m.mods & SPEED_MODS) | ((host?.mods ?? 0) & ~SPEED_MODS);
      for (const s of m.slots) s.mods = 0;
    }
    m.freemod = req.freemod;
  }

  if (req.beatmapId === -1) {
    if (m.beatmapId !== -1) {
      m.previousBeatmapId = m.beatmapId;
      m.beatmapId = -1;
      m.beatmapMd5 = '';
      m.beatmapName = '';
      unreadyAll(m);
    }
  } else if (req.beatmapMd5 !== m.beatmapMd5 || req.beatmapId !== m.beatmapId) {
    const id = known?.beatmapId ?? req.beatmapId;
    m.beatmapId = id;
    m.beatmapMd5 = known?.beatmapMd5 ?? req.beatmapMd5;
    m.beatmapName = known?.name ?? req.beatmapName;
    unreadyAll(m);
    if (id !== m.previousBeatmapId) result.newMap = { beatmapId: id, name: m.beatmapName };
    m.previousBeatmapId = id;
  }

  if (req.teamType !== m.teamType) {
    m.teamType = req.teamType;
    const team = defaultTeam(req.teamType);
    for (const s of m.slots) if (hasPlayer(s)) s.team = team;
    result.teamsReset = true;
  }
  if (req.mode !== m.mode) result.modeMayHaveChanged = true;
  m.name = name;
  m.winCondition = req.winCondition;
  m.mode = req.mode;
  m.seed = req.seed;
  return { state: m, result };
}

function unreadyAll(m: MatchState): void {
  for (const s of m.slots) if (s.status === SlotStatus.Ready) s.status = SlotStatus.NotReady;
}

/** `!mp map id [mode]`: a referee picks a map the server knows. */
export function setMap(current: MatchState, map: KnownBeatmap, mode: number | undefined): RuleOutcome<null> {
  if (current.inProgress) return refuse('The map cannot change during a game.');
  const m = cloneMatch(current);
  m.beatmapId = map.beatmapId;
  m.beatmapMd5 = map.beatmapMd5;
  m.beatmapName = map.name;
  m.previousBeatmapId = map.beatmapId;
  if (mode !== undefined) m.mode = mode;
  unreadyAll(m);
  return { state: m, result: null };
}

/** 90 (and `!mp password`): empty = no password. */
export function changePassword(current: MatchState, byUserId: number | null, password: string): RuleOutcome<null> {
  if (byUserId !== null && !mayOperate(current, byUserId)) return refuse('Only the host can change the password.');
  const m = cloneMatch(current);
  m.password = password === '' ? null : password;
  return { state: m, result: null };
}

/**
 * 51: freemod on → the host's speed mods become the match mods and every sender's other mods are
 * their slot mods; freemod off → host only, match mods = mods. RX and AP never mix.
 */
export function changeMods(current: MatchState, byUserId: number, token: SessionToken | null, requested: number): RuleOutcome<null> {
  let mods = requested >>> 0;
  if (mods & Mods.Relax && mods & Mods.Autopilot) mods &= ~Mods.Autopilot;
  if (current.inProgress) return refuse('Mods cannot change during a game.');
  const operator = mayOperate(current, byUserId);
  const m = cloneMatch(current);
  if (m.freemod) {
    const i = token === null ? -1 : slotIndexOfToken(m, token);
    if (i === -1 && !operator) return refuse('You are not in this match.');
    if (operator) m.mods = mods & SPEED_MODS;
    if (i !== -1) m.slots[i]!.mods = mods & ~SPEED_MODS;
  } else {
    if (!operator) return refuse('Only the host can change the mods.');
    m.mods = mods;
  }
  return { state: m, result: null };
}

export function addReferee(current: MatchState, userId: number): RuleOutcome<null> {
  if (current.refereeIds.includes(userId)) return { state: current, result: null };
  const m = cloneMatch(current);
  m.refereeIds.push(userId);
  return { state: m, result: null };
}

export function removeReferee(current: MatchState, userId: number): RuleOutcome<null> {
  const m = cloneMatch(current);
  m.refereeIds = m.refereeIds.filter((id) => id !== userId);
  return { state: m, result: null };
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

/**
 * Someone without a slot (a referee) left a refereed match: it goes when nobody plays and nobody
 * watches any more (`watchers` = sessions still subscribed to the match stream).
 */
export function releaseIfAbandoned(current: MatchState, watchers: number): RuleOutcome<{ disposed: boolean }> {
  if (current.slots.some(hasPlayer) || watchers > 0) return { state: current, result: { disposed: false } };
  return { state: 'delete', result: { disposed: true } };
}
