/**
 * The sessions this process *holds*: sessions whose polls it served, for which Redis tells it
 * (through the `proc:<id>` channel, or the reply of its own writes) whenever data is queued. For
 * a held session that was told nothing since its last drain, the queue in Redis is known to be
 * empty and the drain is answered from memory, without a round trip. Redis stays the only store
 * of queued data: this table holds one flag per session, never packets, so a session can move to
 * any process at any time and nothing is lost or delivered twice (the drain itself is still one
 * atomic script). README.md beside this file, "Held sessions", has the argument and figures.
 *
 * The one rule that keeps it correct: an entry is "clean" only while this process has been
 * subscribed to its channel without a gap since the entry was created. `reset()` (called when the
 * subscriber connection drops) forgets everything, and entries are created dirty, so the first
 * drain after any doubt goes to Redis.
 */
export interface HeldEntry {
  /** Something may be queued in Redis: the next drain must read it. */
  dirty: boolean;
  /** Polled since the last eviction pass. */
  used: boolean;
  /** The last activity time (unix ms) written to Redis or queued for the next batched write. */
  seenAt: number;
}

export class HeldSessions {
  private readonly entries = new Map<string, HeldEntry>();
  /** Bumped on every `reset`; a claim that started in an older generation is not recorded. */
  private generation = 0;
  /** True while the notification channel is subscribed (set by the adapter). */
  private live = false;

  /** The generation to pass to `claimed` for a claim issued now (undefined: not live, do not record). */
  begin(): number | undefined {
    return this.live ? this.generation : undefined;
  }

  /**
   * Records that Redis registered this process as a holder of `token` (touch script). `fresh`:
   * it was not a holder before, so notifications may have been missed.
   */
  claimed(token: string, generation: number | undefined, fresh: boolean, now: number): void {
    if (generation === undefined || generation !== this.generation || !this.live) return;
    const e = this.entries.get(token);
    if (e === undefined) this.entries.set(token, { dirty: true, used: true, seenAt: now });
    else {
      if (fresh) e.dirty = true;
      e.seenAt = now;
    }
  }

  /**
   * True when activity at `now` may be written later (batched): the session is held and its
   * activity as Redis knows it (or will within a flush) is at most `maxGapMs` old. Otherwise the
   * caller must touch synchronously — a session silent for long must not look idle to another
   * process's sweep while its new activity waits in this process's batch.
   */
  keepAlive(token: string, now: number, maxGapMs: number): boolean {
    const e = this.live ? this.entries.get(token) : undefined;
    if (e === undefined || now - e.seenAt > maxGapMs || now < e.seenAt) return false;
    e.seenAt = now;
    return true;
  }

  /** The entry when the drain can be decided locally, else undefined. */
  get(token: string): HeldEntry | undefined {
    return this.live ? this.entries.get(token) : undefined;
  }

  holds(token: string): boolean {
    return this.live && this.entries.has(token);
  }

  markDirty(tokens: readonly string[], from = 0): void {
    for (let i = from; i < tokens.length; i++) {
      const e = this.entries.get(tokens[i]!);
      if (e !== undefined) e.dirty = true;
    }
  }

  forget(token: string): void {
    this.entries.delete(token);
  }

  /** A notification from the channel: `["d", token…]` or `["x", token]`. */
  onMessage(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      // Not ours to interpret; a bad message cannot make an entry clean, so ignoring it is safe
      // only if we also distrust everything: do that.
      this.reset();
      return;
    }
    if (!Array.isArray(parsed)) return this.reset();
    const tokens = parsed as string[];
    if (tokens[0] === 'd') this.markDirty(tokens, 1);
    else if (tokens[0] === 'x') for (let i = 1; i < tokens.length; i++) this.entries.delete(tokens[i]!);
    else this.reset();
  }

  /** The subscription is (again) in place: entries created from now on can be trusted. */
  setLive(live: boolean): void {
    if (!live) this.reset();
    this.live = live;
  }

  /** Forget everything (subscriber connection lost: notifications may have been missed). */
  reset(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Drops entries not polled since the previous pass (the client left or moved elsewhere). */
  evictUnused(): void {
    for (const [token, e] of this.entries) {
      if (e.used) e.used = false;
      else this.entries.delete(token);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
