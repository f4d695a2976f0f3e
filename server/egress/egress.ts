/**
 * The egress limiter ("Zeus inside the process"): every outbound HTTP call — osu! API, `.osu`
 * downloads, mirrors, geolocation, webhooks — goes through `Egress.request`.
 *
 * - One token bucket per host (or per host+credential when a caller rotates API keys), with
 *   x/time/rate semantics (token-bucket.ts): over the rate a request waits its turn, FIFO; if its
 *   turn comes after its deadline it fails at once with EgressRateLimitedError (nothing sent).
 * - 429 pauses the host's bucket for Retry-After (or an exponential backoff), 5xx for a short
 *   exponential backoff: one misbehaving upstream slows itself down, not everyone else.
 * - Optional retries (API calls ask for them; mirrors do not: their failover is elsewhere) on
 *   transport errors, 429, 502, 503, 504, while the deadline allows.
 * - undici keep-alive pools; optional round robin over local source addresses (one Agent each).
 * - Per-host metrics (requests, waits, throttled, errors, latency), exported for Prometheus.
 */
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { BucketLimit } from './token-bucket.js';
import { TokenBucket } from './token-bucket.js';
import { EgressRateLimitedError, EgressTransportError } from './errors.js';

export interface EgressRequest {
  url: string | URL;
  method?: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Total time allowed, waiting for a token included (default: the egress default, 15 s). */
  deadlineMs?: number;
  /** Bucket name when one host has several credentials (default: the URL's host). */
  bucket?: string;
  /** Retries on transport errors, 429, 502, 503, 504 (default 0). */
  retries?: number;
  /** Largest body read (default 64 MiB): a bigger answer is a transport error. */
  maxBytes?: number;
  /** Cancels the request (hedged mirror requests cancel the loser). */
  signal?: AbortSignal;
}

export interface EgressResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

export interface HostStats {
  requests: number;
  waits: number;
  throttled: number;
  errors: number;
}

export interface EgressOptions {
  /** Per-host limits (`osu.ppy.sh` → 10/s burst 60 …); hosts not listed get `defaultLimit`. */
  limits?: ReadonlyMap<string, BucketLimit>;
  defaultLimit?: BucketLimit;
  defaultDeadlineMs?: number;
  /** Local source addresses to rotate over (Zeus's IPv6 block); empty = the OS default. */
  localAddresses?: readonly string[];
  userAgent?: string;
  clock?: Clock;
  /** Injected waiting (tests advance a manual clock instead of sleeping). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const OSU_DEFAULT_LIMIT: BucketLimit = { rate: 10, burst: 60 };
export const DEFAULT_LIMIT: BucketLimit = { rate: 10, burst: 20 };

const RETRYABLE = new Set([429, 502, 503, 504]);

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Retry-After as seconds or an HTTP date → ms (undefined when absent or unreadable). */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Egress {
  readonly registry = new Registry();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly backoff = new Map<string, number>();
  private readonly stats = new Map<string, HostStats>();
  private readonly agents: Dispatcher[];
  private next = 0;
  private readonly clock: Clock;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly mRequests: Counter<'host' | 'status'>;
  private readonly mThrottled: Counter<'host' | 'reason'>;
  private readonly mDuration: Histogram<'host'>;
  private readonly mWait: Histogram<'host'>;

  constructor(private readonly opts: EgressOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.sleep = opts.sleep ?? realSleep;
    const agentOpts = { keepAliveTimeout: 30_000, connections: 32, maxRedirections: 3 };
    const addrs = opts.localAddresses ?? [];
    this.agents = addrs.length === 0 ? [new Agent(agentOpts)] : addrs.map((a) => new Agent({ ...agentOpts, connect: { localAddress: a } as unknown as Agent.Options['connect'] }));
    const registers = [this.registry];
    this.mRequests = new Counter({ name: 'hayate_egress_requests_total', help: 'Outbound requests by host and status ("0": no response)', labelNames: ['host', 'status'], registers });
    this.mThrottled = new Counter({ name: 'hayate_egress_throttled_total', help: 'Outbound requests refused by the limiter (deadline) or answered 429', labelNames: ['host', 'reason'], registers });
    this.mDuration = new Histogram({ name: 'hayate_egress_request_duration_ms', help: 'Outbound request latency, limiter wait included', labelNames: ['host'], buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000], registers });
    this.mWait = new Histogram({ name: 'hayate_egress_limiter_wait_ms', help: 'Time spent waiting for a token', labelNames: ['host'], buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000], registers });
  }

  /** Counters of one host (tests and the admin view). */
  hostStats(host: string): HostStats {
    return { ...(this.stats.get(host) ?? { requests: 0, waits: 0, throttled: 0, errors: 0 }) };
  }

  private stat(host: string): HostStats {
    let s = this.stats.get(host);
    if (!s) {
      s = { requests: 0, waits: 0, throttled: 0, errors: 0 };
      this.stats.set(host, s);
    }
    return s;
  }

  private bucket(name: string, host: string): TokenBucket {
    let b = this.buckets.get(name);
    if (!b) {
      const limit = this.opts.limits?.get(host) ?? this.opts.defaultLimit ?? DEFAULT_LIMIT;
      b = new TokenBucket(limit, this.clock.now());
      this.buckets.set(name, b);
    }
    return b;
  }

  /** Backs a bucket off after a 429 (Retry-After when given) or a 5xx (short, exponential). */
  private penalise(name: string, bucket: TokenBucket, status: number, retryAfter: number | undefined): void {
    const n = (this.backoff.get(name) ?? 0) + 1;
    this.backoff.set(name, n);
    const base = status === 429 ? 1000 : 100;
    const cap = status === 429 ? 60_000 : 5_000;
    const ms = retryAfter ?? Math.min(cap, base * 2 ** (n - 1));
    bucket.pauseUntil(this.clock.now() + ms);
  }

  async request(req: EgressRequest): Promise<EgressResponse> {
    const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
    const host = url.host;
    const name = req.bucket ?? host;
    const bucket = this.bucket(name, host);
    const stats = this.stat(host);
    const started = this.clock.now();
    const deadline = started + (req.deadlineMs ?? this.opts.defaultDeadlineMs ?? 15_000);
    let retriesLeft = req.retries ?? 0;
    for (;;) {
      const now = this.clock.now();
      const wait = bucket.reserve(now, deadline - now);
      if (wait === undefined) {
        stats.throttled++;
        this.mThrottled.inc({ host, reason: 'deadline' });
        throw new EgressRateLimitedError(host, bucket.nextFreeInMs(now));
      }
      this.mWait.observe({ host }, wait);
      if (wait > 0) {
        stats.waits++;
        await this.sleep(wait, req.signal);
      }
      stats.requests++;
      let res: EgressResponse;
      try {
        res = await this.send(url, req, deadline - this.clock.now());
      } catch (err) {
        stats.errors++;
        this.mRequests.inc({ host, status: '0' });
        if (req.signal?.aborted) throw err;
        if (retriesLeft-- > 0 && this.clock.now() < deadline) {
          this.penalise(name, bucket, 503, undefined);
          continue;
        }
        throw err;
      }
      this.mRequests.inc({ host, status: String(res.status) });
      this.mDuration.observe({ host }, this.clock.now() - started);
      if (res.status === 429 || res.status >= 500) {
        if (res.status === 429) {
          stats.throttled++;
          this.mThrottled.inc({ host, reason: '429' });
        } else stats.errors++;
        this.penalise(name, bucket, res.status, res.status === 429 ? retryAfterMs(res.headers['retry-after'], Date.now()) : undefined);
        if (RETRYABLE.has(res.status) && retriesLeft-- > 0 && this.clock.now() < deadline) continue;
      } else {
        this.backoff.delete(name);
      }
      return res;
    }
  }

  private async send(url: URL, req: EgressRequest, remainingMs: number): Promise<EgressResponse> {
    const host = url.host;
    if (remainingMs <= 0) throw new EgressTransportError(host, 'deadline passed');
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(remainingMs)));
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const dispatcher = this.agents[this.next++ % this.agents.length]!;
    const maxBytes = req.maxBytes ?? 64 * 1024 * 1024;
    try {
      const r = await undiciRequest(url, {
        method: req.method ?? 'GET',
        headers: { 'user-agent': this.opts.userAgent ?? 'Hayate (osu! server)', ...req.headers },
        ...(req.body !== undefined ? { body: req.body } : {}),
        dispatcher,
        signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of r.body) {
        const b = chunk as Buffer;
        size += b.length;
        if (size > maxBytes) {
          r.body.destroy();
          throw new EgressTransportError(host, `answer larger than ${maxBytes} bytes`);
        }
        chunks.push(b);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      return { status: r.statusCode, headers, body: Buffer.concat(chunks) };
    } catch (err) {
      if (err instanceof EgressTransportError) throw err;
      if (req.signal?.aborted) throw err;
      const msg = timeout.aborted ? 'timed out' : err instanceof Error ? err.message : String(err);
      throw new EgressTransportError(host, msg, { cause: err });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.close()));
  }
}
