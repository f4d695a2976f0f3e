/**
 * osu!direct through a running server: the listing formats of score-and-web.md §1.5 byte for
 * byte, offline (the beatmaps table, on SQLite and MariaDB) and from osu! API v2 (a loopback
 * fake); `/d/<set>` through loopback mirrors (found, absent → 404, unreachable → 503).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../../test/support/start-test-server.js';
import { md5 } from '../../../test/support/bancho-client.js';
import { startFakeOsu, fakeMap, type FakeOsu } from '../../../test/support/fake-osu.js';
import { startLoopback, type LoopbackServer } from '../../../test/support/loopback-server.js';
import { loadBeatmapsConfig } from '../../../config-beatmaps.js';
import { md5Of } from '../../../adapters/beatmaps/osu-file-cache.js';
import { formatDiff, formatSearch, formatSetCard, isoSecondsZ } from '../format.js';

const OSU_FILE = (version: string, cs: number, hp: number): string =>
  [
    'osu file format v14',
    '[General]',
    'Mode: 0',
    '[Metadata]',
    'Title:Blue Zenith',
    'Artist:xi',
    'Creator:Asphyxia',
    `Version:${version}`,
    'BeatmapID:0',
    '[Difficulty]',
    `HPDrainRate:${hp}`,
    `CircleSize:${cs}`,
    'OverallDifficulty:9',
    'ApproachRate:9.5',
    '[HitObjects]',
    '256,192,1000,1,0',
  ].join('\n');

test('format: a diff, a search line and the 101 rule', () => {
  assert.equal(formatDiff({ stars: 5.4321, version: 'Insane, v2', cs: 4, od: 8.5, ar: 9.2, hp: 6, mode: 0 }), '[5.43⭐] Insane  v2 {cs: 4 / od: 8.5 / ar: 9.2 / hp: 6}@0');
  const set = { setId: 1, artist: 'a|b', title: 't', creator: 'c', apiStatus: 1, lastUpdate: isoSecondsZ(0), hasVideo: true, diffs: [] };
  assert.equal(formatSetCard(set), '1.osz|a b|t|c|1|10.0|1970-01-01T00:00:00Z|1|0|0|0|0|0');
  assert.equal(formatSearch(Array.from({ length: 100 }, () => set)), '101');
  assert.equal(formatSearch([]), '0');
});

for (const mode of ['embedded', 'redis'] as const) {
  describe(`osu!direct offline (${mode === 'embedded' ? 'sqlite' : 'mysql'})`, () => {
    let srv: TestServer;
    let auth: string;
    before(async () => {
      srv = await startTestServer({ mode });
      await srv.createUser('direct user', 'pw');
      auth = `u=${encodeURIComponent('direct user')}&h=${md5('pw')}`;
      const dir = path.join(srv.config.dataDir, 'osu');
      await mkdir(dir, { recursive: true });
      const storage = srv.servers[0]!.deps.storage;
      for (const [id, version, cs, hp, ranked] of [
        [-11, 'Insane', 4, 6, 2],
        [-12, 'Easy', 3, 3, 2],
        [-21, 'Other', 5, 5, 0],
      ] as const) {
        const bytes = Buffer.from(OSU_FILE(version, cs, hp).replace('Title:Blue Zenith', id === -21 ? 'Title:Freedom Dive' : 'Title:Blue Zenith'));
        const hash = md5Of(bytes);
        await writeFile(path.join(dir, `${hash}.osu`), bytes);
        await storage.beatmaps.upsert({
          beatmapId: id,
          beatmapsetId: id === -21 ? -20 : -10,
          beatmapMd5: hash,
          songName: `xi - ${id === -21 ? 'Freedom Dive' : 'Blue Zenith'} [${version}]`,
          fileName: `xi - ${id === -21 ? 'Freedom Dive' : 'Blue Zenith'} (Asphyxia) [${version}].osu`,
          ar: 9.5,
          od: 9,
          mode: 0,
          maxCombo: 1,
          hitLength: 1,
          bpm: 200,
          ranked,
          latestUpdate: 1_600_000_000,
          rankedStatusFreezed: false,
          playcount: 0,
          passcount: 0,
          countCircles: 1,
          countSliders: 0,
          countSpinners: 0,
        });
      }
    });
    after(async () => {
      await srv.close();
    });

    test('search lists the local sets in the exact format; filters by text and status', async () => {
      const all = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=4&q=Newest&m=-1&p=0`)).text();
      assert.equal(
        all,
        [
          '2',
          '-10.osz|xi|Blue Zenith|Asphyxia|1|10.0|2020-09-13T12:26:40Z|-10|0|0|0|0|0|[0.00⭐] Easy {cs: 3 / od: 9 / ar: 9.5 / hp: 3}@0,[0.00⭐] Insane {cs: 4 / od: 9 / ar: 9.5 / hp: 6}@0',
          '-20.osz|xi|Freedom Dive|Asphyxia|0|10.0|2020-09-13T12:26:40Z|-20|0|0|0|0|0|[0.00⭐] Other {cs: 5 / od: 9 / ar: 9.5 / hp: 5}@0',
        ].join('\n'),
      );
      const dive = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=4&q=freedom&m=0&p=0`)).text();
      assert.equal(dive.split('\n')[0], '1');
      assert.match(dive, /^1\n-20\.osz\|/);
      const ranked = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=0&q=&m=-1&p=0`)).text();
      assert.match(ranked, /^1\n-10\.osz\|/);
      const none = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=4&q=${encodeURIComponent('100%_!')}&m=-1&p=0`)).text();
      assert.equal(none, '0');
      assert.equal((await fetch(`${srv.url}/web/osu-search.php?${auth}&r=4&q=x&m=-1&p=1`)).status, 200);
    });

    test('search-set by set or beatmap id; 400 without one, 404 unknown, 401 without auth', async () => {
      assert.equal(await (await fetch(`${srv.url}/web/osu-search-set.php?${auth}&s=-10`)).text(), '-10.osz|xi|Blue Zenith|Asphyxia|1|10.0|2020-09-13T12:26:40Z|-10|0|0|0|0|0');
      assert.equal(await (await fetch(`${srv.url}/web/osu-search-set.php?${auth}&b=-21`)).text(), '-20.osz|xi|Freedom Dive|Asphyxia|0|10.0|2020-09-13T12:26:40Z|-20|0|0|0|0|0');
      assert.equal((await fetch(`${srv.url}/web/osu-search-set.php?${auth}`)).status, 400);
      assert.equal((await fetch(`${srv.url}/web/osu-search-set.php?${auth}&s=424242`)).status, 404);
      assert.equal((await fetch(`${srv.url}/web/osu-search-set.php?u=x&h=${md5('no')}&s=1`)).status, 401);
      assert.equal((await fetch(`${srv.url}/web/osu-search.php?u=direct%20user&h=${md5('wrong')}&r=4&q=&m=-1&p=0`)).status, 401);
    });

    test('/d/ without mirrors is a 404 that says so; a bad id is 400', async () => {
      const r = await fetch(`${srv.url}/d/123`);
      assert.equal(r.status, 404);
      assert.match(await r.text(), /no download mirror/);
      assert.equal((await fetch(`${srv.url}/d/abc`)).status, 400);
    });
  });
}

describe('osu!direct online (osu! API v2 and a mirror, loopback)', () => {
  let srv: TestServer;
  let osu: FakeOsu;
  let mirror: LoopbackServer;
  let auth: string;
  const ZIP = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('set archive')]);
  before(async () => {
    osu = await startFakeOsu();
    osu.maps.push(fakeMap(1001), fakeMap(1002, { stars: 2.5, version: 'Easy' }), fakeMap(2001, { setId: 200, artist: 'Other', title: 'Song', approved: 4, mode: 1 }));
    mirror = await startLoopback((req, res) => {
      if (req.url === '/d/404') res.writeHead(404).end();
      else if (req.url === '/d/500') res.writeHead(500).end();
      else res.writeHead(200).end(ZIP);
    });
    const beatmaps = loadBeatmapsConfig({ OSU_API_V2_CLIENT_ID: '42', OSU_API_V2_CLIENT_SECRET: 'secret', OSU_API_V2_URL: osu.url, OSU_FILES_URL: `${osu.url}/osu`, MIRRORS: mirror.url });
    srv = await startTestServer({ config: { beatmaps } });
    await srv.createUser('direct user', 'pw');
    auth = `u=${encodeURIComponent('direct user')}&h=${md5('pw')}`;
  });
  after(async () => {
    await srv.close();
    await mirror.close();
    await osu.close();
  });

  test('search and search-set from v2, in the exact format', async () => {
    const body = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=4&q=Top%20Rated&m=-1&p=0`)).text();
    assert.equal(
      body,
      [
        '2',
        '100.osz|Camellia|Exit This Earth*s Atomosphere|Mapper|1|10.0|2020-01-02T03:04:05Z|100|0|0|0|0|0|[2.50⭐] Easy {cs: 4 / od: 8.5 / ar: 9.2 / hp: 6}@0,[5.43⭐] Diff 1001 {cs: 4 / od: 8.5 / ar: 9.2 / hp: 6}@0',
        '200.osz|Other|Song|Mapper|4|10.0|2020-01-02T03:04:05Z|200|0|0|0|0|0|[5.43⭐] Diff 2001 {cs: 4 / od: 8.5 / ar: 9.2 / hp: 6}@1',
      ].join('\n'),
    );
    const searches = osu.requests.filter((r) => r.url.startsWith('/api/v2/beatmapsets/search')).map((r) => new URL(r.url, 'http://x').searchParams);
    assert.deepEqual(searches.map((p) => [p.get('q'), p.get('s'), p.get('page')]).sort(), [[null, 'any', '1'], [null, 'any', '2']]);
    const other = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=8&q=other&m=1&p=0`)).text();
    assert.match(other, /^1\n200\.osz\|Other\|Song\|/);
    assert.equal(await (await fetch(`${srv.url}/web/osu-search-set.php?${auth}&s=200`)).text(), '200.osz|Other|Song|Mapper|4|10.0|2020-01-02T03:04:05Z|200|0|0|0|0|0');
    // By beatmap id: the map is looked up (and stored) first, then its set.
    assert.match(await (await fetch(`${srv.url}/web/osu-search-set.php?${auth}&b=1002`)).text(), /^100\.osz\|Camellia\|/);
    assert.equal((await srv.servers[0]!.deps.storage.beatmaps.findById(1002))?.beatmapsetId, 100);
    assert.equal((await fetch(`${srv.url}/web/osu-search-set.php?${auth}&s=999`)).status, 404);
  });

  test('a v2 outage is the -1 error line, not a crash', async () => {
    osu.script.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const body = await (await fetch(`${srv.url}/web/osu-search.php?${auth}&r=4&q=x&m=-1&p=3`)).text();
    assert.equal(body, '-1\nFailed to retrieve data from the beatmap mirror.');
    osu.script.length = 0;
  });

  test('/d/ through the mirror: the archive, 404 when absent, 503 + Retry-After when unreachable', async () => {
    const ok = await fetch(`${srv.url}/d/100n`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-disposition'), 'attachment; filename="100.osz"');
    assert.deepEqual(Buffer.from(await ok.arrayBuffer()), ZIP);
    assert.equal(mirror.requests.at(-1)?.url, '/d/100');
    assert.equal((await fetch(`${srv.url}/d/404`)).status, 404);
    const down = await fetch(`${srv.url}/d/500`);
    assert.equal(down.status, 503);
    assert.ok(Number(down.headers.get('retry-after')) >= 1);
    // Every attempt lands in beatmap_mirror_requests (written behind the answer: poll briefly).
    const storage = srv.servers[0]!.deps.storage;
    let logged = await storage.beatmaps.recentMirrorRequests(10);
    for (let i = 0; i < 100 && logged.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
      logged = await storage.beatmaps.recentMirrorRequests(10);
    }
    assert.deepEqual(logged.slice(0, 3).map((e) => [e.requestUrl, e.success, e.statusCode, e.resource]), [
      [`${mirror.url}/d/500`, false, 500, 'osz_file'],
      [`${mirror.url}/d/404`, true, 404, 'osz_file'],
      [`${mirror.url}/d/100`, true, 200, 'osz_file'],
    ]);
  });
});
