/**
 * Persistent difficulty attributes: keyed by (md5, mode, difficulty mods, calculator version),
 * so neither a restart nor another process recomputes them (the official server's
 * `osu_beatmap_difficulty_attribs` idea, §7). Values are the plain attribute objects rosu's
 * Performance accepts as-is (§0.3).
 *
 * Implementations: `MemoryDifficultyCache` (tests, single process) and `SqliteDifficultyCache` /
 * `MysqlDifficultyCache` (compute/pp/difficulty-cache-sql.ts, table `hayate_difficulty_cache`).
 */
import type { CalculatorId } from './calculator.js';
import type { PlainAttributes } from './rosu-lib.js';

export interface DifficultyKey {
  md5: string;
  mode: number;
  /** `difficultyMods()` of the normalised mods. */
  mods: number;
  calculator: CalculatorId;
}

export interface DifficultyCache {
  get(key: DifficultyKey): Promise<PlainAttributes | undefined>;
  put(key: DifficultyKey, attributes: PlainAttributes): Promise<void>;
  close(): Promise<void>;
}

export function difficultyKeyString(k: DifficultyKey): string {
  return `${k.calculator}:${k.md5}:${k.mode}:${k.mods}`;
}

export class MemoryDifficultyCache implements DifficultyCache {
  private readonly map = new Map<string, PlainAttributes>();
  async get(key: DifficultyKey): Promise<PlainAttributes | undefined> {
    return this.map.get(difficultyKeyString(key));
  }
  async put(key: DifficultyKey, attributes: PlainAttributes): Promise<void> {
    this.map.set(difficultyKeyString(key), attributes);
  }
  get size(): number {
    return this.map.size;
  }
  async close(): Promise<void> {
    this.map.clear();
  }
}
