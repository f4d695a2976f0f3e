/**
 * How the /web/ endpoints find a beatmap. Today: the `beatmaps` table (imported maps). The beatmap
 * store of issue 10 (server/ports/beatmap-store.ts: table, then the osu! API and mirrors for maps
 * the server does not know yet) replaces the body of these functions, nothing else.
 */
import type { BeatmapRow, Storage } from '../ports/storage.js';

export interface BeatmapLookup {
  byMd5(md5: string): Promise<BeatmapRow | undefined>;
  byId(beatmapId: number): Promise<BeatmapRow | undefined>;
}

export function beatmapLookup(storage: Pick<Storage, 'beatmaps'>): BeatmapLookup {
  return {
    byMd5: (md5) => storage.beatmaps.findByMd5(md5),
    byId: (id) => storage.beatmaps.findById(id),
  };
}
