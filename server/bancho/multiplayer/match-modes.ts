/**
 * A player's effective mode (§7.1) follows the match: RX/AP in the match mods (or their own slot
 * mods in freemod) switch them to relax/autopilot stats, as rs does. When it changes, the presence
 * gets that mode's stats row and rank and everyone receives a fresh 11.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { effectiveMode, isVanillaMode, playstyleOf, vanillaOf } from '../../../protocol/osu/modes.js';
import type { EffectiveModeValue } from '../../../protocol/osu/modes.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, Presence } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { hasPlayer } from './match-state.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'leaderboards' | 'log'>;

export function statsPacketOf(p: Presence): Buffer {
  return encodeServer.USER_STATS({
    userId: p.userId,
    action: {
      action: p.action,
      infoText: p.infoText,
      beatmapMd5: p.beatmapMd5,
      mods: p.mods,
      mode: vanillaOf(p.mode),
      beatmapId: p.beatmapId,
    },
    rankedScore: p.rankedScore,
    accuracy: p.accuracy / 100,
    playCount: p.playcount,
    totalScore: p.totalScore,
    globalRank: p.globalRank,
    pp: p.pp,
  });
}

export function effectiveModeInMatch(m: MatchState, slotMods: number): EffectiveModeValue {
  const vanilla = isVanillaMode(m.mode) ? m.mode : 0;
  return effectiveMode(vanilla, m.freemod ? m.mods | slotMods : m.mods);
}

/** Switches one user's presence to `mode` (stats + rank) and broadcasts 11; no-op if unchanged. */
export async function switchEffectiveMode(deps: Deps, userId: number, mode: EffectiveModeValue): Promise<void> {
  const presence = await deps.state.getPresence(userId);
  if (!presence || presence.mode === mode) return;
  const [row, rank] = await Promise.all([
    deps.storage.stats.get(userId, mode),
    deps.leaderboards.rank({ playstyle: playstyleOf(mode), mode: vanillaOf(mode) }, userId),
  ]);
  const updated = await deps.state.updatePresence(userId, {
    mode,
    rankedScore: row?.rankedScore ?? 0n,
    totalScore: row?.totalScore ?? 0n,
    accuracy: row?.avgAccuracy ?? 0,
    playcount: row?.playcount ?? 0,
    pp: Math.round(row?.pp ?? 0),
    globalRank: rank,
  });
  if (updated) await deps.state.publish(Streams.main, statsPacketOf(updated));
}

/** Re-derives every member's effective mode after a mode/mods/freemod change. */
export async function syncMemberModes(deps: Deps, m: MatchState): Promise<void> {
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
