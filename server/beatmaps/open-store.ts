/**
 * Builds the beatmap side of the server from the configuration (the composition root calls
 * this): the egress limiter, the osu! API clients and mirrors that are configured, and the store.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import { osuFileCache, type OsuFileCache } from '../adapters/beatmaps/osu-file-cache.js';
import { openWorldSources, type WorldSources } from '../adapters/beatmaps/world-source.js';
import type { MirrorRequestLog } from '../adapters/beatmaps/mirrors.js';
import { Egress, OSU_DEFAULT_LIMIT } from '../egress/egress.js';
import type { BucketLimit } from '../egress/token-bucket.js';
import { createBeatmapStore, type BeatmapStoreAdmin, type BeatmapStoreOptions } from './store.js';
import type { BeatmapSource } from './source.js';
import type { Geolocator } from '../ports/geolocation.js';
import { ipApiGeolocator } from '../adapters/geo/ip-api.js';

export interface OpenBeatmapStoreDeps {
  storage: Storage;
  clock: Clock;
  log: Logger;
  /** The upstream source (osu! API, mirrors); undefined = offline. */
  source?: BeatmapSource | undefined;
  onStatusChange?: BeatmapStoreOptions['onStatusChange'];
}

export const osuDirOf = (config: Pick<Config, 'dataDir'>): string => path.join(config.dataDir, 'osu');

export function openBeatmapStore(config: Pick<Config, 'dataDir'>, deps: OpenBeatmapStoreDeps): BeatmapStoreAdmin {
  return createBeatmapStore({
    storage: deps.storage,
    files: osuFileCache(osuDirOf(config)),
    clock: deps.clock,
    log: deps.log.child({ component: 'beatmaps' }),
    source: deps.source,
    ...(deps.onStatusChange ? { onStatusChange: deps.onStatusChange } : {}),
  });
}

export interface BeatmapsWorld extends WorldSources {
  store: BeatmapStoreAdmin;
  geo: Geolocator;
  files: OsuFileCache;
  egress: Egress;
  close(): Promise<void>;
}

/** Egress limits: osu!'s hosts get the osu! default unless EGRESS_LIMITS says otherwise. */
export function egressLimits(config: Pick<Config, 'beatmaps'>): Map<string, BucketLimit> {
  const limits = new Map<string, BucketLimit>();
  for (const url of [config.beatmaps.osuApiV1Url, config.beatmaps.osuApiV2Url, config.beatmaps.osuFilesUrl]) limits.set(new URL(url).host, OSU_DEFAULT_LIMIT);
  for (const [host, limit] of config.beatmaps.egressLimits) limits.set(host, limit);
  return limits;
}

export function openBeatmaps(config: Pick<Config, 'dataDir' | 'beatmaps' | 'serverName'>, deps: { storage: Storage; clock: Clock; log: Logger; requestLog?: MirrorRequestLog }): BeatmapsWorld {
  const egress = new Egress({ limits: egressLimits(config), defaultDeadlineMs: config.beatmaps.egressDeadlineMs, userAgent: `${config.serverName} (Hayate osu! server)` });
  const log = deps.log.child({ component: 'beatmaps' });
  // Every mirror attempt goes to Akatsuki's beatmap_mirror_requests (its dashboards read it);
  // a failed write is logged, never in the way of the download.
  const requestLog: MirrorRequestLog = deps.requestLog ?? {
    record: (e) => {
      deps.storage.beatmaps
        .logMirrorRequest({ ...e, startedAtMs: e.startedAt, endedAtMs: e.endedAt })
        .catch((err: unknown) => log.warn('could not log a mirror request', { err }));
    },
  };
  const sources = openWorldSources(config.beatmaps, { egress, clock: deps.clock, log, requestLog });
  const store = openBeatmapStore(config, { storage: deps.storage, clock: deps.clock, log: deps.log, source: sources.source });
  log.info(sources.source ? 'beatmap sources configured' : 'beatmap sources: offline (no osu! API, no mirrors)', {
    v1: sources.v1 !== undefined,
    v2: sources.v2 !== undefined,
    mirrors: sources.mirrors?.size ?? 0,
  });
  return {
    ...sources,
    store,
    geo: ipApiGeolocator({ egress, url: config.beatmaps.geoipUrl, log: deps.log.child({ component: 'geo' }) }),
    files: osuFileCache(osuDirOf(config)),
    egress,
    async close() {
      await store.idle();
      await egress.close();
    },
  };
}
