/**
 * What the store asks of the world: metadata from the osu! API and `.osu` files from the
 * official host or the mirrors. Implemented in server/adapters/beatmaps/ over the egress limiter;
 * tests give fakes or loopback servers. A source answers "absent" with [] / undefined and throws
 * BeatmapSourceUnavailableError when it cannot reach anyone.
 */
import type { BeatmapRow } from '../ports/storage.js';

/** One difficulty as an upstream describes it, already in `beatmaps` row terms. */
export interface UpstreamBeatmap {
  /** osu! API status (−2 graveyard … 4 loved), mapped to the row's `ranked` by the store. */
  apiStatus: number;
  beatmapId: number;
  beatmapsetId: number;
  md5: string;
  artist: string;
  title: string;
  creator: string;
  creatorId: number | null;
  version: string;
  ar: number;
  od: number;
  cs: number;
  hp: number;
  mode: number;
  maxCombo: number;
  hitLength: number;
  totalLength: number;
  bpm: number;
  stars: number;
  countCircles: number | null;
  countSliders: number | null;
  countSpinners: number | null;
  /** Unix seconds of the set's last update upstream (osu!direct listings). */
  lastUpdate: number;
  hasVideo: boolean;
}

export type UpstreamKey = { md5: string } | { id: number } | { setId: number };

export interface BeatmapSource {
  /**
   * Difficulties matching the key ([] when upstream says none exists). Absent when no metadata
   * source is configured (mirrors only): then nothing is looked up and no row is ever refreshed
   * (an absent API must not read as "the map was deleted").
   */
  lookup?(key: UpstreamKey): Promise<UpstreamBeatmap[]>;
  /** The raw `.osu` of a beatmap id whose md5 should be `md5` (undefined when nobody has it). Verified again by the caller. */
  osuFile?(beatmapId: number, md5: string): Promise<Uint8Array | undefined>;
}

/** Columns derived from an upstream beatmap, without the store's bookkeeping (status, counters). */
export type DerivedColumns = Pick<
  BeatmapRow,
  'beatmapId' | 'beatmapsetId' | 'beatmapMd5' | 'songName' | 'fileName' | 'ar' | 'od' | 'mode' | 'maxCombo' | 'hitLength' | 'bpm' | 'countCircles' | 'countSliders' | 'countSpinners'
>;
