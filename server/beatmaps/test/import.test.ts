/**
 * Offline sources on both backends: `.osu` and `.osz` imports (stable synthetic ids, rows,
 * cached files, broken archives reported), and BEATMAPS_DIR picked up at start and when a file
 * appears. Difficulty is a stand-in here (the compute pool's own numbers are tested in compute/
 * and by `hayate import-maps` in compute/test/cli.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { createLogger } from '../../log.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { osuFileCache, md5Of } from '../../adapters/beatmaps/osu-file-cache.js';
import { createBeatmapStore } from '../store.js';
import { importFile, syntheticBeatmapId, type ImportDeps } from '../import.js';
import { watchBeatmapsDir } from '../watch-dir.js';
import { BACKENDS, openBackend, type Backend } from './backends.js';
import { FIXTURES } from '../../../compute/test/fixtures.js';

const log = createLogger('silent');
const fixture = (name: string): Promise<Buffer> => readFile(path.join(FIXTURES, 'beatmaps', `${name}.osu`));
const difficulty = async (bytes: Uint8Array) => ({ stars: 1.5, maxCombo: 100 + (bytes.length % 7), suspicious: false });

for (const kind of BACKENDS) {
  describe(`imports (${kind})`, () => {
    let be: Backend;
    let deps: ImportDeps;
    before(async () => {
      be = await openBackend(kind);
      deps = { storage: be.storage, files: osuFileCache(path.join(be.dir, 'osu')), difficulty, status: 2, nowSeconds: 1_700_000_000 };
    });
    after(async () => {
      await be.cleanup();
    });

    test('a .osz: every .osu inside is imported, other entries ignored; a local map gets a stable negative id', async () => {
      const a = await fixture('2785319');
      const local = Buffer.from((await fixture('2118524')).toString('utf8').replace(/^BeatmapID:.*$/m, '').replace('Version:Platter', 'Version:Local'));
      const osz = Buffer.from(zipSync({ 'a.osu': a, 'sub/local.osu': local, 'audio.mp3': Buffer.alloc(1000, 1), 'bg.jpg': Buffer.alloc(10) }));
      const r = await importFile(deps, '/maps/set.osz', osz);
      assert.deepEqual(r.failed, []);
      assert.deepEqual(r.imported.map((m) => m.row.beatmapMd5).sort(), [md5Of(a), md5Of(local)].sort());
      const row = await be.storage.beatmaps.findByMd5(md5Of(a));
      assert.equal(row?.beatmapId, 2785319);
      assert.equal(row?.songName, "MYUKKE. - re[in]flaw [toybot's Expert]");
      assert.equal(row?.fileName, "MYUKKE. - re[in]flaw (captin1) [toybot's Expert].osu");
      assert.equal(row?.ranked, 2);
      assert.equal((await be.storage.beatmaps.findByMd5(md5Of(local)))?.beatmapId, syntheticBeatmapId(md5Of(local)));
      assert.deepEqual(await deps.files.get(md5Of(a)), a);
      // Re-import keeps the row's status and counters.
      await be.storage.beatmaps.upsert({ ...row!, ranked: 5, playcount: 3 });
      await importFile(deps, '/maps/a.osu', a);
      const again = await be.storage.beatmaps.findByMd5(md5Of(a));
      assert.deepEqual([again?.ranked, again?.playcount], [5, 3]);
    });

    test('broken archives and junk files are reported, not thrown', async () => {
      const broken = await importFile(deps, '/maps/broken.osz', Buffer.from('PK\x03\x04 not really'));
      assert.equal(broken.imported.length, 0);
      assert.match(broken.failed[0]?.message ?? '', /broken\.osz: not a readable \.osz archive/);
      const junk = await importFile(deps, '/maps/junk.osu', Buffer.from('nothing here'));
      assert.match(junk.failed[0]?.message ?? '', /junk\.osu: not a playable \.osu file/);
      const abusive = await importFile({ ...deps, difficulty: async () => ({ stars: 1, maxCombo: 1, suspicious: true }) }, '/maps/x.osu', await fixture('1028484'));
      assert.match(abusive.failed[0]?.message ?? '', /abusive/);
    });

    test('BEATMAPS_DIR: imported at start, and a file dropped in later is picked up and served by the store', async () => {
      const dir = path.join(be.dir, 'incoming');
      await mkdir(dir, { recursive: true });
      const first = await fixture('1638954');
      await writeFile(path.join(dir, 'first.osu'), first);
      const files = osuFileCache(path.join(be.dir, 'osu'));
      const store = createBeatmapStore({ storage: be.storage, files, clock: createManualClock(), log });
      const w = watchBeatmapsDir(dir, { storage: be.storage, files, store, difficulty, clock: createManualClock(), log, settleMs: 10 });
      try {
        assert.deepEqual(await w.scanned, { imported: 1, failed: 0 });
        assert.equal((await store.byMd5(md5Of(first)))?.beatmapId, 1638954);
        const later = await fixture('1028484');
        await writeFile(path.join(dir, 'later.osz'), zipSync({ 'later.osu': later }));
        // Wait for the watcher's event (bounded), then for the import it starts.
        for (let i = 0; i < 200 && !(await be.storage.beatmaps.findByMd5(md5Of(later))); i++) {
          await new Promise((r) => setTimeout(r, 10));
          await w.idle();
        }
        assert.equal((await store.byMd5(md5Of(later)))?.beatmapId, 1028484);
      } finally {
        await w.close();
      }
    });
  });
}
