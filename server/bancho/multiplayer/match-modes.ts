/**
 * A player's effective mode (§7.1) follows the match: RX/AP in the match mods (or their own slot
 * mods in freemod) switch them to relax/autopilot stats, as rs does. When it changes, the presence
 * gets that mode's stats row and rank and everyone receives a fresh 11.
 */
import { effectiveMode, isVanillaMode } from '../../../protocol/osu/modes.js';
import type { EffectiveModeValue } from '../../../protocol/osu/modes.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState } from '../../ports/state.js';
import { STATS_ALL_STREAM } from '../presence/broadcast-user.js';
import { statsPacket } from '../presence/encode-user.js';
import { loadStats } from '../presence/load-stats.js';
import { hasPlayer } from './match-state.js';

export function effectiveModeInMatch(m: MatchState, slotMods: number): EffectiveModeValue {
  const vanilla = isVanillaMode(m.mode) ? m.mode : 0;
  return effectiveMode(vanilla, m.freemod ? m.mods | slotMods : m.mods);
}

/** Switches one user's presence to `mode` (stats + rank) and broadcasts 11; no-op if unchanged. */
export async function switchEffectiveMode(deps: BanchoDeps, userId: number, mode: EffectiveModeValue): Promise<void> {
  const presence = await deps.state.getPresence(userId);
  if (!presence || presence.mode === mode) return;
  const stats = await loadStats(deps, userId, mode);
  const updated = await deps.state.updatePresence(userId, { mode, ...stats });
  // Match members are publicly visible (restricted players cannot join), so everyone sees it.
  if (updated) await deps.state.publish(STATS_ALL_STREAM, statsPacket(updated));
}

/** Re-derives every member's effective mode after a mode/mods/freemod change. */
export async function syncMemberModes(deps: BanchoDeps, m: MatchState): Promise<void> {
  const seen = new Set<number>();
  for (const s of m.slots) {
    if (!hasPlayer(s) || seen.has(s.userId)) continue;
    seen.add(s.userId);
    try {
      await switchEffectiveMode(deps, s.userId, effectiveModeInMatch(m, s.mods));
    } catch (err) {
      deps.log.warn('could not switch a match member to the match mode', { userId: s.userId, err });
    }
  }
}
