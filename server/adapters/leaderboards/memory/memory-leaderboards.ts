/**
 * In-process leaderboards with Redis sorted-set semantics, so the embedded mode ranks exactly like
 * production: higher pp first; equal pp ordered like ZREVRANK does, i.e. by member string
 * (the user id in decimal) compared bytewise, *descending* ("9" before "10" before "1").
 *
 * Each board keeps a sorted array (binary-search insert/remove): rank lookups are O(log n) after
 * an O(log n) index lookup, updates O(n) memmove, which is fine for the embedded mode's scale.
 */
import type { Playstyle, VanillaMode } from '../../../../protocol/osu/modes.js';
import type { BoardRef, Leaderboards } from '../../../ports/leaderboards.js';
import { leaderboardKey } from '../../../ports/leaderboards.js';
import { allBoardKeys, boardKeys } from '../board-keys.js';

interface Entry {
  member: string;
  userId: number;
  pp: number;
}

/** Negative when `a` ranks before `b` (ZREVRANGE order). */
function before(a: Entry, b: Entry): number {
  if (a.pp !== b.pp) return b.pp - a.pp;
  return a.member < b.member ? 1 : a.member > b.member ? -1 : 0;
}

class Board {
  readonly entries: Entry[] = [];
  readonly byMember = new Map<string, Entry>();

  private position(e: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(userId: number, pp: number): void {
    this.remove(userId);
    const e: Entry = { member: String(userId), userId, pp };
    this.entries.splice(this.position(e), 0, e);
    this.byMember.set(e.member, e);
  }

  remove(userId: number): void {
    const e = this.byMember.get(String(userId));
    if (!e) return;
    this.entries.splice(this.position(e), 1);
    this.byMember.delete(e.member);
  }

  rank(userId: number): number {
    const e = this.byMember.get(String(userId));
    return e ? this.position(e) + 1 : 0;
  }
}

export class MemoryLeaderboards implements Leaderboards {
  private readonly boards = new Map<string, Board>();

  private board(key: string, create: true): Board;
  private board(key: string, create: false): Board | undefined;
  private board(key: string, create: boolean): Board | undefined {
    let b = this.boards.get(key);
    if (!b && create) this.boards.set(key, (b = new Board()));
    return b;
  }

  async set(playstyle: Playstyle, mode: VanillaMode, country: string, userId: number, pp: number): Promise<void> {
    if (!Number.isFinite(pp)) throw new RangeError(`pp must be finite, got ${pp}`);
    for (const key of boardKeys(playstyle, mode, country)) this.board(key, true).set(userId, pp);
  }

  async remove(playstyle: Playstyle, mode: VanillaMode, country: string, userId: number): Promise<void> {
    for (const key of boardKeys(playstyle, mode, country)) this.board(key, false)?.remove(userId);
  }

  async removeEverywhere(userId: number, country: string): Promise<void> {
    for (const key of allBoardKeys(country)) this.board(key, false)?.remove(userId);
  }

  async rank(board: BoardRef, userId: number): Promise<number> {
    return this.board(leaderboardKey(board), false)?.rank(userId) ?? 0;
  }

  async top(board: BoardRef, offset: number, limit: number): Promise<Array<{ userId: number; pp: number }>> {
    const b = this.board(leaderboardKey(board), false);
    if (!b || limit <= 0) return [];
    return b.entries.slice(Math.max(0, offset), Math.max(0, offset) + limit).map((e) => ({ userId: e.userId, pp: e.pp }));
  }

  async size(board: BoardRef): Promise<number> {
    return this.board(leaderboardKey(board), false)?.entries.length ?? 0;
  }

  async close(): Promise<void> {
    this.boards.clear();
  }
}
