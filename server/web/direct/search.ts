/**
 * osu!direct listings: from osu! API v2 `beatmapsets/search` when it is configured, otherwise
 * from the maps this server already has (the `beatmaps` table, names and difficulty settings from
 * the cached `.osu` headers), so an offline server still lists what it can serve.
 */
import type { Storage, BeatmapRow } from '../../ports/storage.js';
import type { BeatmapStoreAdmin } from '../../beatmaps/store.js';
import type { OsuApiV2 } from '../../adapters/beatmaps/osu-api-v2.js';
import { statusToApi } from '../../beatmaps/rules.js';
import { isDefaultQuery, isoSecondsZ, PAGE_SIZE, statusesForDirect, v2CategoryForDirect, type DirectDiff, type DirectSet } from './format.js';

export interface DirectDeps {
  storage: Storage;
  store: BeatmapStoreAdmin;
  v2: OsuApiV2 | undefined;
}

export interface DirectQuery {
  text: string;
  /** −1 = all modes. */
  mode: number;
  /** osu!direct status filter `r`. */
  r: number;
  page: number;
}

type Json = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function v2Date(v: unknown): string {
  const t = Date.parse(str(v));
  return Number.isNaN(t) ? isoSecondsZ(0) : isoSecondsZ(Math.floor(t / 1000));
}

export function directSetFromV2(set: Json): DirectSet {
  const maps = Array.isArray(set.beatmaps) ? (set.beatmaps as Json[]) : [];
  return {
    setId: num(set.id),
    artist: str(set.artist),
    title: str(set.title),
    creator: str(set.creator),
    apiStatus: num(set.ranked),
    lastUpdate: v2Date(set.last_updated),
    hasVideo: set.video === true,
    diffs: maps.map((b) => ({ stars: num(b.difficulty_rating), version: str(b.version), cs: num(b.cs), od: num(b.accuracy), ar: num(b.ar), hp: num(b.drain), mode: num(b.mode_int) })),
  };
}

/** "Artist - Title (Creator) [Version].osu" → its parts (best effort for rows without a file). */
export function namesFromFileName(fileName: string): { artist: string; title: string; creator: string; version: string } {
  const m = /^(.*?) - (.*) \(([^()]*)\) \[(.*)\]\.osu$/.exec(fileName);
  return m ? { artist: m[1]!, title: m[2]!, creator: m[3]!, version: m[4]! } : { artist: '', title: fileName.replace(/\.osu$/, ''), creator: '', version: '' };
}

async function directSetFromRows(store: BeatmapStoreAdmin, rows: readonly BeatmapRow[]): Promise<DirectSet> {
  const first = rows[0]!;
  let names = namesFromFileName(first.fileName);
  const diffs: DirectDiff[] = [];
  for (const r of rows) {
    const meta = await store.metadata(r.beatmapMd5).catch(() => undefined);
    if (meta && r === first) names = { artist: meta.artist, title: meta.title, creator: meta.creator, version: meta.version };
    diffs.push({
      stars: 0,
      version: meta?.version ?? namesFromFileName(r.fileName).version,
      cs: meta?.cs ?? 0,
      od: r.od,
      ar: r.ar,
      hp: meta?.hp ?? 0,
      mode: r.mode,
    });
  }
  return {
    setId: first.beatmapsetId,
    artist: names.artist,
    title: names.title,
    creator: names.creator,
    apiStatus: statusToApi(first.ranked),
    lastUpdate: isoSecondsZ(Math.max(...rows.map((r) => r.latestUpdate))),
    hasVideo: false,
    diffs,
  };
}

function groupBySet(rows: readonly BeatmapRow[]): BeatmapRow[][] {
  const groups = new Map<number, BeatmapRow[]>();
  for (const r of rows) {
    const g = groups.get(r.beatmapsetId);
    if (g) g.push(r);
    else groups.set(r.beatmapsetId, [r]);
  }
  return [...groups.values()];
}

export async function searchDirect(deps: DirectDeps, q: DirectQuery): Promise<DirectSet[]> {
  const text = isDefaultQuery(q.text) ? '' : q.text;
  if (deps.v2) {
    // v2 pages hold 50 sets: two of them make one osu!direct page of 100.
    const pages = await Promise.all(
      [q.page * 2 + 1, q.page * 2 + 2].map((page) => {
        const p = new URLSearchParams();
        if (text !== '') p.set('q', text);
        if (q.mode >= 0) p.set('m', String(q.mode));
        p.set('s', v2CategoryForDirect(q.r));
        p.set('page', String(page));
        return deps.v2!.searchSets(p);
      }),
    );
    return pages.flat().slice(0, PAGE_SIZE).map(directSetFromV2);
  }
  const statuses = statusesForDirect(q.r);
  const rows = await deps.storage.beatmaps.searchSets({
    ...(text !== '' ? { text } : {}),
    ...(q.mode >= 0 ? { mode: q.mode } : {}),
    ...(statuses ? { statuses } : {}),
    offset: q.page * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const out: DirectSet[] = [];
  for (const g of groupBySet(rows)) out.push(await directSetFromRows(deps.store, g));
  return out;
}

/** One set for osu-search-set.php (by set id, or by a beatmap id of it). */
export async function findDirectSet(deps: DirectDeps, key: { setId: number } | { beatmapId: number }): Promise<DirectSet | undefined> {
  let setId: number;
  if ('beatmapId' in key) {
    const b = await deps.store.byId(key.beatmapId);
    if (!b) return undefined;
    setId = b.beatmapsetId;
  } else setId = key.setId;
  if (deps.v2) {
    const set = await deps.v2.get(`/beatmapsets/${setId}`);
    return set === undefined || set === null || typeof set !== 'object' ? undefined : directSetFromV2(set as Json);
  }
  const rows = await deps.store.bySetId(setId);
  return rows.length === 0 ? undefined : directSetFromRows(deps.store, rows);
}
