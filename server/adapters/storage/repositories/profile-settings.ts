/** users.* columns a player edits on the website (server/ports/profile-settings.ts). */
import type { Kysely } from 'kysely';
import type { ProfileSettings } from '../../../ports/profile-settings.js';
import type { RepoContext } from './context.js';
import { guard } from './context.js';

interface SettingsDb {
  users: { id: number; userpage_content: string | null; favourite_mode: number; play_style: number; vanilla_pp_leaderboards: number; leaderboard_size: number | null };
}

export function profileSettingsRepository(ctx: RepoContext): ProfileSettings {
  const db = ctx.db as unknown as Kysely<SettingsDb>;
  return {
    save: (userId, p) => guard('profileSettings.save', async () => {
      const set: Partial<SettingsDb['users']> = {};
      if (p.userpageContent !== undefined) set.userpage_content = p.userpageContent;
      if (p.favouriteMode !== undefined) set.favourite_mode = p.favouriteMode;
      if (p.playStyle !== undefined) set.play_style = p.playStyle;
      if (p.vanillaPpLeaderboards !== undefined) set.vanilla_pp_leaderboards = p.vanillaPpLeaderboards ? 1 : 0;
      if (p.leaderboardSize !== undefined) set.leaderboard_size = p.leaderboardSize;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('users').set(set).where('id', '=', userId).execute();
    }),
  };
}
