/** Newest scores of a user over scores, scores_relax and scores_ap (ids as exact decimal text). */
import type { Playstyle } from '../../../../protocol/osu/modes.js';
import type { ScoreLookups, ScoreRef } from '../../../ports/score-lookups.js';
import type { RepoContext } from './context.js';
import { bigText, guard, toBigInt } from './context.js';

const TABLES: ReadonlyArray<readonly [Playstyle, 'scores' | 'scores_relax' | 'scores_ap']> = [
  ['vanilla', 'scores'],
  ['relax', 'scores_relax'],
  ['autopilot', 'scores_ap'],
];

export function scoreLookups(ctx: RepoContext): ScoreLookups {
  return {
    recentOfUser: (userId, limit) => guard('scoreLookups.recentOfUser', async () => {
      const n = Math.max(1, Math.min(limit, 100));
      const perTable = await Promise.all(
        TABLES.map(async ([playstyle, table]) => {
          const rows = await ctx.db
            .selectFrom(table)
            .select([bigText(ctx, 'id').as('id'), 'time'])
            .where('userid', '=', userId)
            .orderBy('time', 'desc')
            .orderBy('id', 'desc')
            .limit(n)
            .execute();
          return rows.map((r): ScoreRef => ({ playstyle, id: toBigInt(r.id), time: Number(r.time) }));
        }),
      );
      return perTable.flat().sort((a, b) => b.time - a.time).slice(0, n);
    }),
  };
}
