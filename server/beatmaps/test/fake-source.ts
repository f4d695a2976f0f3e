/** An in-memory BeatmapSource that counts calls (store tests; HTTP clients have their own). */
import type { BeatmapSource, UpstreamBeatmap, UpstreamKey } from '../source.js';
import { md5Of } from '../../adapters/beatmaps/osu-file-cache.js';

export function upstreamMap(id: number, over: Partial<UpstreamBeatmap> = {}): UpstreamBeatmap {
  return {
    apiStatus: 1,
    beatmapId: id,
    beatmapsetId: Math.floor(id / 10),
    md5: md5Of(Buffer.from(`map ${id}`)),
    artist: 'Artist',
    title: 'Title: Sub',
    creator: 'Mapper',
    creatorId: 7,
    version: `Diff ${id}`,
    ar: 9,
    od: 8,
    cs: 4,
    hp: 6,
    mode: 0,
    maxCombo: 1000,
    hitLength: 120,
    totalLength: 130,
    bpm: 180.4,
    stars: 5.5,
    countCircles: 400,
    countSliders: 200,
    countSpinners: 1,
    lastUpdate: 1_700_000_000,
    hasVideo: false,
    ...over,
  };
}

export interface FakeSource extends Required<BeatmapSource> {
  maps: UpstreamBeatmap[];
  files: Map<number, Uint8Array>;
  calls: { lookup: number; osuFile: number };
  /** When set, every call throws it. */
  failWith: Error | undefined;
  /** When set, lookups wait for it (single-flight tests hold the first call open). */
  gate: Promise<void> | undefined;
}

export function fakeSource(maps: UpstreamBeatmap[] = []): FakeSource {
  const src: FakeSource = {
    maps,
    files: new Map(),
    calls: { lookup: 0, osuFile: 0 },
    failWith: undefined,
    gate: undefined,
    async lookup(key: UpstreamKey) {
      src.calls.lookup++;
      if (src.gate) await src.gate;
      if (src.failWith) throw src.failWith;
      if ('md5' in key) return src.maps.filter((m) => m.md5 === key.md5);
      if ('id' in key) return src.maps.filter((m) => m.beatmapId === key.id);
      return src.maps.filter((m) => m.beatmapsetId === key.setId);
    },
    async osuFile(id) {
      src.calls.osuFile++;
      if (src.failWith) throw src.failWith;
      return src.files.get(id);
    },
  };
  return src;
}
