/**
 * The beatmap leaderboard queries (MapLeaderboardsRepository), one implementation for SQLite and
 * MySQL.
 *
 * score-service ranks with window functions over every score of the map (three times per
 * request), which costs O(scores on the map). Here:
 * - top: rows ordered by the sort column alone with LIMIT, the time tie-break and the per-user
 *   de-duplication applied in code on whole tie groups; a user holding several rows only costs
 *   another page. With an index `(beatmap_md5, play_mode, completed, score|pp)` the database reads
 *   just one page in order; Akatsuki's schema lacks it (its `(beatmap_md5, play_mode, completed
 *   [, userid])` indexes narrow the scan to the map, then sort), see server/web/README.md;
 * - rank of an entry: 1 + the number of *distinct* users holding a row better than it (a user has
 *   a better row exactly when their best row is better), compared inside SQL against the stored
 *   row itself so FLOAT pp never round-trips through text;
 * - count: COUNT(DISTINCT userid).
 * Rank and count visit every better (every) row of the map: the use-case remembers them briefly
 * (server/scores/leaderboard/board-cache.ts).
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { BoardEntry, BoardQuery, LeaderboardPrefs, MapLeaderboardsRepository } from '../../../ports/map-leaderboards.js';
import type { RepoContext } from './context.js';
import { bigText, bool, guard, toBigInt } from './context.js';
import { SCORE_TABLES } from './scores.js';

interface RawEntry {
  id: string;
  userid: number;
  username: string;
  tag: string | null;
  score: number;
  pp: number;
  max_combo: number;
  count_50: number;
  count_100: number;
  count_300: number;
  count_miss: number;
  count_katu: number;
  count_geki: number;
  full_combo: number;
  mods: number;
  time: number;
}

function toEntry(r: RawEntry, rank: number): BoardEntry {
  return {
    scoreId: toBigInt(r.id),
    userId: Number(r.userid),
    username: String(r.username),
    clanTag: r.tag === null || r.tag === undefined ? null : String(r.tag),
    score: Number(r.score),
    pp: Number(r.pp),
    maxCombo: Number(r.max_combo),
    count50: Number(r.count_50),
    count100: Number(r.count_100),
    count300: Number(r.count_300),
    countMiss: Number(r.count_miss),
    countKatu: Number(r.count_katu),
    countGeki: Number(r.count_geki),
    fullCombo: bool(r.full_combo),
    mods: Number(r.mods),
    time: Number(r.time),
    rank,
  };
}

/** Rows fetched per page of `top` beyond the wanted count (absorbs a few users with several rows). */
const PAGE_SLACK = 16;

export function leaderboardsRepository(ctx: RepoContext): MapLeaderboardsRepository {
  const { db } = ctx;

  const tableOf = (q: BoardQuery): RawBuilder<unknown> => {
    const t = SCORE_TABLES[q.playstyle];
    if (!t) throw new Error(`leaderboards: unknown playstyle ${String(q.playstyle)}`);
    return sql.table(t);
  };
  const sortRef = (alias: string, q: BoardQuery): RawBuilder<unknown> => sql.ref(`${alias}.${q.sort === 'pp' ? 'pp' : 'score'}`);

  /** The WHERE clause of a board over `s` (scores) joined to `u` (users). */
  const boardWhere = (q: BoardQuery): RawBuilder<unknown> => {
    const parts: RawBuilder<unknown>[] = [
      sql`s.beatmap_md5 = ${q.beatmapMd5}`,
      sql`s.play_mode = ${q.playMode}`,
      q.completed === 'best' ? sql`s.completed = 3` : sql`s.completed IN (2, 3)`,
      sql`((u.privileges & 1) <> 0 OR u.id = ${q.requesterId})`,
    ];
    if (q.mods !== undefined) parts.push(sql`s.mods = ${q.mods}`);
    if (q.country !== undefined) parts.push(sql`u.country = ${q.country}`);
    if (q.userIds !== undefined) {
      parts.push(q.userIds.length === 0 ? sql`1 = 0` : sql`s.userid IN (${sql.join(q.userIds.map((id) => sql`${id}`))})`);
    }
    return sql.join(parts, sql` AND `);
  };

  const entryColumns = (): RawBuilder<unknown> => sql`
    ${bigText(ctx, 's.id')} AS id, s.userid AS userid, u.username AS username, c.tag AS tag,
    s.score AS score, s.pp AS pp, s.max_combo AS max_combo,
    ${sql.ref('s.50_count')} AS count_50, ${sql.ref('s.100_count')} AS count_100, ${sql.ref('s.300_count')} AS count_300,
    s.misses_count AS count_miss, s.katus_count AS count_katu, s.gekis_count AS count_geki,
    s.full_combo AS full_combo, s.mods AS mods, s.time AS time`;

  const fromJoined = (q: BoardQuery): RawBuilder<unknown> =>
    sql`${tableOf(q)} s INNER JOIN users u ON u.id = s.userid LEFT JOIN clans c ON c.id = u.clan_id`;

  return {
    top: (q, limit) => guard('leaderboards.top', async () => {
      if (limit <= 0) return [];
      const out: BoardEntry[] = [];
      const seenUsers = new Set<number>();
      const pageSize = limit + PAGE_SLACK;
      const table = tableOf(q);
      // ORDER BY the sort column alone so an index ending in it serves the scan; the time
      // tie-break is applied here on whole tie groups (the boundary group is completed by a
      // second query), and the next page starts below the stored value of the last row.
      const select = (extra: RawBuilder<unknown>, paged: boolean) => sql<RawEntry>`
        SELECT ${entryColumns()}
        FROM ${fromJoined(q)}
        WHERE ${boardWhere(q)} AND ${extra}
        ${paged ? sql`ORDER BY ${sortRef('s', q)} DESC LIMIT ${pageSize}` : sql``}`;
      let after: string | undefined;
      for (;;) {
        const below = after === undefined ? sql`1 = 1` : sql`${sortRef('s', q)} < (SELECT ${sortRef('x', q)} FROM ${table} x WHERE x.id = ${toBigInt(after)})`;
        const page = (await select(below, true).execute(db)).rows;
        if (page.length === 0) return out;
        const last = page[page.length - 1]!;
        let rows = page;
        if (page.length === pageSize) {
          const ties = (await select(sql`${sortRef('s', q)} = (SELECT ${sortRef('x', q)} FROM ${table} x WHERE x.id = ${toBigInt(last.id)})`, false).execute(db)).rows;
          const ids = new Set(page.map((r) => r.id));
          rows = [...page, ...ties.filter((r) => !ids.has(r.id))];
        }
        const key = q.sort === 'pp' ? 'pp' : 'score';
        rows.sort((a, b) => Number(b[key]) - Number(a[key]) || Number(a.time) - Number(b.time) || (toBigInt(a.id) < toBigInt(b.id) ? -1 : 1));
        for (const r of rows) {
          const uid = Number(r.userid);
          if (seenUsers.has(uid)) continue;
          seenUsers.add(uid);
          out.push(toEntry(r, out.length + 1));
          if (out.length === limit) return out;
        }
        if (page.length < pageSize) return out;
        after = last.id;
      }
    }),

    countUsers: (q) => guard('leaderboards.countUsers', async () => {
      const { rows } = await sql<{ n: number | string }>`
        SELECT COUNT(DISTINCT s.userid) AS n FROM ${tableOf(q)} s INNER JOIN users u ON u.id = s.userid
        WHERE ${boardWhere(q)}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    }),

    bestOf: (q, userId) => guard('leaderboards.bestOf', async () => {
      const { rows } = await sql<RawEntry>`
        SELECT ${entryColumns()}
        FROM ${fromJoined(q)}
        WHERE ${boardWhere(q)} AND s.userid = ${userId}
        ORDER BY ${sortRef('s', q)} DESC, s.time ASC, s.id ASC
        LIMIT 1`.execute(db);
      return rows[0] && toEntry(rows[0], 0);
    }),

    rankOf: (q, scoreId, userId) => guard('leaderboards.rankOf', async () => {
      const { rows } = await sql<{ n: number | string }>`
        SELECT COUNT(DISTINCT s.userid) AS n
        FROM ${tableOf(q)} me, ${tableOf(q)} s INNER JOIN users u ON u.id = s.userid
        WHERE me.id = ${scoreId} AND ${boardWhere(q)} AND s.userid <> ${userId}
          AND (${sortRef('s', q)} > ${sortRef('me', q)} OR (${sortRef('s', q)} = ${sortRef('me', q)} AND s.time < me.time))`.execute(db);
      return Number(rows[0]?.n ?? 0) + 1;
    }),

    prefsOf: (userId) => guard('leaderboards.prefsOf', async () => {
      const { rows } = await sql<{ v: number; size: number | null }>`
        SELECT vanilla_pp_leaderboards AS v, leaderboard_size AS size FROM users WHERE id = ${userId}`.execute(db);
      const r = rows[0];
      if (!r) return undefined;
      const prefs: LeaderboardPrefs = {
        vanillaPpLeaderboards: bool(r.v),
        leaderboardSize: r.size === null || r.size === undefined ? null : Number(r.size),
      };
      return prefs;
    }),

    beatmapFileNameExists: (fileName) => guard('leaderboards.beatmapFileNameExists', async () => {
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM beatmaps WHERE file_name = ${fileName} LIMIT 1`.execute(db);
      return rows.length > 0;
    }),

    ratingOf: (md5) => guard('leaderboards.ratingOf', async () => {
      const { rows } = await sql<{ rating: number | null }>`SELECT rating FROM beatmaps WHERE beatmap_md5 = ${md5}`.execute(db);
      const v = rows[0]?.rating;
      return v === null || v === undefined ? null : Number(v);
    }),
  };
}
