/**
 * What a player may change about their own profile from the website (hanayo's settings page):
 * userpage, favourite mode, play style, vanilla pp leaderboards, leaderboard size.
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
}
