/**
 * Akatsuki's beatmap row rules (proxy-queues-mirrors.md §5.6–5.8, score-and-web.md §3.5) as pure
 * functions: names, status mapping both ways, staleness, and what a refresh keeps.
 */
import { RankedStatus } from '../ports/beatmap-store.js';
import type { BeatmapRow } from '../ports/storage.js';
import type { DerivedColumns, UpstreamBeatmap } from './source.js';

const FILENAME_STRIP = /[:\\/*<>?"|]/g;

export const songNameOf = (artist: string, title: string, version: string): string =>
  `${artist} - ${title} [${version}]`.replace(FILENAME_STRIP, '');

export const fileNameOf = (artist: string, title: string, creator: string, version: string): string =>
  `${artist} - ${title} (${creator}) [${version}].osu`.replace(FILENAME_STRIP, '');

/** osu! API status (v1 `approved`, v2 `ranked`) → client status code. */
export function statusFromApi(api: number): number {
  switch (api) {
    case -2:
    case -1:
    case 0:
      return RankedStatus.Pending;
    case 1:
      return RankedStatus.Ranked;
    case 2:
      return RankedStatus.Approved;
    case 3:
      return RankedStatus.Qualified;
    case 4:
      return RankedStatus.Loved;
    default:
      return RankedStatus.UpdateAvailable;
  }
}

/** Client status code → osu! API status (osu!direct listings); pending for anything unmapped. */
export function statusToApi(status: number): number {
  switch (status) {
    case RankedStatus.Ranked:
      return 1;
    case RankedStatus.Approved:
      return 2;
    case RankedStatus.Qualified:
      return 3;
    case RankedStatus.Loved:
      return 4;
    default:
      return 0;
  }
}

const LEADERBOARD_STATUSES: ReadonlySet<number> = new Set([RankedStatus.Ranked, RankedStatus.Approved, RankedStatus.Loved]);

/**
 * Seconds after which a row deserves a refresh, by status: qualified 5 min, pending 10 min,
 * ranked/approved/loved and update-available a day. Local imports (negative ids) never: no
 * upstream knows them. Akatsuki raises on other statuses; a day is the conservative choice.
 */
export function refreshAfterSeconds(row: Pick<BeatmapRow, 'ranked' | 'beatmapId'>): number | undefined {
  if (row.beatmapId <= 0) return undefined;
  switch (row.ranked) {
    case RankedStatus.Qualified:
      return 5 * 60;
    case RankedStatus.Pending:
      return 10 * 60;
    default:
      return 24 * 60 * 60;
  }
}

export function isStale(row: Pick<BeatmapRow, 'ranked' | 'beatmapId' | 'latestUpdate'>, nowSeconds: number): boolean {
  const after = refreshAfterSeconds(row);
  return after !== undefined && nowSeconds - row.latestUpdate >= after;
}

export function derivedColumns(u: UpstreamBeatmap): DerivedColumns {
  return {
    beatmapId: u.beatmapId,
    beatmapsetId: u.beatmapsetId,
    beatmapMd5: u.md5,
    songName: songNameOf(u.artist, u.title, u.version),
    fileName: fileNameOf(u.artist, u.title, u.creator, u.version),
    ar: u.ar,
    od: u.od,
    mode: u.mode,
    maxCombo: u.maxCombo,
    hitLength: u.hitLength,
    bpm: Math.round(u.bpm),
    countCircles: u.countCircles,
    countSliders: u.countSliders,
    countSpinners: u.countSpinners,
  };
}

/** A row first seen upstream: fresh counters; born frozen when it has a leaderboard status. */
export function newRow(u: UpstreamBeatmap, nowSeconds: number): BeatmapRow {
  const ranked = statusFromApi(u.apiStatus);
  return {
    ...derivedColumns(u),
    ranked,
    latestUpdate: nowSeconds,
    rankedStatusFreezed: LEADERBOARD_STATUSES.has(ranked),
    playcount: 0,
    passcount: 0,
  };
}

export type FreezeOutcome = 'kept-frozen' | 'frozen' | 'status-change' | 'unchanged';

/**
 * The refreshed row for `old` given upstream's current view (§5.8): a frozen row keeps its
 * status; ranked/approved/loved → pending upstream keeps the old status and freezes; an md5
 * change starts fresh counters, an unchanged md5 carries them over.
 */
export function refreshedRow(old: BeatmapRow, u: UpstreamBeatmap, nowSeconds: number): { row: BeatmapRow; outcome: FreezeOutcome } {
  const upstream = statusFromApi(u.apiStatus);
  let ranked = upstream;
  let frozen = false;
  let outcome: FreezeOutcome = upstream === old.ranked ? 'unchanged' : 'status-change';
  if (old.rankedStatusFreezed) {
    ranked = old.ranked;
    frozen = true;
    outcome = 'kept-frozen';
  } else if (upstream !== old.ranked && upstream === RankedStatus.Pending && LEADERBOARD_STATUSES.has(old.ranked)) {
    ranked = old.ranked;
    frozen = true;
    outcome = 'frozen';
  }
  const sameFile = old.beatmapMd5 === u.md5;
  return {
    row: {
      ...derivedColumns(u),
      ranked,
      latestUpdate: nowSeconds,
      rankedStatusFreezed: frozen,
      playcount: sameFile ? old.playcount : 0,
      passcount: sameFile ? old.passcount : 0,
      ...(old.rating !== undefined ? { rating: sameFile ? old.rating : 10 } : {}),
    },
    outcome,
  };
}
