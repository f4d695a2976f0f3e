/**
 * `!last`: the caller's most recent submitted score. Score submission records it in the shared kv
 * store under `last_score:<user id>` (JSON `{ "playstyle", "id" }`, id as a decimal string since score ids exceed 2^53); without one we say so.
 */
import type { Playstyle } from '../../../protocol/osu/modes.js';
import type { Command } from './registry.js';

export const LAST_SCORE_KEY = (userId: number): string => `last_score:${userId}`;

export const lastCommand: Command = {
  name: 'last',
  summary: 'your most recent score',
  privileges: 0,
  async run({ deps, session }) {
    const stored = await deps.state.kvGet(LAST_SCORE_KEY(session.userId));
    if (!stored) return 'No recent score known for you yet: play a map first.';
    let ref: { playstyle: Playstyle; id: bigint };
    try {
      const parsed = JSON.parse(stored) as { playstyle: Playstyle; id: string | number };
      ref = { playstyle: parsed.playstyle, id: BigInt(parsed.id) };
    } catch {
      return 'No recent score known for you yet: play a map first.';
    }
    const score = await deps.storage.scores.findById(ref.playstyle, ref.id);
    if (!score) return 'Your last score is no longer available.';
    const map = await deps.storage.beatmaps.findByMd5(score.beatmapMd5);
    const title = map ? map.songName : score.beatmapMd5;
    return `${title}: ${score.accuracy.toFixed(2)}%, ${score.maxCombo}x, ${score.countMiss} miss, ${Math.round(score.pp)}pp`;
  },
};
