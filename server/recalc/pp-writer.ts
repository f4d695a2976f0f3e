/**
 * Write-behind batching of phase 1's pp writes: concurrent units hand their updates (and ledger
 * row) to one writer, which commits everything queued in a single transaction, at most every
 * `maxDelayMs` or as soon as `maxRows` are waiting. Each `write()` resolves only after its own
 * rows are committed, so a message is still acknowledged only after its writes (at-least-once is
 * unchanged); a failed commit rejects every write in it, and their messages are retried.
 */
import type { PpWrite, RecalcStore } from './store/recalc-store.js';

export class PpWriter {
  private queue: Array<{ item: PpWrite; resolve: () => void; reject: (err: unknown) => void }> = [];
  private rows = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RecalcStore,
    private readonly opts: { maxDelayMs?: number; maxRows?: number } = {},
  ) {}

  write(item: PpWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.rows += item.updates.length + 1;
      if (this.rows >= (this.opts.maxRows ?? 4000)) this.flushSoon(0);
      else this.flushSoon(this.opts.maxDelayMs ?? 10);
    });
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Serialised: one transaction at a time (SQLite has one writer anyway).
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.rows = 0;
    if (batch.length === 0) return;
    try {
      await this.store.writeBatch(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}
