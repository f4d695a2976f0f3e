/**
 * Short-lived memory of the two O(scores on the map) numbers of a board: the distinct-user count
 * in the header and the rank of a personal best. Both need every better row joined to `users`
 * (hidden players do not count), which on a map with 100k scores costs tens of milliseconds,
 * while the rows of the board themselves are read from an index in order and stay exact.
 *
 * Entries live `ttlMs` (LEADERBOARD_CACHE_SECONDS); a PB's rank is keyed by its score id, so a
 * new personal best is ranked afresh at once. `forgetBeatmapBoards(md5)` drops a map's entries in
 * every cache of this process (the submission pipeline calls it after writing a score); on other
 * processes the count and the ranks of *other* players' PBs may lag by up to the TTL.
 */
import { LRUCache } from 'lru-cache';
import type { BoardQuery } from '../../ports/map-leaderboards.js';

/** Every cache of this process (one per mounted server), for forgetBeatmapBoards. */
const live = new Set<WeakRef<BoardCache>>();

/** Drops the cached counts and ranks of a map's boards (call after a score is written). */
export function forgetBeatmapBoards(md5: string): void {
  for (const ref of live) {
    const c = ref.deref();
    if (c) c.forgetBeatmap(md5);
    else live.delete(ref);
  }
}

export class BoardCache {
  private readonly cache: LRUCache<string, number> | undefined;
  /** md5 → keys stored for it, for forgetBeatmap. */
  private readonly byMap = new Map<string, Set<string>>();

  constructor(ttlMs: number, max = 20_000) {
    this.cache = ttlMs > 0 ? new LRUCache<string, number>({ max, ttl: ttlMs, dispose: (_v, k) => this.unlink(k) }) : undefined;
    if (this.cache) live.add(new WeakRef(this));
  }

  static keyOf(q: BoardQuery, requesterHidden: boolean): string {
    return [
      q.playstyle,
      q.beatmapMd5,
      q.playMode,
      q.completed,
      q.sort,
      q.mods ?? '',
      q.country ?? '',
      q.userIds ? q.userIds.join(',') : '',
      // A hidden requester counts on their own board only.
      requesterHidden ? q.requesterId : '',
    ].join('|');
  }

  async get(md5: string, key: string, compute: () => Promise<number>): Promise<number> {
    if (!this.cache) return compute();
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    this.cache.set(key, value);
    let keys = this.byMap.get(md5);
    if (!keys) this.byMap.set(md5, (keys = new Set()));
    keys.add(key);
    return value;
  }

  forgetBeatmap(md5: string): void {
    const keys = this.byMap.get(md5);
    if (!keys || !this.cache) return;
    this.byMap.delete(md5);
    for (const k of keys) this.cache.delete(k);
  }

  private unlink(key: string): void {
    const md5 = key.split('|')[1];
    if (md5 === undefined) return;
    const keys = this.byMap.get(md5);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.byMap.delete(md5);
  }
}
