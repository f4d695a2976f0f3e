/**
 * Achievements (score-and-web.md §2.15): definitions are the `less_achievements` rows; what each
 * one requires is code keyed by its `file`. Both the names score-service's registry uses and the
 * names migration 0024 gave the DB rows are recognised; rank medals and unimplemented secrets
 * never unlock (score-service's behaviour).
 */
import { Mods } from '../../protocol/osu/mods.js';
import type { VanillaMode } from '../../protocol/osu/modes.js';
import type { Grade } from '../../protocol/osu/score-data.js';
import type { UserStatsRow } from '../ports/storage.js';
import type { AchievementDefinition } from '../ports/submission-store.js';

export interface AchievementPlay {
  mode: VanillaMode;
  mods: number;
  passed: boolean;
  perfect: boolean;
  maxCombo: number;
  score: number;
  accuracy: number;
  grade: Grade;
  stars: number;
}

const MODE_PREFIX: Record<string, VanillaMode> = { osu: 0, taiko: 1, fruits: 2, mania: 3 };

const INTRO_MODS: Record<string, number> = {
  suddendeath: Mods.SuddenDeath,
  perfect: Mods.Perfect,
  hardrock: Mods.HardRock,
  doubletime: Mods.DoubleTime,
  nightcore: Mods.Nightcore,
  hidden: Mods.Hidden,
  flashlight: Mods.Flashlight,
  easy: Mods.Easy,
  nofail: Mods.NoFail,
  halftime: Mods.HalfTime,
  spunout: Mods.SpunOut,
};

/** Whether the play (with the stats after it) earns the achievement named by `file`. */
export function achieved(file: string, play: AchievementPlay, stats: UserStatsRow): boolean {
  let m: RegExpMatchArray | null;
  if ((m = /^(osu|taiko|fruits|mania)-skill-(pass|fc)-(\d+)$/.exec(file))) {
    const band = Number(m[3]);
    if (MODE_PREFIX[m[1]!] !== play.mode || !play.passed) return false;
    if (play.stars < band || play.stars >= band + 1) return false;
    return m[2] === 'pass' ? (play.mods & Mods.NoFail) === 0 : play.perfect;
  }
  if ((m = /^osu-combo-(\d+)$/.exec(file))) return play.mode === 0 && play.maxCombo >= Number(m[1]);
  if ((m = /^osu-plays-(\d+)$/.exec(file))) return play.mode === 0 && stats.playcount >= Number(m[1]);
  if ((m = /^(taiko|fruits|mania)-hits-(\d+)$/.exec(file))) return MODE_PREFIX[m[1]!] === play.mode && stats.totalHits >= Number(m[2]);
  if ((m = /^all-intro-([a-z]+)$/.exec(file))) {
    const bit = INTRO_MODS[m[1]!];
    return bit !== undefined && play.passed && (play.mods & bit) !== 0;
  }
  if (file === 'all-secret-stumbler') return play.perfect && play.accuracy < 85;
  if (file === 'all-secret-jackpot') return play.passed && /^(\d)\1+$/.test(String(play.score));
  if (file === 'all-secret-consolation' || file === 'all-secret-consolation_prize') return play.passed && play.score >= 100_000 && play.grade === 'D';
  return false;
}

/** Definitions newly earned (not yet unlocked, mode matching or any), in id order. */
export function newAchievements(
  definitions: readonly AchievementDefinition[],
  unlocked: ReadonlySet<number>,
  play: AchievementPlay,
  stats: UserStatsRow,
): AchievementDefinition[] {
  return definitions.filter((d) => !unlocked.has(d.id) && (d.mode === null || d.mode === play.mode) && achieved(d.file, play, stats));
}

/** The chart token of one achievement: `{file}+{name}+{desc}`. */
export const achievementToken = (d: AchievementDefinition): string => `${d.file}+${d.name}+${d.desc}`;
