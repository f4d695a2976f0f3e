/**
 * Rules of the idle room: slots (38, 40, `!mp size/move`), own status and team (39/54/55/59, 77),
 * host (70, `!mp host/clearhost`), settings (41, `!mp map`), password (90), mods (51), referees.
 */
import { Mods, SPEED_MODS } from '../../../protocol/osu/mods.js';
import { MatchTeamType, SlotStatus, SlotTeam } from '../../../protocol/bancho/types.js';
import type { Match } from '../../../protocol/bancho/types.js';
import type { MatchState, SessionToken } from '../../ports/state.js';
import { ALL_MODS, cloneMatch, defaultTeam, emptySlot, hasPlayer, mayOperate, slotIndexOfToken, SLOT_COUNT } from './match-state.js';
import { MatchRefusal, refuse } from './rule-outcome.js';
import type { RuleOutcome } from './rule-outcome.js';
import { removePlayer } from './rules-membership.js';
import type { RemoveResult } from './rules-membership.js';

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
  let mods = requested & ALL_MODS;
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
