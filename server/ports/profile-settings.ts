import type { Playstyle } from '../../protocol/osu/modes.js';

/**
 * What a player may change about their own profile from the website (hanayo's settings page):
 * userpage, favourite mode, play style, vanilla pp leaderboards, leaderboard size, pinned scores.
 */
export interface ProfileSettingsPatch {
  userpageContent?: string;
  favouriteMode?: number;
  playStyle?: number;
  vanillaPpLeaderboards?: boolean;
  /** null = the server default. */
  leaderboardSize?: number | null;
}

export interface ProfileSettings {
  save(userId: number, patch: ProfileSettingsPatch): Promise<void>;
  /** Pins or unpins one of the user's own scores; false when the score is not theirs (or missing). */
  setScorePinned(playstyle: Playstyle, scoreId: bigint, userId: number, pinned: boolean): Promise<boolean>;
}
