/** users.* columns a player edits on the website (server/ports/profile-settings.ts). */
import type { Kysely } from 'kysely';
import type { Playstyle } from '../../../../protocol/osu/modes.js';
import type { ProfileSettings } from '../../../ports/profile-settings.js';
import type { RepoContext } from './context.js';
import { guard } from './context.js';

type ScoreTable = 'scores' | 'scores_relax' | 'scores_ap';
const TABLE: Record<Playstyle, ScoreTable> = { vanilla: 'scores', relax: 'scores_relax', autopilot: 'scores_ap' };

interface SettingsDb {
  scores: { id: string | number; userid: number; pinned: number };
  scores_relax: { id: string | number; userid: number; pinned: number };
  scores_ap: { id: string | number; userid: number; pinned: number };
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
    setScorePinned: (playstyle, scoreId, userId, pinned) => guard('profileSettings.setScorePinned', async () => {
      const t = TABLE[playstyle] as 'scores';
      const res = await db.updateTable(t).set({ pinned: pinned ? 1 : 0 }).where('id', '=', scoreId.toString()).where('userid', '=', userId).executeTakeFirst();
      // MySQL reports changed rows only: an already-pinned score counts as matched through a read.
      if (Number(res.numUpdatedRows) > 0) return true;
      const row = await db.selectFrom(t).select('id').where('id', '=', scoreId.toString()).where('userid', '=', userId).executeTakeFirst();
      return row !== undefined;
    }),
  };
}
