/**
 * Beatmap store port: the one way use-cases (score submission, getscores, the bot, the public
 * API) get beatmap metadata and `.osu` files. Rows have the semantics of Akatsuki's `beatmaps`
 * table (score-and-web.md §3.5): `songName` "Artist - Title [Version]", `fileName`
 * "Artist - Title (Creator) [Version].osu", `ranked` in client status codes (RankedStatus below),
 * `bpm` rounded, `hitLength` in seconds, counts of circles/sliders/spinners.
 *
 * Behind it (server/beatmaps/): the `beatmaps` table, the content-addressed `.osu` cache
 * (DATA_DIR/osu/<md5>.osu), and, when configured, the osu! API and download mirrors. A stored row
 * is always answered from the store (a stale one is refreshed in the background, never on the
 * request path); only a row the store has never seen is fetched upstream, once for any number of
 * concurrent callers. With no upstream configured (the embedded default) a miss is simply a miss.
 */
import type { BeatmapRow } from './storage.js';

export type { BeatmapRow };

/** Client ranked status codes, as `beatmaps.ranked` stores them (score-and-web.md §3.2). */
export const RankedStatus = {
  NotSubmitted: -1,
  Pending: 0,
  UpdateAvailable: 1,
  Ranked: 2,
  Approved: 3,
  Qualified: 4,
  Loved: 5,
} as const;
export type RankedStatusCode = (typeof RankedStatus)[keyof typeof RankedStatus];

/** A stored beatmap as the store hands it out. */
export interface Beatmap extends BeatmapRow {
  /** `beatmaps.rating` (10 when the row has none, as Akatsuki inserts). */
  rating: number;
}

/**
 * Thrown when a map the store has never seen cannot be looked up because every configured
 * upstream is unreachable or throttled (as opposed to `undefined`: nobody knows this map).
 * Callers that answer the client can turn it into a retryable error (503 + Retry-After).
 */
export class BeatmapSourceUnavailableError extends Error {
  /** Seconds after which asking again may succeed. */
  readonly retryAfterSeconds: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.name = 'BeatmapSourceUnavailableError';
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 30;
  }
}

export interface BeatmapStore {
  /** The beatmap whose `.osu` file has this md5 (lowercase hex); undefined if no source knows it. */
  byMd5(md5: string): Promise<Beatmap | undefined>;
  /** The beatmap with this osu! beatmap id (negative ids are local, unsubmitted imports). */
  byId(beatmapId: number): Promise<Beatmap | undefined>;
  /** Every difficulty of a set, by beatmap id; [] if no source knows the set. */
  bySetId(setId: number): Promise<Beatmap[]>;
  /**
   * A stored row with exactly this `file_name` (getscores tells "update available" from "not
   * submitted" with it, score-and-web.md §3.2). Store only: never asks upstream.
   */
  byFileName(fileName: string): Promise<Beatmap | undefined>;
  /**
   * The `.osu` bytes whose md5 is `md5`, verified: from DATA_DIR/osu/<md5>.osu, else downloaded
   * (by the row's beatmap id), checked and cached. When it resolves to bytes the file exists at
   * DATA_DIR/osu/<md5>.osu, so the compute pool can be given `{ md5 }` alone.
   */
  osuFile(md5: string): Promise<Uint8Array | undefined>;
  /** Drops what this process holds in memory for a row changed elsewhere (a status change). */
  invalidate?(row: Pick<BeatmapRow, 'beatmapMd5' | 'beatmapId' | 'beatmapsetId'>): void;
}
