/**
 * The stats half of a presence for one effective mode: the `user_stats` row plus the global rank
 * from the matching pp board (§7.2).
 */
import { playstyleOf, vanillaOf, type EffectiveModeValue } from '../../../protocol/osu/modes.js';
import type { Presence } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';

export type StatsFields = Pick<Presence, 'rankedScore' | 'totalScore' | 'accuracy' | 'playcount' | 'pp' | 'globalRank'>;

export async function loadStats(deps: BanchoDeps, userId: number, mode: EffectiveModeValue): Promise<StatsFields> {
  const [row, rank] = await Promise.all([
    deps.storage.stats.get(userId, mode),
    deps.leaderboards.rank({ playstyle: playstyleOf(mode), mode: vanillaOf(mode) }, userId),
  ]);
  return {
    rankedScore: row?.rankedScore ?? 0n,
    totalScore: row?.totalScore ?? 0n,
    accuracy: row?.avgAccuracy ?? 0,
    playcount: row?.playcount ?? 0,
    pp: row?.pp ?? 0,
    globalRank: rank,
  };
}

export function sameStats(a: StatsFields, b: StatsFields): boolean {
  return (
    a.rankedScore === b.rankedScore &&
    a.totalScore === b.totalScore &&
    a.accuracy === b.accuracy &&
    a.playcount === b.playcount &&
    a.pp === b.pp &&
    a.globalRank === b.globalRank
  );
}
