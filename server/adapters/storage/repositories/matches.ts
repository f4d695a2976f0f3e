/** Multiplayer history: matches, match_games, match_events. */
import type { MatchesRepository } from '../../../ports/storage.js';
import type { RepoContext } from './context.js';
import { fromSqlDatetime, guard, toSqlDatetime } from './context.js';

// matches, match_games and match_events keep their times in TIMESTAMP columns; the port speaks unix seconds.

export function matchesRepository({ db }: RepoContext): MatchesRepository {
  return {
    create: (name, isPrivate, startTime) => guard('matches.create', async () => {
      const res = await db.insertInto('matches').values({ name, private: isPrivate ? 1 : 0, start_time: toSqlDatetime(startTime) }).executeTakeFirstOrThrow();
      return Number(res.insertId);
    }),
    end: (matchId, endTime) => guard('matches.end', async () => {
      await db.updateTable('matches').set({ end_time: toSqlDatetime(endTime) }).where('id', '=', matchId).execute();
    }),
    addGame: (g) => guard('matches.addGame', async () => {
      const res = await db
        .insertInto('match_games')
        .values({
          match_id: g.matchId,
          beatmap_id: g.beatmapId,
          mode: g.mode,
          mods: g.mods,
          scoring_type: g.scoringType,
          team_type: g.teamType,
          start_time: toSqlDatetime(g.startTime),
        })
        .executeTakeFirstOrThrow();
      return Number(res.insertId);
    }),
    endGame: (gameId, endTime) => guard('matches.endGame', async () => {
      await db.updateTable('match_games').set({ end_time: toSqlDatetime(endTime) }).where('id', '=', gameId).execute();
    }),
    addEvent: (e) => guard('matches.addEvent', async () => {
      await db
        .insertInto('match_events')
        .values({ match_id: e.matchId, game_id: e.gameId, user_id: e.userId, event_type: e.eventType, timestamp: toSqlDatetime(e.timestamp) })
        .execute();
    }),
    events: (matchId) => guard('matches.events', async () => {
      const rows = await db.selectFrom('match_events').select(['event_type', 'user_id', 'game_id']).where('match_id', '=', matchId).orderBy('id').execute();
      return rows.map((r) => ({
        eventType: r.event_type,
        userId: r.user_id === null ? null : Number(r.user_id),
        gameId: r.game_id === null ? null : Number(r.game_id),
      }));
    }),
    games: (matchId) => guard('matches.games', async () => {
      const rows = await db.selectFrom('match_games').select(['id', 'beatmap_id', 'end_time']).where('match_id', '=', matchId).orderBy('id').execute();
      return rows.map((r) => ({ id: Number(r.id), beatmapId: Number(r.beatmap_id), endTime: fromSqlDatetime(r.end_time) }));
    }),
  };
}
