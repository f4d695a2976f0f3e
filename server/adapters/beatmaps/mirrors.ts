/**
 * Download mirrors with failover (proxy-queues-mirrors.md §5.3–5.5), each call through the egress
 * limiter. Per mirror: a circuit breaker (3 consecutive failures → open for 30 s, then requests
 * are let through again; a success closes it), a latency EMA of successful requests (α 0.3,
 * starting at 1 s) and the failure rate of the last 4 hours. Mirrors are ranked by
 * latency × e^(30 × failure rate) — beatmaps-service's old weight formula turned into an order —
 * the two best are raced (hedged; the loser is cancelled), then the rest are tried one at a time.
 *
 * A 404/451 is a healthy "not here". The result tells three cases apart: found, absent everywhere
 * that answered (→ 404 for the client) and no mirror usable (→ 503 with Retry-After).
 * A `.osz` must start with the ZIP signature; a `.osu` with a known md5 must hash to it.
 */
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../log.js';
import type { Egress } from '../../egress/egress.js';
import { md5Of } from './osu-file-cache.js';

export type MirrorResource = { kind: 'osz'; setId: number } | { kind: 'osu'; beatmapId: number; md5?: string };

export type MirrorResult =
  | { kind: 'found'; body: Buffer; mirror: string }
  | { kind: 'absent' }
  | { kind: 'unavailable'; retryAfterSeconds: number };

/** One attempt, as Akatsuki's `beatmap_mirror_requests` records it. */
export interface MirrorRequestEntry {
  requestUrl: string;
  mirrorName: string;
  success: boolean;
  startedAt: number;
  endedAt: number;
  statusCode: number | null;
  responseSize: number | null;
  responseError: string | null;
  resource: 'osz_file' | 'osu_file';
}

export interface MirrorRequestLog {
  record(entry: MirrorRequestEntry): void;
}

export const BREAKER_FAILURES = 3;
export const BREAKER_COOLDOWN_MS = 30_000;
const EMA_ALPHA = 0.3;
const WINDOW_MS = 4 * 3600_000;
const WINDOW_MAX = 500;
export const HEDGE_COUNT = 2;

interface Health {
  name: string;
  base: string;
  consecutiveFailures: number;
  openedAt: number | undefined;
  latencyEmaMs: number;
  window: Array<{ at: number; ok: boolean }>;
}

export interface MirrorView {
  name: string;
  base: string;
  breaker: 'closed' | 'open' | 'half-open';
  latencyEmaMs: number;
  failureRate: number;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface MirrorPoolOptions {
  egress: Egress;
  clock: Clock;
  log: Logger;
  requestLog?: MirrorRequestLog;
  /** Per-attempt deadline (default 30 s). */
  deadlineMs?: number;
}

export class MirrorPool {
  private readonly mirrors: Health[];

  constructor(
    bases: readonly string[],
    private readonly opts: MirrorPoolOptions,
  ) {
    this.mirrors = bases.map((base) => ({ name: new URL(base).host, base, consecutiveFailures: 0, openedAt: undefined, latencyEmaMs: 1000, window: [] }));
  }

  get size(): number {
    return this.mirrors.length;
  }

  private breaker(m: Health, now: number): MirrorView['breaker'] {
    if (m.openedAt === undefined) return 'closed';
    return now - m.openedAt >= BREAKER_COOLDOWN_MS ? 'half-open' : 'open';
  }

  private failureRate(m: Health, now: number): number {
    while (m.window.length > 0 && now - m.window[0]!.at > WINDOW_MS) m.window.shift();
    if (m.window.length === 0) return 0;
    return m.window.filter((x) => !x.ok).length / m.window.length;
  }

  private score(m: Health, now: number): number {
    return m.latencyEmaMs * Math.exp(30 * this.failureRate(m, now));
  }

  /** Health of every mirror (the bot's !mirror, admin views, tests). */
  view(): MirrorView[] {
    const now = this.opts.clock.now();
    return this.mirrors.map((m) => ({ name: m.name, base: m.base, breaker: this.breaker(m, now), latencyEmaMs: m.latencyEmaMs, failureRate: this.failureRate(m, now) }));
  }

  private outcome(m: Health, ok: boolean, latencyMs: number | undefined): void {
    const now = this.opts.clock.now();
    m.window.push({ at: now, ok });
    if (m.window.length > WINDOW_MAX) m.window.shift();
    if (ok) {
      m.consecutiveFailures = 0;
      m.openedAt = undefined;
      if (latencyMs !== undefined) m.latencyEmaMs = EMA_ALPHA * latencyMs + (1 - EMA_ALPHA) * m.latencyEmaMs;
    } else {
      m.consecutiveFailures++;
      // A failure while half-open re-opens at once; otherwise the third in a row opens.
      if (m.openedAt !== undefined || m.consecutiveFailures >= BREAKER_FAILURES) m.openedAt = now;
    }
  }

  private urlOf(m: Health, r: MirrorResource): string {
    return r.kind === 'osz' ? `${m.base}/d/${r.setId}` : `${m.base}/osu/${r.beatmapId}`;
  }

  private async attempt(m: Health, r: MirrorResource, signal: AbortSignal): Promise<'found' | 'absent' | 'failed' | 'cancelled' | Buffer> {
    const url = this.urlOf(m, r);
    const started = this.opts.clock.now();
    const t0 = performance.now();
    let status: number | null = null;
    let size: number | null = null;
    let error: string | null = null;
    let result: 'absent' | 'failed' | 'cancelled' | Buffer = 'failed';
    try {
      const res = await this.opts.egress.request({ url, signal, deadlineMs: this.opts.deadlineMs ?? 30_000, maxBytes: r.kind === 'osz' ? 256 * 1024 * 1024 : 8 * 1024 * 1024 });
      status = res.status;
      size = res.body.length;
      if (res.status === 404 || res.status === 451) result = 'absent';
      else if (res.status !== 200) error = `HTTP ${res.status}`;
      else if (r.kind === 'osz' && !res.body.subarray(0, 4).equals(ZIP_SIGNATURE)) error = 'not a zip archive';
      else if (r.kind === 'osu' && r.md5 !== undefined && md5Of(res.body) !== r.md5) error = 'md5 mismatch';
      else result = res.body;
    } catch (err) {
      if (signal.aborted) result = 'cancelled';
      else error = err instanceof Error ? err.message : String(err);
    }
    if (result === 'cancelled') return result;
    const ok = result !== 'failed';
    this.outcome(m, ok, ok ? performance.now() - t0 : undefined);
    this.opts.requestLog?.record({
      requestUrl: url,
      mirrorName: m.name,
      success: ok,
      startedAt: started,
      endedAt: this.opts.clock.now(),
      statusCode: status,
      responseSize: size,
      responseError: error === null ? null : error.slice(0, 255),
      resource: r.kind === 'osz' ? 'osz_file' : 'osu_file',
    });
    if (!ok) this.opts.log.debug('mirror attempt failed', { mirror: m.name, url, error });
    return result;
  }

  async fetch(r: MirrorResource): Promise<MirrorResult> {
    const now = this.opts.clock.now();
    const candidates = this.mirrors.filter((m) => this.breaker(m, now) !== 'open').sort((a, b) => this.score(a, now) - this.score(b, now));
    if (candidates.length === 0) return { kind: 'unavailable', retryAfterSeconds: this.retryAfter(now) };
    let sawAbsent = false;
    const hedge = candidates.slice(0, HEDGE_COUNT);
    const ac = new AbortController();
    const won = await new Promise<{ body: Buffer; mirror: string } | undefined>((resolve) => {
      let pending = hedge.length;
      for (const m of hedge) {
        void this.attempt(m, r, ac.signal).then((res) => {
          if (Buffer.isBuffer(res)) {
            ac.abort();
            resolve({ body: res, mirror: m.name });
            return;
          }
          if (res === 'absent') sawAbsent = true;
          if (--pending === 0) resolve(undefined);
        });
      }
    });
    if (won) return { kind: 'found', ...won };
    for (const m of candidates.slice(HEDGE_COUNT)) {
      if (this.breaker(m, this.opts.clock.now()) === 'open') continue;
      const res = await this.attempt(m, r, new AbortController().signal);
      if (Buffer.isBuffer(res)) return { kind: 'found', body: res, mirror: m.name };
      if (res === 'absent') sawAbsent = true;
    }
    return sawAbsent ? { kind: 'absent' } : { kind: 'unavailable', retryAfterSeconds: this.retryAfter(this.opts.clock.now()) };
  }

  /** Seconds until the first open breaker lets requests through again (at least 1). */
  private retryAfter(now: number): number {
    const waits = this.mirrors.filter((m) => m.openedAt !== undefined).map((m) => m.openedAt! + BREAKER_COOLDOWN_MS - now);
    const soonest = waits.length > 0 ? Math.min(...waits) : 1000;
    return Math.max(1, Math.ceil(soonest / 1000));
  }
}
