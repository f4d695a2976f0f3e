/**
 * Which table a score id lives in, from the id alone (Akatsuki's ranges, score-service's
 * `Mode.from_offset`): relax below 500,000,000, autopilot from 6,148,914,691,236,517,204, vanilla
 * in between.
 */
import type { Playstyle } from '../../../protocol/osu/modes.js';

export const RELAX_ID_END = 500_000_000n;
export const AUTOPILOT_ID_START = 6_148_914_691_236_517_204n;

export function playstyleOfScoreId(id: bigint): Playstyle {
  if (id < RELAX_ID_END) return 'relax';
  if (id >= AUTOPILOT_ID_START) return 'autopilot';
  return 'vanilla';
}

/** A decimal score id (the AP range exceeds 2^53, so never through Number). */
export function parseScoreId(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^\d{1,19}$/.test(text)) return undefined;
  const id = BigInt(text);
  return id <= 9_223_372_036_854_775_807n ? id : undefined;
}
