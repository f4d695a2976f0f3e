/**
 * Settings of the beatmap sources and the egress limiter (issue 10), parsed with the rest of the
 * configuration. Every upstream is off unless configured: the embedded default never touches
 * the internet.
 */
import { ConfigError } from './config.js';
import type { BucketLimit } from './egress/token-bucket.js';

export interface BeatmapsConfig {
  /** osu! API v1 keys (OSU_API_V1_KEY, comma-separated: rotated round robin, one bucket each). */
  osuApiV1Keys: string[];
  osuApiV1Url: string;
  osuApiV2ClientId: string;
  osuApiV2ClientSecret: string;
  osuApiV2Url: string;
  /** Where `.osu` files are downloaded by beatmap id (`<url>/<id>`), when the API is configured. */
  osuFilesUrl: string;
  /** Download mirror base URLs serving `/osu/<id>` and `/d/<set id>`. */
  mirrors: string[];
  /** A directory of `.osu`/`.osz` files imported on start and watched. */
  beatmapsDir: string | undefined;
  /** Per-host limits (EGRESS_LIMITS `host=rate/burst,…`). */
  egressLimits: Map<string, BucketLimit>;
  egressDeadlineMs: number;
  /** `/proxy/<host>/<path>`: the key callers send in `x-api-key` (empty: route refuses all). */
  proxyApiKey: string;
  proxyAllowedHosts: string[];
  /** IP lookup service in ip-api.com's format (`<url>/<ip>`); undefined = no lookups. */
  geoipUrl: string | undefined;
  /** Trust `CF-IPCountry` / `X-Country-Code` (only when a proxy you run sets them). */
  geoTrustCountryHeaders: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const list = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

function baseUrl(env: Env, name: string, fallback: string): string {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, `not a URL: ${JSON.stringify(v)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(name, `expected http or https, got ${u.protocol}`);
  return v.replace(/\/+$/, '');
}

export function loadBeatmapsConfig(env: Env): BeatmapsConfig {
  const mirrors = list(env.MIRRORS).map((m, i) => {
    try {
      const u = new URL(m);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new ConfigError('MIRRORS', `entry ${i + 1} is not an http(s) URL: ${JSON.stringify(m)}`);
    }
    return m.replace(/\/+$/, '');
  });
  const egressLimits = new Map<string, BucketLimit>();
  for (const entry of list(env.EGRESS_LIMITS)) {
    const m = /^([^=\s]+)=(\d+(?:\.\d+)?)\/(\d+)$/.exec(entry);
    if (!m || Number(m[2]) <= 0 || Number(m[3]) < 1) throw new ConfigError('EGRESS_LIMITS', `expected host=rate/burst (e.g. osu.ppy.sh=10/60), got ${JSON.stringify(entry)}`);
    egressLimits.set(m[1]!, { rate: Number(m[2]), burst: Number(m[3]) });
  }
  const deadline = env.EGRESS_DEADLINE_MS;
  if (deadline !== undefined && deadline !== '' && (!/^\d+$/.test(deadline) || Number(deadline) < 100)) {
    throw new ConfigError('EGRESS_DEADLINE_MS', `expected a whole number of milliseconds ≥ 100, got ${JSON.stringify(deadline)}`);
  }
  return {
    osuApiV1Keys: list(env.OSU_API_V1_KEY),
    osuApiV1Url: baseUrl(env, 'OSU_API_V1_URL', 'https://osu.ppy.sh/api'),
    osuApiV2ClientId: (env.OSU_API_V2_CLIENT_ID ?? '').trim(),
    osuApiV2ClientSecret: (env.OSU_API_V2_CLIENT_SECRET ?? '').trim(),
    osuApiV2Url: baseUrl(env, 'OSU_API_V2_URL', 'https://osu.ppy.sh'),
    osuFilesUrl: baseUrl(env, 'OSU_FILES_URL', 'https://osu.ppy.sh/osu'),
    mirrors,
    beatmapsDir: env.BEATMAPS_DIR === undefined || env.BEATMAPS_DIR === '' ? undefined : env.BEATMAPS_DIR,
    egressLimits,
    egressDeadlineMs: deadline === undefined || deadline === '' ? 15_000 : Number(deadline),
    proxyApiKey: env.PROXY_API_KEY ?? '',
    proxyAllowedHosts: list(env.PROXY_ALLOWED_HOSTS),
    geoipUrl: env.GEOIP_URL === undefined || env.GEOIP_URL === '' ? undefined : baseUrl(env, 'GEOIP_URL', ''),
    geoTrustCountryHeaders: env.GEO_TRUST_COUNTRY_HEADERS === '1' || env.GEO_TRUST_COUNTRY_HEADERS === 'true',
  };
}
