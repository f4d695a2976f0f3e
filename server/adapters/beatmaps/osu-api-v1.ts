/**
 * osu! API v1 `get_beatmaps` (proxy-queues-mirrors.md §6.1) through the egress limiter. Keys are
 * rotated round robin (deterministic, unlike beatmaps-service's random pick), each with its own
 * bucket so several keys multiply the allowed rate. Every value in a v1 answer is a string.
 *
 * Answers: [] for "no such map" (empty list, 404, 451); BeatmapSourceUnavailableError for 403
 * (osu!'s "API down"/bad key), other non-200s, garbage bodies and transport failures.
 */
import { BeatmapSourceUnavailableError } from '../../ports/beatmap-store.js';
import type { Egress } from '../../egress/egress.js';
import { EgressRateLimitedError } from '../../egress/errors.js';
import type { UpstreamBeatmap, UpstreamKey } from '../../beatmaps/source.js';

export interface OsuApiV1Options {
  egress: Egress;
  baseUrl: string;
  keys: readonly string[];
}

const num = (v: unknown, fallback = 0): number => {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
};
const optInt = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Math.round(num(v)));
const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** v1 dates are "YYYY-MM-DD HH:MM:SS" (taken as UTC); unix seconds, 0 when unreadable. */
export function v1Date(v: unknown): number {
  const s = str(v);
  if (s === '') return 0;
  const t = Date.parse(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

export function fromV1(o: Record<string, unknown>): UpstreamBeatmap | undefined {
  const md5 = str(o.file_md5).toLowerCase();
  const beatmapId = num(o.beatmap_id);
  if (!/^[0-9a-f]{32}$/.test(md5) || beatmapId <= 0) return undefined;
  return {
    apiStatus: num(o.approved),
    beatmapId,
    beatmapsetId: num(o.beatmapset_id),
    md5,
    artist: str(o.artist),
    title: str(o.title),
    creator: str(o.creator),
    creatorId: optInt(o.creator_id),
    version: str(o.version),
    ar: num(o.diff_approach),
    od: num(o.diff_overall),
    cs: num(o.diff_size),
    hp: num(o.diff_drain),
    mode: num(o.mode),
    maxCombo: num(o.max_combo),
    hitLength: num(o.hit_length),
    totalLength: num(o.total_length),
    bpm: num(o.bpm),
    stars: num(o.difficultyrating),
    countCircles: optInt(o.count_normal),
    countSliders: optInt(o.count_slider),
    countSpinners: optInt(o.count_spinner),
    lastUpdate: v1Date(o.last_update),
    hasVideo: str(o.video) === '1',
  };
}

export class OsuApiV1 {
  private next = 0;
  constructor(private readonly opts: OsuApiV1Options) {
    if (opts.keys.length === 0) throw new Error('OsuApiV1 needs at least one key');
  }

  async getBeatmaps(key: UpstreamKey): Promise<UpstreamBeatmap[]> {
    const i = this.next++ % this.opts.keys.length;
    const url = new URL(`${this.opts.baseUrl}/get_beatmaps`);
    url.searchParams.set('k', this.opts.keys[i]!);
    if ('md5' in key) url.searchParams.set('h', key.md5);
    else if ('id' in key) url.searchParams.set('b', String(key.id));
    else url.searchParams.set('s', String(key.setId));
    let res;
    try {
      res = await this.opts.egress.request({ url, bucket: `${url.host}#v1-${i}`, retries: 2 });
    } catch (err) {
      const retry = err instanceof EgressRateLimitedError ? Math.ceil(err.retryAfterMs / 1000) : 30;
      throw new BeatmapSourceUnavailableError(`osu! API v1 unreachable: ${err instanceof Error ? err.message : String(err)}`, { cause: err, retryAfterSeconds: retry });
    }
    if (res.status === 404 || res.status === 451) return [];
    if (res.status !== 200) throw new BeatmapSourceUnavailableError(`osu! API v1 answered ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new BeatmapSourceUnavailableError('osu! API v1 answered something that is not JSON');
    }
    if (!Array.isArray(body)) throw new BeatmapSourceUnavailableError('osu! API v1 answered JSON that is not a list');
    const out: UpstreamBeatmap[] = [];
    for (const o of body) {
      if (o === null || typeof o !== 'object') continue;
      const b = fromV1(o as Record<string, unknown>);
      if (b) out.push(b);
    }
    return out;
  }
}
