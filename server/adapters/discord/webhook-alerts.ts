/**
 * Staff alerts as Discord webhook embeds (rs's `send_logs_*_embed` shape: author = title,
 * description = text, colour). Delivery happens off the request path: `send` pushes onto a
 * bounded in-process queue and one background loop posts, one message at a time, so
 *   - Discord's rate limit is respected: a 429 waits `retry_after` (JSON body, seconds) or the
 *     `Retry-After` header and retries the same message; `X-RateLimit-Remaining: 0` waits
 *     `X-RateLimit-Reset-After` before the next post;
 *   - network errors and 5xx are retried with exponential backoff, a bounded number of times;
 *   - other 4xx (bad URL, deleted webhook) drop the message with a warning;
 *   - a full queue drops the newest alert and counts it (never grows without bound).
 * A channel without a URL drops its alerts with a debug line (like rs when unset).
 */
import type { Logger } from '../../log.js';
import type { AlertChannel, AlertColour, StaffAlert, StaffAlerts } from '../../ports/staff-alerts.js';

export const COLOURS: Record<AlertColour, number> = { purple: 0x6611ff, red: 0xff5555, blue: 0x00a2ff };

/** What a webhook POST answered: status, a header reader, the body text. */
export interface WebhookReply {
  status: number;
  header(name: string): string | null;
  text: string;
}

/**
 * How one webhook POST goes out. main.ts passes one through the egress limiter (every outbound
 * call shares its per-host buckets and metrics); the default is the global fetch (CLI, tests).
 */
export type WebhookPost = (url: string, body: string, signal: AbortSignal) => Promise<WebhookReply>;

export const fetchWebhookPost: WebhookPost = async (url, body, signal) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  const text = await res.text().catch(() => '');
  return { status: res.status, header: (n) => res.headers.get(n), text };
};

export interface WebhookAlertsOptions {
  urls: Partial<Record<AlertChannel, string>>;
  log: Logger;
  /** How POSTs go out (default: fetch). */
  post?: WebhookPost;
  /** Queue bound (default 1000 alerts). */
  maxQueue?: number;
  /** Attempts for network errors and 5xx (default 5); 429s do not count. */
  maxAttempts?: number;
  /** First backoff after a failure (default 1000 ms, doubled each retry, at most 60 s). */
  backoffMs?: number;
  /** Longest a 429 may make us wait before we give the message up (default 10 min). */
  maxRetryAfterMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Username shown on the webhook message (the bot's name). */
  username?: string;
}

interface Queued {
  url: string;
  body: string;
}

export class WebhookStaffAlerts implements StaffAlerts {
  private readonly queue: Queued[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly abort = new AbortController();
  /** Alerts dropped because the queue was full or delivery failed for good. */
  dropped = 0;
  /** Alerts Discord accepted. */
  delivered = 0;

  constructor(private readonly opts: WebhookAlertsOptions) {}

  send(alert: StaffAlert): void {
    const url = this.opts.urls[alert.channel];
    if (!url || this.closed) {
      this.opts.log.debug('staff alert not sent (no webhook for its channel)', { channel: alert.channel, title: alert.title });
      return;
    }
    if (this.queue.length >= (this.opts.maxQueue ?? 1000)) {
      this.dropped++;
      this.opts.log.warn('staff alert dropped: webhook queue full', { channel: alert.channel, title: alert.title });
      return;
    }
    const body = JSON.stringify({
      ...(this.opts.username !== undefined && { username: this.opts.username }),
      embeds: [{ author: { name: alert.title.slice(0, 256) }, description: alert.text.slice(0, 4096), color: COLOURS[alert.colour] }],
      allowed_mentions: { parse: [] },
    });
    this.queue.push({ url, body });
    this.kick();
  }

  /** Resolves when everything queued so far was handled (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([this.flush(), deadline]);
    this.abort.abort();
    this.wake?.();
    if (this.queue.length > 0) {
      this.dropped += this.queue.length;
      this.opts.log.warn('staff alerts not delivered before shutdown', { count: this.queue.length });
      this.queue.length = 0;
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.queue.length > 0 && !this.abort.signal.aborted) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.abort.signal.aborted) {
      const next = this.queue[0]!;
      await this.deliver(next);
      this.queue.shift();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async deliver(item: Queued): Promise<void> {
    let failures = 0;
    let backoff = this.opts.backoffMs ?? 1000;
    const maxAttempts = this.opts.maxAttempts ?? 5;
    for (;;) {
      if (this.abort.signal.aborted) return;
      let res: WebhookReply;
      try {
        res = await (this.opts.post ?? fetchWebhookPost)(item.url, item.body, AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]));
      } catch (err) {
        if (this.abort.signal.aborted) return;
        if (++failures >= maxAttempts) return this.giveUp('network error', err);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 60_000);
        continue;
      }
      const text = res.text;
      if (res.status === 429) {
        const wait = retryAfterMs(res, text);
        if (wait > (this.opts.maxRetryAfterMs ?? 600_000)) return this.giveUp(`rate limited for ${wait} ms`);
        await this.sleep(wait);
        continue;
      }
      if (res.status >= 500) {
        if (++failures >= maxAttempts) return this.giveUp(`HTTP ${res.status}`);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 60_000);
        continue;
      }
      if (res.status >= 400) return this.giveUp(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      this.delivered++;
      // Bucket exhausted: wait for its reset before the next message.
      if (res.header('x-ratelimit-remaining') === '0') {
        const reset = Number(res.header('x-ratelimit-reset-after'));
        if (Number.isFinite(reset) && reset > 0) await this.sleep(Math.min(reset * 1000, 60_000));
      }
      return;
    }
  }

  private giveUp(why: string, err?: unknown): void {
    this.dropped++;
    this.opts.log.warn('staff alert dropped: webhook delivery failed', { why, ...(err !== undefined && { err }) });
  }
}

/** Discord answers 429 with `{"retry_after": seconds}` (float) and a `Retry-After` header. */
export function retryAfterMs(res: Pick<WebhookReply, 'header'>, body: string): number {
  try {
    const parsed = JSON.parse(body) as { retry_after?: unknown };
    if (typeof parsed.retry_after === 'number' && parsed.retry_after >= 0) return Math.ceil(parsed.retry_after * 1000);
  } catch {
    // fall back to the header
  }
  const header = Number(res.header('retry-after'));
  return Number.isFinite(header) && header >= 0 ? Math.ceil(header * 1000) : 1000;
}
