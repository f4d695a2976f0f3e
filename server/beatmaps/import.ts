/**
 * Offline sources: `.osu` files and `.osz` archives (zip, read with fflate) into the beatmap
 * store, for `hayate import-maps DIR` and the BEATMAPS_DIR watcher.
 *
 * Per `.osu`: md5 of the bytes, header metadata (compute/maps), stars and max combo from the
 * compute pool (which also refuses abusive maps), the file into DATA_DIR/osu/<md5>.osu, and an
 * upserted `beatmaps` row. Ids come from the file; a file without BeatmapID (unsubmitted map) gets
 * a negative synthetic id, -(first 28 bits of its md5) - 1, stable across imports and never
 * clashing with osu!'s positive ids (the next lower free id if another md5 already holds it).
 * An existing row keeps its status, freeze flag, counters and rating.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { BeatmapRow, Storage } from '../ports/storage.js';
import type { OsuFileCache } from '../adapters/beatmaps/osu-file-cache.js';
import { md5Of } from '../adapters/beatmaps/osu-file-cache.js';
import { readOsuMetadata, songName } from '../../compute/maps/read-osu-metadata.js';
import { fileNameOf } from './rules.js';

export interface MapDifficulty {
  stars: number;
  maxCombo: number;
  suspicious: boolean;
}

export interface ImportDeps {
  storage: Storage;
  files: OsuFileCache;
  /** Stars and max combo of the map in its own mode, no mods (the compute pool). */
  difficulty(bytes: Uint8Array, md5: string, mode: 0 | 1 | 2 | 3): Promise<MapDifficulty>;
  /** Ranked status for new rows (client codes). */
  status: number;
  nowSeconds: number;
  /** Called after a row is written (the store refreshes its cached copy). */
  onImported?(row: BeatmapRow): void;
  /** Skip maps whose row and cached file already exist (the watcher's start-up scan). */
  skipKnown?: boolean;
}

export interface ImportedMap {
  row: BeatmapRow;
  stars: number;
}

export class ImportError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'ImportError';
  }
}

/** -(first 28 bits of the md5) - 1: deterministic, negative, far below any osu! id. */
export function syntheticBeatmapId(md5: string): number {
  return -(Number.parseInt(md5.slice(0, 7), 16) + 1);
}

const SONG_STRIP = /[:\\/*<>?"|]/g;

export async function importOsu(deps: ImportDeps, bytes: Uint8Array, source: string): Promise<ImportedMap> {
  const md5 = md5Of(bytes);
  const meta = readOsuMetadata(bytes);
  if (meta.formatVersion === null || meta.nObjects === 0) throw new ImportError(source, 'not a playable .osu file (no header or no hit objects)');
  if (deps.skipKnown) {
    const known = await deps.storage.beatmaps.findByMd5(md5);
    if (known && known.maxCombo > 0 && (await deps.files.get(md5))) return { row: known, stars: Number.NaN };
  }
  const d = await deps.difficulty(bytes, md5, meta.mode);
  if (d.suspicious) throw new ImportError(source, 'map looks abusive (rosu isSuspicious); not imported');
  await deps.files.put(bytes, md5);
  const existing = await deps.storage.beatmaps.findByMd5(md5);
  let beatmapId = existing?.beatmapId ?? (meta.beatmapId > 0 ? meta.beatmapId : syntheticBeatmapId(md5));
  if (!existing && beatmapId < 0) {
    for (let other = await deps.storage.beatmaps.findById(beatmapId); other && other.beatmapMd5 !== md5; other = await deps.storage.beatmaps.findById(beatmapId)) beatmapId--;
  }
  const row: BeatmapRow = {
    beatmapId,
    beatmapsetId: meta.beatmapSetId > 0 ? meta.beatmapSetId : (existing?.beatmapsetId ?? syntheticBeatmapId(md5)),
    beatmapMd5: md5,
    songName: songName(meta).replace(SONG_STRIP, ''),
    fileName: fileNameOf(meta.artist, meta.title, meta.creator, meta.version),
    ar: meta.ar,
    od: meta.od,
    mode: meta.mode,
    maxCombo: d.maxCombo,
    hitLength: Math.round(meta.lengthMs / 1000),
    bpm: Math.round(meta.bpm),
    ranked: existing?.ranked ?? deps.status,
    latestUpdate: deps.nowSeconds,
    rankedStatusFreezed: existing?.rankedStatusFreezed ?? false,
    playcount: existing?.playcount ?? 0,
    passcount: existing?.passcount ?? 0,
    countCircles: meta.nCircles + meta.nHolds,
    countSliders: meta.nSliders,
    countSpinners: meta.nSpinners,
  };
  await deps.storage.beatmaps.upsert(row);
  deps.onImported?.(row);
  return { row, stars: d.stars };
}

/** The `.osu` entries of a `.osz` (zip) archive; a broken archive is an ImportError. */
export function osuFilesInOsz(archive: Uint8Array, source: string): Array<{ name: string; bytes: Uint8Array }> {
  let entries: Record<string, Uint8Array>;
  try {
    // Only .osu entries are inflated: audio and backgrounds stay compressed and are skipped.
    entries = unzipSync(archive, { filter: (f) => f.name.toLowerCase().endsWith('.osu') && f.originalSize < 32 * 1024 * 1024 });
  } catch (err) {
    throw new ImportError(source, `not a readable .osz archive (${err instanceof Error ? err.message : String(err)})`);
  }
  return Object.entries(entries)
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** One file from disk: a `.osu`, or every `.osu` inside a `.osz`. Errors per map are collected, not thrown. */
export async function importFile(deps: ImportDeps, path: string, bytes: Uint8Array): Promise<{ imported: ImportedMap[]; failed: ImportError[] }> {
  const imported: ImportedMap[] = [];
  const failed: ImportError[] = [];
  const units = path.toLowerCase().endsWith('.osz')
    ? (() => {
        try {
          return osuFilesInOsz(bytes, path).map((e) => ({ source: `${path}:${e.name}`, bytes: e.bytes }));
        } catch (err) {
          failed.push(err as ImportError);
          return [];
        }
      })()
    : [{ source: path, bytes }];
  for (const u of units) {
    try {
      imported.push(await importOsu(deps, u.bytes, u.source));
    } catch (err) {
      failed.push(err instanceof ImportError ? err : new ImportError(u.source, err instanceof Error ? err.message : String(err)));
    }
  }
  return { imported, failed };
}

export const isMapFile = (name: string): boolean => /\.(osu|osz)$/i.test(name);

/** Every `.osu`/`.osz` under dir, recursively, sorted. */
export function listMapFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listMapFiles(p));
    else if (entry.isFile() && isMapFile(entry.name)) out.push(p);
  }
  return out.sort();
}
