/**
 * osu! API v2 (proxy-queues-mirrors.md §6.2–6.4) through the egress limiter, with the
 * client-credentials grant: the token is fetched once for all concurrent callers, cached until a
 * minute before `expires_in`, and refetched once on a 401 (bounded, unlike beatmaps-service).
 */
import { BeatmapSourceUnavailableError } from '../../ports/beatmap-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Egress, EgressRequest, EgressResponse } from '../../egress/egress.js';
import { EgressRateLimitedError } from '../../egress/errors.js';
import type { UpstreamBeatmap, UpstreamKey } from '../../beatmaps/source.js';
import { SingleFlight } from '../../beatmaps/single-flight.js';

export interface OsuApiV2Options {
  egress: Egress;
  /** e.g. https://osu.ppy.sh (token at /oauth/token, API under /api/v2). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
}

type Json = Record<string, unknown>;
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback);
const optInt = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

const isoSeconds = (v: unknown): number => {
  const t = Date.parse(str(v));
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
};

/** A v2 beatmap (with its set given separately when it is nested the other way round). */
export function fromV2(b: Json, set: Json = obj(b.beatmapset)): UpstreamBeatmap | undefined {
  const md5 = str(b.checksum).toLowerCase();
  const beatmapId = num(b.id);
  if (!/^[0-9a-f]{32}$/.test(md5) || beatmapId <= 0) return undefined;
  return {
    apiStatus: num(b.ranked, num(set.ranked)),
    beatmapId,
    beatmapsetId: num(b.beatmapset_id, num(set.id)),
    md5,
    artist: str(set.artist),
    title: str(set.title),
    creator: str(set.creator),
    creatorId: optInt(b.user_id) ?? optInt(set.user_id),
    version: str(b.version),
    ar: num(b.ar),
    od: num(b.accuracy),
    cs: num(b.cs),
    hp: num(b.drain),
    mode: num(b.mode_int),
    maxCombo: num(b.max_combo),
    hitLength: num(b.hit_length),
    totalLength: num(b.total_length),
    bpm: num(b.bpm, num(set.bpm)),
    stars: num(b.difficulty_rating),
    countCircles: optInt(b.count_circles),
    countSliders: optInt(b.count_sliders),
    countSpinners: optInt(b.count_spinners),
    lastUpdate: isoSeconds(b.last_updated ?? set.last_updated),
    hasVideo: set.video === true,
  };
}

export class OsuApiV2 {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly tokenFlight = new SingleFlight<string>();
  constructor(private readonly opts: OsuApiV2Options) {}

  private unreachable(what: string, err: unknown): BeatmapSourceUnavailableError {
    const retry = err instanceof EgressRateLimitedError ? Math.ceil(err.retryAfterMs / 1000) : 30;
    return new BeatmapSourceUnavailableError(`osu! API v2 ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err, retryAfterSeconds: retry });
  }

  private async send(req: EgressRequest, what: string): Promise<EgressResponse> {
    try {
      return await this.opts.egress.request(req);
    } catch (err) {
      throw this.unreachable(what, err);
    }
  }

  /** The cached token, or a new one (one request for all concurrent callers). */
  private async accessToken(force = false): Promise<string> {
    const now = this.opts.clock.now();
    if (!force && this.token && now < this.token.expiresAt) return this.token.value;
    return this.tokenFlight.run('token', async () => {
      const res = await this.send(
        {
          url: `${this.opts.baseUrl}/oauth/token`,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ client_id: this.opts.clientId, client_secret: this.opts.clientSecret, grant_type: 'client_credentials', scope: 'public' }),
          retries: 1,
        },
        'token request failed',
      );
      if (res.status !== 200) throw new BeatmapSourceUnavailableError(`osu! API v2 token request answered ${res.status}`);
      let body: Json;
      try {
        body = obj(JSON.parse(res.body.toString('utf8')));
      } catch {
        throw new BeatmapSourceUnavailableError('osu! API v2 token answer is not JSON');
      }
      const value = str(body.access_token);
      if (value === '') throw new BeatmapSourceUnavailableError('osu! API v2 token answer has no access_token');
      // Renewed a minute early so a request never leaves with a token about to expire.
      const ttl = Math.max(0, num(body.expires_in, 3600) - 60) * 1000;
      this.token = { value, expiresAt: this.opts.clock.now() + ttl };
      return value;
    });
  }

  /** GET an /api/v2 path; undefined on 404/451; retries once with a new token on 401. */
  async get(path: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const res = await this.send({ url: `${this.opts.baseUrl}/api/v2${path}`, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, retries: 2 }, 'request failed');
      if (res.status === 401 && attempt === 0) continue;
      if (res.status === 404 || res.status === 451) return undefined;
      if (res.status !== 200) throw new BeatmapSourceUnavailableError(`osu! API v2 answered ${res.status} for ${path}`);
      try {
        return JSON.parse(res.body.toString('utf8'));
      } catch {
        throw new BeatmapSourceUnavailableError(`osu! API v2 answered something that is not JSON for ${path}`);
      }
    }
  }

  async lookup(key: UpstreamKey): Promise<UpstreamBeatmap[]> {
    if ('setId' in key) {
      const set = obj(await this.get(`/beatmapsets/${key.setId}`));
      const maps = Array.isArray(set.beatmaps) ? set.beatmaps : [];
      return maps.map((b) => fromV2(obj(b), set)).filter((b): b is UpstreamBeatmap => b !== undefined);
    }
    const q = 'md5' in key ? `checksum=${key.md5}` : `id=${key.id}`;
    const b = await this.get(`/beatmaps/lookup?${q}`);
    if (b === undefined) return [];
    const one = fromV2(obj(b));
    return one ? [one] : [];
  }

  /** `beatmapsets/search` (osu!direct): the raw sets of one page. */
  async searchSets(params: URLSearchParams): Promise<Json[]> {
    const body = obj(await this.get(`/beatmapsets/search?${params.toString()}`));
    return Array.isArray(body.beatmapsets) ? body.beatmapsets.map(obj) : [];
  }
}
