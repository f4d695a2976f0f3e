/**
 * BEATMAPS_DIR: the directory is imported at start (maps already known are skipped cheaply) and
 * then watched; a new or changed `.osu`/`.osz` is imported once it has been quiet for a moment
 * (a file being copied in fires many events). Needs the compute pool for stars and max combo.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import type { OsuFileCache } from '../adapters/beatmaps/osu-file-cache.js';
import { importFile, isMapFile, listMapFiles, type ImportDeps, type MapDifficulty } from './import.js';
import type { BeatmapStoreAdmin } from './store.js';

export interface WatchDeps {
  storage: Storage;
  files: OsuFileCache;
  store: BeatmapStoreAdmin;
  difficulty(bytes: Uint8Array, md5: string, mode: 0 | 1 | 2 | 3): Promise<MapDifficulty>;
  clock: Clock;
  log: Logger;
  /** Quiet time before a changed file is imported (default 500 ms). */
  settleMs?: number;
}

export interface DirWatch {
  /** Resolves when the start-up scan is done (counts of imported and failed maps). */
  readonly scanned: Promise<{ imported: number; failed: number }>;
  /** Resolves when every import started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function watchBeatmapsDir(dir: string, deps: WatchDeps): DirWatch {
  const importDeps = (skipKnown: boolean): ImportDeps => ({
    storage: deps.storage,
    files: deps.files,
    difficulty: deps.difficulty,
    status: 2,
    nowSeconds: Math.floor(deps.clock.now() / 1000),
    onImported: (row) => deps.store.noteWritten(row),
    skipKnown,
  });
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  const importPath = async (file: string, skipKnown: boolean): Promise<{ imported: number; failed: number }> => {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return { imported: 0, failed: 0 }; // removed again before we got to it
    }
    const r = await importFile(importDeps(skipKnown), file, bytes);
    for (const e of r.failed) deps.log.warn('BEATMAPS_DIR: map skipped', { file, reason: e.message });
    if (r.imported.length > 0) deps.log.info('BEATMAPS_DIR: imported', { file, maps: r.imported.length });
    return { imported: r.imported.length, failed: r.failed.length };
  };

  const scanned = track(
    (async () => {
      let imported = 0;
      let failed = 0;
      for (const f of listMapFiles(dir)) {
        const r = await importPath(f, true);
        imported += r.imported;
        failed += r.failed;
      }
      return { imported, failed };
    })(),
  );

  const timers = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true }, (_event, name) => {
      if (name === null || !isMapFile(name)) return;
      const file = path.join(dir, name);
      clearTimeout(timers.get(file));
      timers.set(
        file,
        setTimeout(() => {
          timers.delete(file);
          track(importPath(file, false)).catch((err: unknown) => deps.log.warn('BEATMAPS_DIR: import failed', { file, err }));
        }, deps.settleMs ?? 500),
      );
    });
    watcher.on('error', (err) => deps.log.warn('BEATMAPS_DIR: watcher error', { err }));
  } catch (err) {
    deps.log.warn('BEATMAPS_DIR cannot be watched; imported once at start only', { dir, err });
  }
  return {
    scanned,
    async idle() {
      while (running.size > 0 || timers.size > 0) {
        await Promise.allSettled([...running]);
        if (timers.size > 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      watcher?.close();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

/** The composition root's one call: watch BEATMAPS_DIR when it is set and a compute pool runs. */
export function startBeatmapsDirWatch(
  dir: string | undefined,
  deps: Omit<WatchDeps, 'difficulty'> & { difficulty: WatchDeps['difficulty'] | undefined },
): (() => Promise<void>) | undefined {
  if (dir === undefined) return undefined;
  if (!deps.difficulty) {
    deps.log.warn('BEATMAPS_DIR is set but no compute pool runs in this process; not watched', { dir });
    return undefined;
  }
  const w = watchBeatmapsDir(path.resolve(dir), { ...deps, difficulty: deps.difficulty });
  w.scanned.then(
    (r) => deps.log.info('BEATMAPS_DIR scanned', { dir, ...r }),
    (err: unknown) => deps.log.warn('BEATMAPS_DIR scan failed', { dir, err }),
  );
  return () => w.close();
}
