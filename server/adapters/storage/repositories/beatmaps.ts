/** The beatmaps table (metadata cache filled from the osu! API / mirrors). */
import { sql, type Selectable } from 'kysely';
import type { BeatmapRow, BeatmapsRepository } from '../../../ports/storage.js';
import type { BeatmapsTable } from '../database.js';
import type { RepoContext } from './context.js';
import { bool, float32, guard } from './context.js';

/** datetime(4): milliseconds kept (the column holds 1/10 000 s), UTC like every datetime here. */
const msDatetime = (ms: number): string => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
const msFromDatetime = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(`${String(v).slice(0, 23).replace(' ', 'T')}Z`));

const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const COLUMNS = [
  'beatmap_id', 'beatmapset_id', 'beatmap_md5', 'song_name', 'file_name', 'ar', 'od', 'mode', 'max_combo', 'hit_length', 'bpm',
  'ranked', 'latest_update', 'ranked_status_freezed', 'playcount', 'passcount', 'count_circles', 'count_sliders', 'count_spinners', 'rating',
] as const;

function toBeatmap(r: Pick<Selectable<BeatmapsTable>, (typeof COLUMNS)[number]>): BeatmapRow {
  return {
    beatmapId: Number(r.beatmap_id),
    beatmapsetId: Number(r.beatmapset_id),
    beatmapMd5: r.beatmap_md5,
    songName: r.song_name,
    fileName: r.file_name,
    ar: float32(r.ar),
    od: float32(r.od),
    mode: Number(r.mode),
    maxCombo: Number(r.max_combo),
    hitLength: Number(r.hit_length),
    bpm: Number(r.bpm),
    ranked: Number(r.ranked),
    latestUpdate: Number(r.latest_update),
    rankedStatusFreezed: bool(r.ranked_status_freezed),
    playcount: Number(r.playcount),
    passcount: Number(r.passcount),
    countCircles: optNum(r.count_circles),
    countSliders: optNum(r.count_sliders),
    countSpinners: optNum(r.count_spinners),
    rating: Number(r.rating),
  };
}


export function beatmapsRepository(ctx: RepoContext): BeatmapsRepository {
  const { db } = ctx;
  return {
    findByMd5: (md5) => guard('beatmaps.findByMd5', async () => {
      const r = await db.selectFrom('beatmaps').select(COLUMNS).where('beatmap_md5', '=', md5).executeTakeFirst();
      return r && toBeatmap(r);
    }),
    findById: (id) => guard('beatmaps.findById', async () => {
      const r = await db.selectFrom('beatmaps').select(COLUMNS).where('beatmap_id', '=', id).executeTakeFirst();
      return r && toBeatmap(r);
    }),
    findBySetId: (setId) => guard('beatmaps.findBySetId', async () => {
      const rows = await db.selectFrom('beatmaps').select(COLUMNS).where('beatmapset_id', '=', setId).orderBy('beatmap_id').execute();
      return rows.map(toBeatmap);
    }),
    findByFileName: (fileName) => guard('beatmaps.findByFileName', async () => {
      const r = await db.selectFrom('beatmaps').select(COLUMNS).where('file_name', '=', fileName).orderBy('beatmap_id').executeTakeFirst();
      return r && toBeatmap(r);
    }),
    deleteByMd5: (md5) => guard('beatmaps.deleteByMd5', async () => {
      const r = await db.deleteFrom('beatmaps').where('beatmap_md5', '=', md5).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    }),
    searchSets: (f) => guard('beatmaps.searchSets', async () => {
      let q = db.selectFrom('beatmaps').select('beatmapset_id').groupBy('beatmapset_id');
      if (f.text !== undefined && f.text !== '') {
        // LIKE with the wildcards of the user's text escaped; case-insensitive on both backends.
        const pattern = `%${f.text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
        // '!' as the LIKE escape: a backslash would itself need escaping in MySQL string literals.
        q = q.where(sql<string>`lower(song_name)`, 'like', sql<string>`${pattern} escape '!'`);
      }
      if (f.mode !== undefined) q = q.where('mode', '=', f.mode);
      if (f.statuses !== undefined && f.statuses.length > 0) q = q.where('ranked', 'in', [...f.statuses]);
      const sets = await q.orderBy(sql`max(beatmap_id)`, 'desc').limit(f.limit).offset(f.offset).execute();
      if (sets.length === 0) return [];
      const ids = sets.map((r) => Number(r.beatmapset_id));
      const rows = await db.selectFrom('beatmaps').select(COLUMNS).where('beatmapset_id', 'in', ids).execute();
      const order = new Map(ids.map((id, i) => [id, i]));
      return rows.map(toBeatmap).sort((a, b) => order.get(a.beatmapsetId)! - order.get(b.beatmapsetId)! || a.beatmapId - b.beatmapId);
    }),
    logMirrorRequest: (e) => guard('beatmaps.logMirrorRequest', async () => {
      await db
        .insertInto('beatmap_mirror_requests')
        .values({
          request_url: e.requestUrl.slice(0, 255),
          mirror_name: e.mirrorName.slice(0, 255),
          success: e.success ? 1 : 0,
          started_at: msDatetime(e.startedAtMs),
          ended_at: msDatetime(e.endedAtMs),
          response_size: e.responseSize,
          response_error: e.responseError === null ? null : e.responseError.slice(0, 255),
          resource: e.resource,
          response_status_code: e.statusCode,
        })
        .execute();
    }),
    setStatusByNominator: (target, status, change) => guard('beatmaps.setStatusByNominator', () =>
      db.transaction().execute(async (trx) => {
        const where = <Q extends { where: (c: 'beatmap_id' | 'beatmapset_id', op: '=', v: number) => Q }>(q: Q): Q =>
          'beatmapId' in target ? q.where('beatmap_id', '=', target.beatmapId) : q.where('beatmapset_id', '=', target.beatmapsetId);
        await where(trx.updateTable('beatmaps').set({ ranked: status, ranked_status_freezed: 1, rankedby: change.userId, latest_update: change.at })).execute();
        const rows = await where(trx.selectFrom('beatmaps').select(COLUMNS)).orderBy('beatmap_id').execute();
        if (rows.length > 0) await trx.insertInto('rap_logs').values({ userid: change.userId, text: change.logText, datetime: change.at, through: change.through }).execute();
        return rows.map(toBeatmap);
      }),
    ),
    recentMirrorRequests: (limit) => guard('beatmaps.recentMirrorRequests', async () => {
      const rows = await db.selectFrom('beatmap_mirror_requests').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        requestUrl: r.request_url,
        mirrorName: r.mirror_name,
        success: bool(r.success),
        startedAtMs: msFromDatetime(r.started_at),
        endedAtMs: msFromDatetime(r.ended_at),
        statusCode: optNum(r.response_status_code),
        responseSize: optNum(r.response_size),
        responseError: r.response_error ?? null,
        resource: r.resource,
      }));
    }),
    upsert: (b) => guard('beatmaps.upsert', () =>
      db.transaction().execute(async (trx) => {
        const values = {
          beatmapset_id: b.beatmapsetId,
          beatmap_md5: b.beatmapMd5,
          song_name: b.songName,
          file_name: b.fileName,
          ar: b.ar,
          od: b.od,
          mode: b.mode,
          max_combo: b.maxCombo,
          hit_length: b.hitLength,
          bpm: Math.round(b.bpm),
          ranked: b.ranked,
          latest_update: b.latestUpdate,
          ranked_status_freezed: b.rankedStatusFreezed ? 1 : 0,
          playcount: b.playcount,
          passcount: b.passcount,
          count_circles: b.countCircles,
          count_sliders: b.countSliders,
          count_spinners: b.countSpinners,
        };
        // A map update changes the md5: a stale row of another beatmap_id holding this md5 would
        // violate the unique key, so it goes first (it describes a file that no longer exists).
        await trx.deleteFrom('beatmaps').where('beatmap_md5', '=', b.beatmapMd5).where('beatmap_id', '!=', b.beatmapId).execute();
        // rating has no default in Akatsuki's schema; 10 is what a new map starts with there.
        const q = trx.insertInto('beatmaps').values({ beatmap_id: b.beatmapId, rating: b.rating ?? 10, ...values });
        await (ctx.dialect === 'mysql'
          ? q.onDuplicateKeyUpdate(values)
          : q.onConflict((oc) => oc.column('beatmap_id').doUpdateSet(values))
        ).execute();
      }),
    ),
  };
}
