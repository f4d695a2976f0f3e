/** WebRecordsRepository over the Akatsuki tables, one implementation for SQLite and MySQL. */
import { sql } from 'kysely';
import type { CommentRow, CommentTarget, CommentWho, WebRecordsRepository } from '../../../ports/web-records.js';
import type { RepoContext } from './context.js';
import { guard, toSqlDatetime } from './context.js';

const targetColumn = (t: CommentTarget): 'beatmap_id' | 'beatmapset_id' | 'score_id' =>
  t.kind === 'map' ? 'beatmap_id' : t.kind === 'song' ? 'beatmapset_id' : 'score_id';

export function webRecordsRepository(ctx: RepoContext): WebRecordsRepository {
  const { db } = ctx;
  return {
    incrementReplaysWatched: (userId, mode) => guard('web.incrementReplaysWatched', async () => {
      await db
        .updateTable('user_stats')
        .set({ replays_watched: sql`replays_watched + 1` })
        .where('user_id', '=', userId)
        .where('mode', '=', mode)
        .execute();
    }),

    addLastfmFlag: (userId, at, flags, text) => guard('web.addLastfmFlag', async () => {
      await db.insertInto('lastfm_flags').values({ user_id: userId, timestamp: at, flag_enum: flags, flag_text: text }).execute();
    }),

    hasRated: (userId, md5) => guard('web.hasRated', async () => {
      const r = await db.selectFrom('beatmaps_rating').select('id').where('user_id', '=', userId).where('beatmap_md5', '=', md5).limit(1).executeTakeFirst();
      return r !== undefined;
    }),

    addRating: (userId, md5, rating) => guard('web.addRating', () =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('beatmaps_rating').values({ user_id: userId, beatmap_md5: md5, rating }).execute();
        const r = await trx
          .selectFrom('beatmaps_rating')
          .select((eb) => eb.fn.avg<number | string>('rating').as('avg'))
          .where('beatmap_md5', '=', md5)
          .executeTakeFirstOrThrow();
        const avg = Number(r.avg);
        await trx.updateTable('beatmaps').set({ rating: avg }).where('beatmap_md5', '=', md5).execute();
        return avg;
      }),
    ),

    addFavourite: (userId, setId, at) => guard('web.addFavourite', async () => {
      const q = db.insertInto('user_favourites').values({ user_id: userId, beatmapset_id: setId, created_at: toSqlDatetime(at) });
      // (user_id, beatmapset_id) is the primary key: a second favourite of the same set is ignored.
      const res = await (ctx.dialect === 'mysql' ? q.ignore() : q.onConflict((oc) => oc.doNothing())).executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    }),

    favourites: (userId) => guard('web.favourites', async () => {
      const rows = await db.selectFrom('user_favourites').select('beatmapset_id').where('user_id', '=', userId).orderBy('created_at').orderBy('beatmapset_id').execute();
      return rows.map((r) => Number(r.beatmapset_id));
    }),

    seasonalBackgrounds: () => guard('web.seasonalBackgrounds', async () => {
      const rows = await db.selectFrom('seasonal_bg').select('url').where('enabled', '=', 1).orderBy('id').execute();
      return rows.map((r) => r.url);
    }),

    comments: (target) => guard('web.comments', async () => {
      const rows = await db
        .selectFrom('comments')
        .select(['user_id', 'time', 'who', 'special_format', 'comment'])
        .where(targetColumn(target), '=', target.id)
        .orderBy('time')
        .orderBy('id')
        .execute();
      return rows.map(
        (r): CommentRow => ({
          userId: Number(r.user_id),
          time: Number(r.time),
          who: r.who as CommentWho,
          specialFormat: r.special_format ?? null,
          comment: r.comment,
        }),
      );
    }),

    hasCommentNear: (userId, target, time, windowMs) => guard('web.hasCommentNear', async () => {
      const r = await db
        .selectFrom('comments')
        .select('id')
        .where('user_id', '=', userId)
        .where(targetColumn(target), '=', target.id)
        .where('time', '>=', time - windowMs)
        .where('time', '<=', time + windowMs)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    }),

    addComment: (c) => guard('web.addComment', async () => {
      await db
        .insertInto('comments')
        .values({
          user_id: c.userId,
          comment: c.comment,
          time: c.time,
          who: c.who,
          special_format: c.specialFormat,
          beatmap_id: c.beatmapId,
          beatmapset_id: c.beatmapsetId,
          score_id: c.scoreId,
        })
        .execute();
    }),

    totalScores: () => guard('web.totalScores', async () => {
      let total = 0;
      for (const table of ['scores', 'scores_relax', 'scores_ap'] as const) {
        const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
        total += Number(r.n);
      }
      return total;
    }),
  };
}
