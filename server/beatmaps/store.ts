/**
 * The beatmap store (port: server/ports/beatmap-store.ts).
 *
 * Lookup order: a bounded in-memory LRU of rows (short TTL, so a status change made by another
 * process is seen within seconds) → the `beatmaps` table → the upstream source, once per key for
 * any number of concurrent callers (single-flight). A stored row is always answered at once; if it
 * is stale (rules.ts) a refresh starts in the background and the next lookup sees its result.
 * Upstream misses are remembered for a while so an unsubmitted map does not cost a call per
 * getscores. Without a source (no internet configured) a miss is just a miss.
 */
import { LRUCache } from 'lru-cache';
import type { Beatmap, BeatmapStore } from '../ports/beatmap-store.js';
import { BeatmapSourceUnavailableError } from '../ports/beatmap-store.js';
import type { Clock } from '../ports/clock.js';
import type { BeatmapRow, Storage } from '../ports/storage.js';
import type { Logger } from '../log.js';
import type { OsuFileCache } from '../adapters/beatmaps/osu-file-cache.js';
import { isMd5, Md5MismatchError } from '../adapters/beatmaps/osu-file-cache.js';
import type { BeatmapSource, UpstreamBeatmap, UpstreamKey } from './source.js';
import { isStale, newRow, refreshedRow, type FreezeOutcome } from './rules.js';
import { SingleFlight } from './single-flight.js';
import { readOsuMetadata, type OsuMetadata } from '../../compute/maps/read-osu-metadata.js';

export interface BeatmapStoreOptions {
  storage: Storage;
  files: OsuFileCache;
  clock: Clock;
  log: Logger;
  /** The osu! API / mirrors; undefined = offline (the embedded default). */
  source?: BeatmapSource | undefined;
  /** Rows kept in memory (default 10 000). */
  cacheSize?: number;
  /** How long a row is served from memory before the table is read again (default 30 s). */
  cacheTtlMs?: number;
  /** How long an upstream "no such map" is remembered (default 10 min). */
  missTtlMs?: number;
  /** After a failed background refresh, wait this long before trying that row again (default 60 s). */
  refreshRetryMs?: number;
  /** Parsed `.osu` headers kept in memory (default 2 000). */
  metadataCacheSize?: number;
  /** Told about every status decision a refresh makes (announcements, audit). */
  onStatusChange?: (event: { row: BeatmapRow; previous: BeatmapRow; outcome: FreezeOutcome }) => void;
}

export interface BeatmapStoreAdmin extends BeatmapStore {
  /** Starts any due refresh of this row now and resolves when it is done (tests, admin tools). */
  refreshNow(beatmapId: number): Promise<void>;
  /** Writes a row (manual status changes, imports) and refreshes the memory cache. */
  put(row: BeatmapRow): Promise<void>;
  /** A row was written behind the store's back (an import): serve it from now on. */
  noteWritten(row: BeatmapRow): void;
  /** Forgets everything held in memory (a test or an admin changed the table directly). */
  clearMemory(): void;
  /** Header metadata of a cached (or downloadable) `.osu`, parsed once and kept in a bounded LRU. */
  metadata(md5: string): Promise<OsuMetadata | undefined>;
  /** Background refreshes still running (tests wait for them). */
  idle(): Promise<void>;
  readonly stats: { memoryHits: number; tableHits: number; upstreamLookups: number; refreshes: number };
}

const withRating = (r: BeatmapRow): Beatmap => ({ ...r, rating: r.rating ?? 10 });

export function createBeatmapStore(opts: BeatmapStoreOptions): BeatmapStoreAdmin {
  const { storage, files, clock, log, source } = opts;
  const ttl = opts.cacheTtlMs ?? 30_000;
  const missTtl = opts.missTtlMs ?? 10 * 60_000;
  const retryMs = opts.refreshRetryMs ?? 60_000;
  // Keys: `m<md5>` and `i<id>` → the same row object. Expiry is checked against the injected
  // clock (not lru-cache's own timer) so tests move time.
  const rows = new LRUCache<string, { row: Beatmap; at: number }>({ max: opts.cacheSize ?? 10_000 });
  const misses = new LRUCache<string, number>({ max: 10_000 });
  const flights = new SingleFlight<unknown>();
  const refreshing = new Map<number, Promise<void>>();
  const refreshBlockedUntil = new Map<number, number>();
  const parsed = new LRUCache<string, OsuMetadata>({ max: opts.metadataCacheSize ?? 2_000 });
  const stats = { memoryHits: 0, tableHits: 0, upstreamLookups: 0, refreshes: 0 };
  const nowS = (): number => Math.floor(clock.now() / 1000);

  const remember = (row: Beatmap): Beatmap => {
    const entry = { row, at: clock.now() };
    rows.set(`m${row.beatmapMd5}`, entry);
    rows.set(`i${row.beatmapId}`, entry);
    return row;
  };
  const forget = (row: Pick<BeatmapRow, 'beatmapMd5' | 'beatmapId'>): void => {
    rows.delete(`m${row.beatmapMd5}`);
    rows.delete(`i${row.beatmapId}`);
  };
  const fromMemory = (key: string): Beatmap | undefined => {
    const e = rows.get(key);
    if (!e) return undefined;
    if (clock.now() - e.at >= ttl) {
      rows.delete(key);
      return undefined;
    }
    return e.row;
  };
  const missed = (key: string): boolean => {
    const at = misses.get(key);
    if (at === undefined) return false;
    if (clock.now() - at >= missTtl) {
      misses.delete(key);
      return false;
    }
    return true;
  };

  async function write(row: BeatmapRow): Promise<Beatmap> {
    await storage.beatmaps.upsert(row);
    return remember(withRating(row));
  }

  /** Fetches a key upstream and stores what comes back; the rows of the answer. */
  async function fetchUpstream(key: UpstreamKey, keyName: string): Promise<Beatmap[]> {
    const lookup = source?.lookup?.bind(source);
    if (!lookup || missed(keyName)) return [];
    return flights.run(keyName, async () => {
      stats.upstreamLookups++;
      let found: UpstreamBeatmap[];
      try {
        found = await lookup(key);
      } catch (err) {
        if (err instanceof BeatmapSourceUnavailableError) throw err;
        throw new BeatmapSourceUnavailableError(`beatmap lookup failed upstream: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (found.length === 0) {
        misses.set(keyName, clock.now());
        return [];
      }
      const out: Beatmap[] = [];
      for (const u of found) out.push(await storeUpstream(u));
      return out;
    }) as Promise<Beatmap[]>;
  }

  /** A freshly seen upstream beatmap: a new row, or a refresh of the one we have. */
  async function storeUpstream(u: UpstreamBeatmap): Promise<Beatmap> {
    const existing = (await storage.beatmaps.findById(u.beatmapId)) ?? (await storage.beatmaps.findByMd5(u.md5));
    if (!existing) return write(newRow(u, nowS()));
    return applyRefresh(existing, u);
  }

  async function applyRefresh(old: BeatmapRow, u: UpstreamBeatmap): Promise<Beatmap> {
    const { row, outcome } = refreshedRow(old, u, nowS());
    if (old.beatmapMd5 !== row.beatmapMd5) {
      // The map was updated: the old file's row and cached `.osu` describe nothing current.
      await storage.beatmaps.deleteByMd5(old.beatmapMd5);
      forget(old);
      await files.remove(old.beatmapMd5).catch(() => undefined);
    }
    const stored = await write(row);
    if (outcome !== 'unchanged') {
      log.info('beatmap status decision', { beatmapId: row.beatmapId, outcome, from: old.ranked, to: row.ranked });
      opts.onStatusChange?.({ row, previous: old, outcome });
    }
    return stored;
  }

  async function refresh(old: BeatmapRow): Promise<void> {
    if (!source?.lookup) return;
    stats.refreshes++;
    try {
      const found = await source.lookup({ id: old.beatmapId });
      const u = found.find((x) => x.beatmapId === old.beatmapId);
      if (!u) {
        // Gone upstream (unsubmitted / taken down): Akatsuki deletes the row and its file.
        await storage.beatmaps.deleteByMd5(old.beatmapMd5);
        forget(old);
        await files.remove(old.beatmapMd5).catch(() => undefined);
        log.info('beatmap removed upstream; row deleted', { beatmapId: old.beatmapId, md5: old.beatmapMd5 });
        return;
      }
      await applyRefresh(old, u);
      refreshBlockedUntil.delete(old.beatmapId);
    } catch (err) {
      // Stale-on-error: keep serving the row; try again later, not on every lookup.
      refreshBlockedUntil.set(old.beatmapId, clock.now() + retryMs);
      log.warn('beatmap refresh failed; serving the stored row', { beatmapId: old.beatmapId, err });
    }
  }

  function maybeRefresh(row: BeatmapRow): void {
    if (!source?.lookup || !isStale(row, nowS()) || refreshing.has(row.beatmapId)) return;
    const blocked = refreshBlockedUntil.get(row.beatmapId);
    if (blocked !== undefined && clock.now() < blocked) return;
    const p = refresh(row).finally(() => refreshing.delete(row.beatmapId));
    refreshing.set(row.beatmapId, p);
  }

  async function lookupOne(memKey: string, fromTable: () => Promise<BeatmapRow | undefined>, upstreamKey: UpstreamKey | undefined, match: (b: Beatmap) => boolean): Promise<Beatmap | undefined> {
    const mem = fromMemory(memKey);
    if (mem) {
      stats.memoryHits++;
      maybeRefresh(mem);
      return mem;
    }
    const stored = await fromTable();
    if (stored) {
      stats.tableHits++;
      maybeRefresh(stored);
      return remember(withRating(stored));
    }
    if (!upstreamKey) return undefined;
    const fetched = await fetchUpstream(upstreamKey, memKey);
    return fetched.find(match);
  }

  const store: BeatmapStoreAdmin = {
    stats,
    byMd5(md5) {
      if (!isMd5(md5)) return Promise.resolve(undefined);
      return lookupOne(`m${md5}`, () => storage.beatmaps.findByMd5(md5), { md5 }, (b) => b.beatmapMd5 === md5);
    },
    byId(id) {
      if (!Number.isSafeInteger(id) || id === 0) return Promise.resolve(undefined);
      // Negative ids are local imports: no upstream knows them.
      return lookupOne(`i${id}`, () => storage.beatmaps.findById(id), id > 0 ? { id } : undefined, (b) => b.beatmapId === id);
    },
    async bySetId(setId) {
      if (!Number.isSafeInteger(setId) || setId === 0) return [];
      const stored = await storage.beatmaps.findBySetId(setId);
      if (stored.length > 0) {
        for (const r of stored) maybeRefresh(r);
        return stored.map((r) => remember(withRating(r)));
      }
      if (setId < 0) return [];
      const fetched = await fetchUpstream({ setId }, `s${setId}`);
      return fetched.filter((b) => b.beatmapsetId === setId).sort((a, b) => a.beatmapId - b.beatmapId);
    },
    async byFileName(fileName) {
      const r = await storage.beatmaps.findByFileName(fileName);
      return r && withRating(r);
    },
    async osuFile(md5) {
      if (!isMd5(md5)) return undefined;
      const cached = await files.get(md5);
      const download = source?.osuFile?.bind(source);
      if (cached || !download) return cached;
      return flights.run(`f${md5}`, async () => {
        const row = await store.byMd5(md5);
        if (!row || row.beatmapId <= 0) return undefined;
        const bytes = await download(row.beatmapId, md5);
        if (!bytes) return undefined;
        try {
          await files.put(bytes, md5);
        } catch (err) {
          // A different file than the row describes (map updated since, or a bad mirror): not
          // trusted, not cached; the row's refresh will catch up with the new md5.
          if (err instanceof Md5MismatchError) {
            log.warn('downloaded .osu does not match its md5; rejected', { beatmapId: row.beatmapId, expected: md5, actual: err.actual });
            return undefined;
          }
          throw err;
        }
        return bytes;
      }) as Promise<Uint8Array | undefined>;
    },
    async metadata(md5) {
      const hit = parsed.get(md5);
      if (hit) return hit;
      const bytes = await store.osuFile(md5);
      if (!bytes) return undefined;
      const meta = readOsuMetadata(bytes);
      parsed.set(md5, meta);
      return meta;
    },
    async refreshNow(beatmapId) {
      const row = await storage.beatmaps.findById(beatmapId);
      if (!row) return;
      const running = refreshing.get(beatmapId);
      if (running) return running;
      refreshBlockedUntil.delete(beatmapId);
      maybeRefresh(row);
      await refreshing.get(beatmapId);
    },
    async put(row) {
      await write(row);
    },
    invalidate(row) {
      forget(row);
      misses.delete(`s${row.beatmapsetId}`);
    },
    noteWritten(row) {
      misses.delete(`m${row.beatmapMd5}`);
      misses.delete(`i${row.beatmapId}`);
      misses.delete(`s${row.beatmapsetId}`);
      remember(withRating(row));
    },
    clearMemory() {
      rows.clear();
      misses.clear();
    },
    async idle() {
      while (refreshing.size > 0) await Promise.all([...refreshing.values()]);
    },
  };
  return store;
}

export { BeatmapSourceUnavailableError };
