/**
 * The BeatmapSource over what is configured: metadata from osu! API v1 (primary, as Akatsuki) or
 * v2 (when v1 is not configured or is unreachable); `.osu` files from the official host (only when
 * an API is configured: having credentials is what says "this server is online"), then the
 * mirrors. Nothing configured → no source at all: the store runs offline.
 */
import type { BeatmapsConfig } from '../../config-beatmaps.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../log.js';
import { BeatmapSourceUnavailableError } from '../../ports/beatmap-store.js';
import type { Egress } from '../../egress/egress.js';
import type { BeatmapSource, UpstreamKey } from '../../beatmaps/source.js';
import { OsuApiV1 } from './osu-api-v1.js';
import { OsuApiV2 } from './osu-api-v2.js';
import { MirrorPool, type MirrorRequestLog } from './mirrors.js';
import { md5Of } from './osu-file-cache.js';

export interface WorldSources {
  source: BeatmapSource | undefined;
  v1: OsuApiV1 | undefined;
  v2: OsuApiV2 | undefined;
  mirrors: MirrorPool | undefined;
}

export function openWorldSources(cfg: BeatmapsConfig, deps: { egress: Egress; clock: Clock; log: Logger; requestLog?: MirrorRequestLog }): WorldSources {
  const v1 = cfg.osuApiV1Keys.length > 0 ? new OsuApiV1({ egress: deps.egress, baseUrl: cfg.osuApiV1Url, keys: cfg.osuApiV1Keys }) : undefined;
  const v2 =
    cfg.osuApiV2ClientId !== '' && cfg.osuApiV2ClientSecret !== ''
      ? new OsuApiV2({ egress: deps.egress, baseUrl: cfg.osuApiV2Url, clientId: cfg.osuApiV2ClientId, clientSecret: cfg.osuApiV2ClientSecret, clock: deps.clock })
      : undefined;
  const mirrors = cfg.mirrors.length > 0 ? new MirrorPool(cfg.mirrors, { egress: deps.egress, clock: deps.clock, log: deps.log, ...(deps.requestLog ? { requestLog: deps.requestLog } : {}) }) : undefined;
  const online = v1 !== undefined || v2 !== undefined;
  if (!online && !mirrors) return { source: undefined, v1, v2, mirrors };

  const source: BeatmapSource = {};
  if (online) {
    source.lookup = async (key: UpstreamKey) => {
      if (v1) {
        try {
          return await v1.getBeatmaps(key);
        } catch (err) {
          if (!v2 || !(err instanceof BeatmapSourceUnavailableError)) throw err;
          deps.log.warn('osu! API v1 unavailable; asking v2', { err: err.message });
        }
      }
      return v2!.lookup(key);
    };
  }
  source.osuFile = async (beatmapId, md5) => {
    let officialError: unknown;
    if (online) {
      try {
        const res = await deps.egress.request({ url: `${cfg.osuFilesUrl}/${beatmapId}`, retries: 1, maxBytes: 8 * 1024 * 1024 });
        if (res.status === 200 && res.body.length > 0 && md5Of(res.body) === md5) return res.body;
        if (res.status !== 404 && res.status !== 451 && res.status !== 200) officialError = new Error(`HTTP ${res.status}`);
      } catch (err) {
        officialError = err;
      }
    }
    if (mirrors) {
      const r = await mirrors.fetch({ kind: 'osu', beatmapId, md5 });
      if (r.kind === 'found') return r.body;
      if (r.kind === 'unavailable' && officialError !== undefined) {
        throw new BeatmapSourceUnavailableError('no source could deliver the .osu file', { cause: officialError, retryAfterSeconds: r.retryAfterSeconds });
      }
      return undefined;
    }
    if (officialError !== undefined) throw new BeatmapSourceUnavailableError('the .osu file host is unreachable', { cause: officialError });
    return undefined;
  };
  return { source, v1, v2, mirrors };
}
