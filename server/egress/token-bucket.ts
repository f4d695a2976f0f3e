/**
 * A token bucket with golang.org/x/time/rate's reservation semantics (what Zeus uses): a caller
 * reserves a token and is told how long to wait for it; reservations queue up in order (tokens go
 * negative), so waiting callers are served FIFO at the configured rate. A reservation whose wait
 * would overshoot the caller's deadline is refused at once and takes nothing (fail fast instead
 * of queueing forever). `pauseUntil` (after a 429 or 5xx) holds every token until that time.
 */
export interface BucketLimit {
  /** Tokens per second. */
  rate: number;
  /** Bucket size: how many requests may go at once after a quiet period. */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    readonly limit: BucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }

  private advance(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) * this.limit.rate) / 1000);
      this.last = now;
    }
  }

  /** Milliseconds until a token reserved now may be used; undefined (nothing taken) if > maxWaitMs. */
  reserve(now: number, maxWaitMs: number): number | undefined {
    this.advance(now);
    const after = this.tokens - 1;
    const tokenWait = after >= 0 ? 0 : (-after * 1000) / this.limit.rate;
    const wait = Math.max(tokenWait, this.pausedUntil - now);
    if (wait > maxWaitMs) return undefined;
    this.tokens = after;
    return Math.max(0, wait);
  }

  /** How long until one token would be free (for Retry-After hints). */
  nextFreeInMs(now: number): number {
    this.advance(now);
    const tokenWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.limit.rate;
    return Math.max(tokenWait, this.pausedUntil - now, 0);
  }

  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }
}
