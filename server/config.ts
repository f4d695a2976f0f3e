/**
 * Configuration from the environment. Every variable is parsed and checked once at start; a
 * malformed value fails with a message naming the variable, never later at first use.
 */
import path from 'node:path';
import { parseTrustedProxies } from './http/client-ip.js';
import { loadBeatmapsConfig, type BeatmapsConfig } from './config-beatmaps.js';

export interface Config {
  host: string;
  port: number;
  /** The operator-only listener (/metrics, calculate, reworks, admin): INTERNAL_HOST:INTERNAL_PORT. */
  internalHost: string;
  internalPort: number;
  /** CIDR ranges whose X-Forwarded-For / X-Real-IP / CF-Connecting-IP are believed. */
  trustedProxies: string[];
  dataDir: string;
  /** undefined → embedded SQLite file in dataDir; `mysql://…` → MySQL/MariaDB. */
  databaseUrl: string | undefined;
  /** undefined → in-process state and events; `redis://…` → Redis. */
  redisUrl: string | undefined;
  /** undefined → in-process queue; `amqp://…` → RabbitMQ. */
  amqpUrl: string | undefined;
  /** Name shown on `GET /` and in notifications. */
  serverName: string;
  /** Public domain (links in chat: https://osu.<domain>/b/…). */
  domain: string;
  botName: string;
  botUserId: number;
  /** Shared secret of the bancho bot-message API (`k` parameter, APP_CI_KEY in rs). */
  apiKey: string;
  /** Worker threads of the compute pool (0 = one per core). */
  computeThreads: number;
  /** Seconds without a request before a session is logged out. */
  sessionIdleSeconds: number;
  /** PP profile: `akatsuki` (parity with Akatsuki's live numbers) or `official`. */
  ppProfile: 'akatsuki' | 'official';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Consume performance-service's `rework_queue` in this process (off where Akatsuki's own processor runs). */
  processReworks: boolean;
  /** Discord webhook URLs for staff alerts (server/adapters/discord/); unset = not sent. */
  discordWebhooks: { logs: string | undefined; hardware: string | undefined; reports: string | undefined };
  /**
   * What a login whose hardware matches another account does (server/bancho/login/multi-account.ts):
   * `refuse` (rs, default) refuses the new account and alerts staff; `restrict-new` also restricts
   * it; `restrict-both` restricts the other account too.
   */
  multiAccountPolicy: 'refuse' | 'restrict-new' | 'restrict-both';
  /** osu! API, mirrors, BEATMAPS_DIR, egress limits and the proxy route (config-beatmaps.ts). */
  beatmaps: BeatmapsConfig;
  /** How long public API and website answers may be served from memory (ms; 0 = never cached). */
  publicCacheMs?: number;
  /** Key of the website's session cookies (shared by every process; unset = random per process). */
  websiteSecret?: string;
  /** Rows of an in-game beatmap leaderboard (score-service's LEADERBOARD_SIZE); premium users may set their own. */
  leaderboardSize: number;
  /** Seconds a board's user count and PB ranks are remembered (0 = always computed). */
  leaderboardCacheSeconds: number;
  /** Where replays and screenshots go: undefined → DATA_DIR; set → S3-compatible object storage. */
  s3: S3Config | undefined;
  /** Run the asynchronous cheat checks on the score-submission queue (needs AMQP_URL). */
  cheatChecks: boolean;
}

/** S3-compatible object storage for replays and screenshots (server/adapters/blobs/README.md). */
export interface S3Config {
  /** undefined = AWS's own endpoint for the region. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, `not a URL: ${JSON.stringify(v)}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `unsupported scheme ${parsed.protocol} (expected ${protocols.join(' or ')})`);
  }
  return v;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new ConfigError(name, `expected 1, 0, true or false, got ${JSON.stringify(v)}`);
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!(values as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function hostOf(env: Env, name: string, fallback: string): string {
  const host = str(env, name, fallback);
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError(name, `not a host name or address: ${JSON.stringify(host)}`);
  return host;
}

/** Comma-separated addresses or CIDR ranges; `none` (or empty) trusts no proxy. */
function cidrList(env: Env, name: string, fallback: string): string[] {
  const raw = str(env, name, fallback).trim();
  if (raw === '' || raw === 'none') return [];
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  try {
    parseTrustedProxies(list);
  } catch (err) {
    throw new ConfigError(name, (err as Error).message);
  }
  return list;
}

export function loadConfig(env: Env = process.env): Config {
  const host = str(env, 'HOST', '127.0.0.1');
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `not a host name or address: ${JSON.stringify(host)}`);
  const port = int(env, 'PORT', 8080, 0, 65535);
  return {
    host,
    port,
    internalHost: hostOf(env, 'INTERNAL_HOST', '127.0.0.1'),
    // PORT + 1 by default (8081); with PORT=0 (tests, benches) a free port as well.
    internalPort: int(env, 'INTERNAL_PORT', port === 0 || port === 65535 ? 0 : port + 1, 0, 65535),
    trustedProxies: cidrList(env, 'TRUSTED_PROXIES', '127.0.0.0/8,::1'),
    dataDir: path.resolve(str(env, 'DATA_DIR', './data')),
    databaseUrl: url(env, 'DATABASE_URL', ['mysql:', 'mariadb:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    amqpUrl: url(env, 'AMQP_URL', ['amqp:', 'amqps:']),
    serverName: str(env, 'SERVER_NAME', 'Hayate'),
    domain: str(env, 'DOMAIN', 'localhost'),
    botName: str(env, 'BOT_NAME', 'Aika'),
    botUserId: int(env, 'BOT_USER_ID', 999, 1, 2147483647),
    apiKey: str(env, 'API_KEY', ''),
    computeThreads: int(env, 'COMPUTE_THREADS', 0, 0, 256),
    sessionIdleSeconds: int(env, 'SESSION_IDLE_SECONDS', 300, 5, 86400),
    ppProfile: oneOf(env, 'PP_PROFILE', ['akatsuki', 'official'] as const, 'akatsuki'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    processReworks: bool(env, 'PROCESS_REWORKS', true),
    discordWebhooks: {
      logs: url(env, 'DISCORD_WEBHOOK_LOGS', ['https:', 'http:']),
      hardware: url(env, 'DISCORD_WEBHOOK_HW', ['https:', 'http:']),
      reports: url(env, 'DISCORD_WEBHOOK_REPORTS', ['https:', 'http:']),
    },
    multiAccountPolicy: oneOf(env, 'MULTI_ACCOUNT_POLICY', ['refuse', 'restrict-new', 'restrict-both'] as const, 'refuse'),
    beatmaps: loadBeatmapsConfig(env),
    publicCacheMs: int(env, 'PUBLIC_CACHE_MS', 1000, 0, 600_000),
    websiteSecret: str(env, 'WEBSITE_SECRET', '') || undefined,
    leaderboardSize: int(env, 'LEADERBOARD_SIZE', 100, 1, 10000),
    leaderboardCacheSeconds: int(env, 'LEADERBOARD_CACHE_SECONDS', 10, 0, 3600),
    s3: s3Config(env),
    cheatChecks: bool(env, 'CHEAT_CHECKS', true),
  };
}

/** S3_BUCKET switches replays and screenshots to object storage; the other S3_* then apply. */
function s3Config(env: Env): S3Config | undefined {
  const bucket = str(env, 'S3_BUCKET', '');
  if (bucket === '') return undefined;
  const accessKeyId = str(env, 'S3_ACCESS_KEY_ID', '');
  const secretAccessKey = str(env, 'S3_SECRET_ACCESS_KEY', '');
  if (accessKeyId === '') throw new ConfigError('S3_ACCESS_KEY_ID', 'required when S3_BUCKET is set');
  if (secretAccessKey === '') throw new ConfigError('S3_SECRET_ACCESS_KEY', 'required when S3_BUCKET is set');
  const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  return {
    endpoint,
    bucket,
    region: str(env, 'S3_REGION', 'us-east-1'),
    accessKeyId,
    secretAccessKey,
    // Self-hosted servers (MinIO, Garage, s3rver) want path-style URLs; AWS itself does not.
    forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
  };
}
