/**
 * The beatmap store over both storage backends with an in-memory upstream: misses fetch once and
 * are then served from the table; single-flight; staleness refresh in the background with a fake
 * clock; status freezing; md5-checked `.osu` cache.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../log.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { osuFileCache, md5Of } from '../../adapters/beatmaps/osu-file-cache.js';
import { createBeatmapStore } from '../store.js';
import { BeatmapSourceUnavailableError, RankedStatus } from '../../ports/beatmap-store.js';
import { BACKENDS, openBackend, type Backend } from './backends.js';
import { fakeSource, upstreamMap } from './fake-source.js';

const log = createLogger('silent');

for (const kind of BACKENDS) {
  describe(`beatmap store (${kind})`, () => {
    let be: Backend;
    before(async () => {
      be = await openBackend(kind);
    });
    after(async () => {
      await be.cleanup();
    });

    const make = (source = fakeSource(), clock = createManualClock(1_800_000_000_000)) => {
      const files = osuFileCache(path.join(be.dir, 'osu'));
      const store = createBeatmapStore({ storage: be.storage, files, clock, log, source });
      return { store, source, clock, files };
    };

    test('offline: a stored row is found by md5, id, set and file name; an unknown one is a miss', async () => {
      const files = osuFileCache(path.join(be.dir, 'osu'));
      const store = createBeatmapStore({ storage: be.storage, files, clock: createManualClock(), log });
      const u = upstreamMap(1001);
      await store.put({ ...(await import('../rules.js')).newRow(u, 1_700_000_000) });
      store.clearMemory();
      const byMd5 = await store.byMd5(u.md5);
      assert.equal(byMd5?.beatmapId, 1001);
      assert.equal(byMd5?.songName, 'Artist - Title Sub [Diff 1001]');
      assert.equal(byMd5?.fileName, 'Artist - Title Sub (Mapper) [Diff 1001].osu');
      assert.equal(byMd5?.bpm, 180);
      assert.equal(byMd5?.rating, 10);
      assert.equal((await store.byId(1001))?.beatmapMd5, u.md5);
      assert.deepEqual((await store.bySetId(100)).map((b) => b.beatmapId), [1001]);
      assert.equal((await store.byFileName('Artist - Title Sub (Mapper) [Diff 1001].osu'))?.beatmapId, 1001);
      assert.equal(await store.byMd5('0'.repeat(32)), undefined);
      assert.equal(await store.byMd5('not an md5'), undefined);
      assert.equal(await store.byId(0), undefined);
      assert.equal(await store.osuFile(u.md5), undefined);
    });

    test('a miss fetches once, stores, and the next lookup is served from the store', async () => {
      const u = upstreamMap(2001, { apiStatus: 3 });
      const { store, source } = make(fakeSource([u]));
      const first = await store.byMd5(u.md5);
      assert.equal(first?.ranked, RankedStatus.Qualified);
      assert.equal(first?.rankedStatusFreezed, false);
      assert.equal(source.calls.lookup, 1);
      store.clearMemory();
      assert.equal((await store.byMd5(u.md5))?.beatmapId, 2001);
      assert.equal(source.calls.lookup, 1);
      const row = await be.storage.beatmaps.findById(2001);
      assert.equal(row?.beatmapMd5, u.md5);
    });

    test('100 concurrent lookups of an unknown map make one upstream call', async () => {
      const u = upstreamMap(3001);
      const source = fakeSource([u]);
      let open!: () => void;
      source.gate = new Promise((r) => (open = r));
      const { store } = make(source);
      const all = Promise.all(Array.from({ length: 100 }, () => store.byMd5(u.md5)));
      open();
      const rows = await all;
      assert.equal(source.calls.lookup, 1);
      assert.ok(rows.every((r) => r?.beatmapId === 3001));
      // Born frozen: ranked upstream.
      assert.equal(rows[0]?.rankedStatusFreezed, true);
    });

    test('an upstream "absent" is remembered; unreachable upstream is a miss that is not remembered', async () => {
      const { store, source } = make(fakeSource([]));
      const md5 = md5Of(Buffer.from('nobody has this'));
      assert.equal(await store.byMd5(md5), undefined);
      assert.equal(await store.byMd5(md5), undefined);
      assert.equal(source.calls.lookup, 1);
      const other = md5Of(Buffer.from('down'));
      source.failWith = new Error('down');
      await assert.rejects(store.byMd5(other), (e: unknown) => e instanceof BeatmapSourceUnavailableError && /down/.test(e.message));
      source.failWith = undefined;
      assert.equal(await store.byMd5(other), undefined);
      assert.equal(source.calls.lookup, 3);
    });

    test('a stale pending row is served at once and refreshed in the background', async () => {
      const u = upstreamMap(4001, { apiStatus: 0 });
      const source = fakeSource([u]);
      const { store, clock } = make(source);
      assert.equal((await store.byId(4001))?.ranked, RankedStatus.Pending);
      assert.equal(source.calls.lookup, 1);
      // 9 minutes: still fresh.
      clock.advance(9 * 60_000);
      store.clearMemory();
      await store.byId(4001);
      await store.idle();
      assert.equal(source.calls.lookup, 1);
      // Upstream ranks it; 10 minutes: the lookup answers the stored (pending) row and refreshes.
      u.apiStatus = 1;
      clock.advance(60_000);
      store.clearMemory();
      assert.equal((await store.byId(4001))?.ranked, RankedStatus.Pending);
      await store.idle();
      assert.equal(source.calls.lookup, 2);
      const after = await store.byId(4001);
      assert.equal(after?.ranked, RankedStatus.Ranked);
      assert.equal(after?.latestUpdate, Math.floor(clock.now() / 1000));
    });

    test('ranked → pending upstream freezes the old status; frozen rows keep theirs; counters carry over', async () => {
      const u = upstreamMap(5001, { apiStatus: 4 });
      const source = fakeSource([u]);
      const events: string[] = [];
      const clock = createManualClock(1_800_000_000_000);
      const files = osuFileCache(path.join(be.dir, 'osu'));
      const store = createBeatmapStore({ storage: be.storage, files, clock, log, source, onStatusChange: (e) => events.push(e.outcome) });
      const row = await store.byId(5001);
      assert.equal(row?.ranked, RankedStatus.Loved);
      // Unfreeze by hand (as a nominator tool would not), then let upstream graveyard it.
      await store.put({ ...row!, rankedStatusFreezed: false, playcount: 7, passcount: 3 });
      u.apiStatus = -2;
      clock.advance(25 * 3600_000);
      await store.refreshNow(5001);
      const frozen = await be.storage.beatmaps.findById(5001);
      assert.equal(frozen?.ranked, RankedStatus.Loved);
      assert.equal(frozen?.rankedStatusFreezed, true);
      assert.equal(frozen?.playcount, 7);
      // Frozen: upstream qualifies it, the row stays loved.
      u.apiStatus = 3;
      clock.advance(25 * 3600_000);
      await store.refreshNow(5001);
      assert.equal((await be.storage.beatmaps.findById(5001))?.ranked, RankedStatus.Loved);
      assert.deepEqual(events, ['frozen', 'kept-frozen']);
    });

    test('an updated map (new md5) replaces the old row with fresh counters; a removed map is deleted', async () => {
      const u = upstreamMap(6001, { apiStatus: 0 });
      const source = fakeSource([u]);
      const { store, clock } = make(source);
      const oldMd5 = u.md5;
      const r = await store.byId(6001);
      await store.put({ ...r!, playcount: 9 });
      u.md5 = md5Of(Buffer.from('map 6001 v2'));
      clock.advance(11 * 60_000);
      await store.refreshNow(6001);
      assert.equal(await be.storage.beatmaps.findByMd5(oldMd5), undefined);
      const updated = await be.storage.beatmaps.findById(6001);
      assert.equal(updated?.beatmapMd5, u.md5);
      assert.equal(updated?.playcount, 0);
      source.maps.length = 0;
      clock.advance(11 * 60_000);
      await store.refreshNow(6001);
      assert.equal(await be.storage.beatmaps.findById(6001), undefined);
    });

    test('a failed refresh keeps serving the stale row and is not retried on every lookup', async () => {
      const u = upstreamMap(7001, { apiStatus: 3 });
      const source = fakeSource([u]);
      const { store, clock } = make(source);
      await store.byId(7001);
      source.failWith = new Error('osu! API down');
      clock.advance(6 * 60_000);
      for (let i = 0; i < 5; i++) {
        store.clearMemory();
        assert.equal((await store.byId(7001))?.beatmapId, 7001);
        await store.idle();
      }
      assert.equal(source.calls.lookup, 2);
    });

    test('.osu files: downloaded by id, verified against the md5, cached; a mismatch is rejected and not cached', async () => {
      const good = Buffer.from('osu file format v14\n\n[Metadata]\nBeatmapID:8001\n');
      const u = upstreamMap(8001, { md5: md5Of(good) });
      const bad = upstreamMap(8002);
      const source = fakeSource([u, bad]);
      source.files.set(8001, good);
      source.files.set(8002, Buffer.from('a different file'));
      const { store, files } = make(source);
      const got = await Promise.all([store.osuFile(u.md5), store.osuFile(u.md5)]);
      assert.deepEqual(Buffer.from(got[0]!), good);
      assert.equal(source.calls.osuFile, 1);
      assert.deepEqual(await readFile(files.pathOf(u.md5)), good);
      await store.osuFile(u.md5);
      assert.equal(source.calls.osuFile, 1);
      assert.equal(await store.osuFile(bad.md5), undefined);
      await assert.rejects(readFile(files.pathOf(bad.md5)), /ENOENT/);
      // A corrupted cache file is dropped, not served.
      const fresh = osuFileCache(files.dir);
      await mkdir(files.dir, { recursive: true });
      await writeFile(fresh.pathOf(bad.md5), 'garbage');
      assert.equal(await fresh.get(bad.md5), undefined);
      await assert.rejects(readFile(files.pathOf(bad.md5)), /ENOENT/);
    });
  });
}
