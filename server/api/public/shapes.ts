/**
 * akatsuki-api's JSON shapes, field for field (names, order, null vs. zero), built from the read
 * model's rows. Go marshals an empty slice as `null`: `orNull` keeps that where the original does.
 */
import type { PublicBeatmap, PublicScore, PublicUser } from '../../ports/public-read-model.js';
import type { UserStatsRow } from '../../ports/storage.js';
import { gradeOf, levelPrecise, rfc3339, userTitle } from './format.js';

export const orNull = <T>(a: T[]): T[] | null => (a.length === 0 ? null : a);

export function userData(u: PublicUser): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    username_aka: u.usernameAka,
    registered_on: rfc3339(u.registerDatetime),
    privileges: u.privileges,
    latest_activity: rfc3339(u.latestActivity),
    country: u.country,
    user_title: userTitle(u.userTitle, u.privileges),
  };
}

export interface Ranks {
  global: number | null;
  country: number | null;
}

export const ZERO_GRADES = { xh_count: 0, x_count: 0, sh_count: 0, s_count: 0, a_count: 0, b_count: 0, c_count: 0, d_count: 0 };

export function grades(s: UserStatsRow | undefined): typeof ZERO_GRADES {
  if (!s) return { ...ZERO_GRADES };
  return { xh_count: s.xhCount, x_count: s.xCount, sh_count: s.shCount, s_count: s.sCount, a_count: s.aCount, b_count: s.bCount, c_count: s.cCount, d_count: s.dCount };
}

/** `modeData`; `withLevel` false keeps Go's zero level for the modes akatsuki-api never fills. */
export function modeData(s: UserStatsRow | undefined, ranks: Ranks, withLevel: boolean): Record<string, unknown> {
  const total = s ? Number(s.totalScore) : 0;
  return {
    ranked_score: s ? Number(s.rankedScore) : 0,
    total_score: total,
    playcount: s?.playcount ?? 0,
    playtime: s?.playtime ?? 0,
    replays_watched: s?.replaysWatched ?? 0,
    total_hits: s?.totalHits ?? 0,
    level: withLevel ? levelPrecise(total) : 0,
    accuracy: s?.avgAccuracy ?? 0,
    pp: s?.pp ?? 0,
    global_leaderboard_rank: ranks.global,
    country_leaderboard_rank: ranks.country,
    max_combo: s?.maxCombo ?? 0,
    grades: grades(s),
  };
}

export function beatmapShape(b: PublicBeatmap): Record<string, unknown> {
  return {
    beatmap_id: b.beatmapId,
    beatmapset_id: b.beatmapsetId,
    beatmap_md5: b.beatmapMd5,
    song_name: b.songName,
    ar: b.ar,
    od: b.od,
    difficulty: 0,
    difficulty2: { std: 0, taiko: 0, ctb: 0, mania: 0 },
    max_combo: b.maxCombo,
    hit_length: b.hitLength,
    ranked: b.ranked,
    ranked_status_frozen: b.rankedStatusFrozen,
    latest_update: rfc3339(b.latestUpdate),
  };
}

export function scoreShape(s: PublicScore): Record<string, unknown> {
  return {
    id: s.id.toString(),
    beatmap_md5: s.beatmapMd5,
    score: s.score,
    max_combo: s.maxCombo,
    full_combo: s.fullCombo,
    mods: s.mods,
    count_300: s.count300,
    count_100: s.count100,
    count_50: s.count50,
    count_geki: s.countGeki,
    count_katu: s.countKatu,
    count_miss: s.countMiss,
    time: rfc3339(s.time),
    play_mode: s.playMode,
    accuracy: s.accuracy,
    pp: s.pp,
    rank: gradeOf(s.playMode, s.mods, s.accuracy, s.count300, s.count100, s.count50, s.countMiss),
    completed: s.completed,
    pinned: s.pinned,
    user_id: s.userId,
  };
}
