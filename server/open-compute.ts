/**
 * Composition helper for server/main.ts and the CLI: the compute pool as configured
 * (COMPUTE_THREADS, PP_PROFILE, DATA_DIR/osu for md5-only maps) with the persistent difficulty
 * store (MySQL table when DATABASE_URL is set, else DATA_DIR/difficulty-cache.sqlite).
 * `close()` closes both.
 */
import type { Config } from './config.js';
import { ComputePool, type ComputePoolOptions } from '../compute/pool.js';
import { openDifficultyCache } from '../compute/pp/difficulty-cache-sql.js';

export function openComputePool(config: Config, extra: Omit<ComputePoolOptions, 'threads' | 'profile' | 'difficultyCache'> = {}): ComputePool {
  const difficultyCache = openDifficultyCache(config);
  const pool = ComputePool.fromConfig(config, { ...extra, difficultyCache });
  const close = pool.close.bind(pool);
  pool.close = async () => {
    await close();
    await difficultyCache.close();
  };
  return pool;
}
