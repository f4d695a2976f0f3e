/** Builds the beatmap store from the configuration (the composition root calls this). */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import { osuFileCache } from '../adapters/beatmaps/osu-file-cache.js';
import { createBeatmapStore, type BeatmapStoreAdmin } from './store.js';
import type { BeatmapSource } from './source.js';

export interface OpenBeatmapStoreDeps {
  storage: Storage;
  clock: Clock;
  log: Logger;
  /** The upstream source (osu! API, mirrors); undefined = offline. */
  source?: BeatmapSource | undefined;
}

export const osuDirOf = (config: Pick<Config, 'dataDir'>): string => path.join(config.dataDir, 'osu');

export function openBeatmapStore(config: Pick<Config, 'dataDir'>, deps: OpenBeatmapStoreDeps): BeatmapStoreAdmin {
  return createBeatmapStore({
    storage: deps.storage,
    files: osuFileCache(osuDirOf(config)),
    clock: deps.clock,
    log: deps.log.child({ component: 'beatmaps' }),
    source: deps.source,
  });
}
