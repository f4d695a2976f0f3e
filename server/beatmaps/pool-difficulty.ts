/** The import's difficulty step on the compute pool (stars, max combo, abuse check). */
import type { ComputePool } from '../../compute/pool.js';
import { selectCalculator } from '../../compute/pp/select.js';
import type { MapDifficulty } from './import.js';

export function poolDifficulty(pool: ComputePool, profile: 'akatsuki' | 'official') {
  return async (bytes: Uint8Array, md5: string, mode: 0 | 1 | 2 | 3): Promise<MapDifficulty> => {
    const calculator = selectCalculator(profile, mode, 0);
    // The relax calculator has no nomod difficulty of its own: rosu 2.0 gives the same stars.
    const d = await pool.difficulty({ map: { bytes, md5 }, mode, mods: 0, calculator: calculator === 'akatsuki-rx-2019' ? 'rosu-2.0' : calculator });
    return { stars: d.stars, maxCombo: d.maxCombo, suspicious: d.suspicious };
  };
}
