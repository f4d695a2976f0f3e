/**
 * Small pure helpers over the live `MatchState` (server/ports/state.ts): slot predicates, copies,
 * the wire view, who may act as host. No I/O here, so every rule built on it is unit-testable and
 * safe to re-run when the Redis adapter retries an optimistic update.
 */
import { MatchTeamType, SlotStatus, SlotTeam } from '../../../protocol/bancho/types.js';
import type { Match } from '../../../protocol/bancho/types.js';
import type { MatchState, SessionToken, SlotState } from '../../ports/state.js';

export const SLOT_COUNT = 16;

/** Every defined mod bit (NF … Mirror, bits 0–30): client input is masked to it (history columns are signed int). */
export const ALL_MODS = 0x7fffffff;

export const emptySlot = (status: number = SlotStatus.Open): SlotState => ({
  status,
  team: SlotTeam.Neutral,
  mods: 0,
  userId: 0,
  token: null,
  loaded: false,
  skipped: false,
  completed: false,
  failed: false,
});

export const hasPlayer = (slot: SlotState): boolean => (slot.status & SlotStatus.HasPlayer) !== 0;

/** A deep-enough copy: rules change the copy, never the value the adapter handed in. */
export function cloneMatch(m: MatchState): MatchState {
  return { ...m, slots: m.slots.map((s) => ({ ...s })), refereeIds: [...m.refereeIds] };
}

export function slotIndexOfToken(m: MatchState, token: SessionToken): number {
  return m.slots.findIndex((s) => s.token === token && hasPlayer(s));
}

export function slotIndexOfUser(m: MatchState, userId: number): number {
  return m.slots.findIndex((s) => s.userId === userId && hasPlayer(s));
}

/** Team-vs modes put newcomers on red (bpy); head-to-head and tag co-op are neutral. */
export function defaultTeam(teamType: number): number {
  return teamType === MatchTeamType.TeamVs || teamType === MatchTeamType.TagTeamVs ? SlotTeam.Red : SlotTeam.Neutral;
}

/** The host and the match's referees may change settings, lock, start, transfer host. */
export function mayOperate(m: MatchState, userId: number): boolean {
  return m.hostId === userId || m.refereeIds.includes(userId);
}

export function occupiedSlots(m: MatchState): SlotState[] {
  return m.slots.filter(hasPlayer);
}

export function playerCount(m: MatchState): number {
  let n = 0;
  for (const s of m.slots) if (hasPlayer(s)) n++;
  return n;
}

/** The protocol structure (packets 26, 27, 36, 46). The writer hides the password for the lobby. */
export function toWireMatch(m: MatchState): Match {
  return {
    id: m.id,
    inProgress: m.inProgress,
    powerplay: 0,
    mods: m.mods,
    name: m.name,
    password: m.password,
    beatmapName: m.beatmapName,
    beatmapId: m.beatmapId,
    beatmapMd5: m.beatmapMd5,
    slots: m.slots.map((s) => ({ status: s.status, team: s.team, userId: hasPlayer(s) ? s.userId : 0, mods: s.mods })),
    hostId: m.hostId,
    mode: m.mode,
    winCondition: m.winCondition,
    teamType: m.teamType,
    freemod: m.freemod,
    seed: m.seed,
  };
}

/** Instance chat channel key of a match (`#multiplayer` to the client); names live in chat/. */
export { multiplayerChannelKey as matchChannelKey, MULTIPLAYER_DISPLAY as MATCH_CHANNEL_DISPLAY } from '../chat/channel-names.js';
