/**
 * How the /web/ endpoints find a beatmap: through the beatmap store (server/ports/beatmap-store.ts:
 * the `beatmaps` table, then the osu! API and mirrors for a map the server does not know yet).
 * Kept as a narrow interface so tests and other stores can stand in.
 */
import type { BeatmapStore } from '../ports/beatmap-store.js';
import type { BeatmapRow } from '../ports/storage.js';

export interface BeatmapLookup {
  byMd5(md5: string): Promise<BeatmapRow | undefined>;
  byId(beatmapId: number): Promise<BeatmapRow | undefined>;
}

export function beatmapLookup(store: Pick<BeatmapStore, 'byMd5' | 'byId'>): BeatmapLookup {
  return { byMd5: (md5) => store.byMd5(md5), byId: (id) => store.byId(id) };
}
