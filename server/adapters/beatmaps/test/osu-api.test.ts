/** osu! API v1 and v2 clients and the world source against a loopback fake of osu!. */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Egress } from '../../../egress/egress.js';
import { createLogger } from '../../../log.js';
import { createManualClock } from '../../../test/support/manual-clock.js';
import { startFakeOsu, fakeMap, type FakeOsu } from '../../../test/support/fake-osu.js';
import { OsuApiV1, v1Date } from '../osu-api-v1.js';
import { OsuApiV2 } from '../osu-api-v2.js';
import { openWorldSources } from '../world-source.js';
import { loadBeatmapsConfig } from '../../../config-beatmaps.js';
import { BeatmapSourceUnavailableError } from '../../../ports/beatmap-store.js';
import { md5Of } from '../osu-file-cache.js';

const log = createLogger('silent');
const noSleep = async (): Promise<void> => undefined;

describe('osu! API clients', () => {
  let osu: FakeOsu;
  let egress: Egress;
  before(async () => {
    osu = await startFakeOsu();
    osu.maps.push(fakeMap(1001), fakeMap(1002, { approved: 4 }), fakeMap(2001, { setId: 200 }));
  });
  beforeEach(() => {
    egress = new Egress({ defaultLimit: { rate: 1000, burst: 1000 }, sleep: noSleep });
  });
  after(async () => {
    await egress.close();
    await osu.close();
  });

  test('v1 get_beatmaps by md5, id and set; keys rotate; strings become numbers', async () => {
    const v1 = new OsuApiV1({ egress, baseUrl: `${osu.url}/api`, keys: ['key1', 'key2'] });
    const [byMd5] = await v1.getBeatmaps({ md5: osu.maps[0]!.md5 });
    assert.equal(byMd5?.beatmapId, 1001);
    assert.equal(byMd5?.ar, 9.2);
    assert.equal(byMd5?.apiStatus, 1);
    assert.equal(byMd5?.maxCombo, 1500);
    assert.equal(byMd5?.countCircles, 100);
    assert.equal(byMd5?.lastUpdate, Date.UTC(2020, 0, 2, 3, 4, 5) / 1000);
    assert.equal((await v1.getBeatmaps({ id: 1002 }))[0]?.apiStatus, 4);
    assert.deepEqual((await v1.getBeatmaps({ setId: 100 })).map((b) => b.beatmapId), [1001, 1002]);
    assert.deepEqual(await v1.getBeatmaps({ id: 9999 }), []);
    const keys = osu.requests.filter((r) => r.url.startsWith('/api/get_beatmaps')).map((r) => new URL(r.url, 'http://x').searchParams.get('k'));
    assert.deepEqual(keys.slice(-4), ['key1', 'key2', 'key1', 'key2']);
    assert.equal(v1Date('garbage'), 0);
  });

  test('v1: a bad key (401/403) or garbage is "unavailable", not "absent"', async () => {
    const v1 = new OsuApiV1({ egress, baseUrl: `${osu.url}/api`, keys: ['wrong'] });
    await assert.rejects(v1.getBeatmaps({ id: 1001 }), BeatmapSourceUnavailableError);
    osu.script.push({ status: 200, body: '<html>cloudflare</html>' });
    const ok = new OsuApiV1({ egress, baseUrl: `${osu.url}/api`, keys: ['key1'] });
    await assert.rejects(ok.getBeatmaps({ id: 1001 }), /not JSON/);
  });

  test('v2: one token for concurrent callers, reused, refetched once on 401', async () => {
    const clock = createManualClock();
    const v2 = new OsuApiV2({ egress, baseUrl: osu.url, clientId: '42', clientSecret: 'secret', clock });
    const before = osu.tokensIssued;
    const results = await Promise.all(Array.from({ length: 10 }, () => v2.lookup({ md5: osu.maps[1]!.md5 })));
    assert.ok(results.every((r) => r[0]?.beatmapId === 1002 && r[0].artist === 'Camellia' && r[0].od === 8.5));
    assert.equal(osu.tokensIssued - before, 1);
    assert.deepEqual((await v2.lookup({ setId: 100 })).map((b) => b.beatmapId), [1001, 1002]);
    assert.deepEqual(await v2.lookup({ id: 424242 }), []);
    assert.equal(osu.tokensIssued - before, 1);
    // The server forgets the token: one 401, one new token, the call succeeds.
    osu.liveTokens.clear();
    assert.equal((await v2.lookup({ id: 2001 }))[0]?.beatmapsetId, 200);
    assert.equal(osu.tokensIssued - before, 2);
    // Expiry: a day later a new token is fetched before the call.
    clock.advance(86_400_000);
    await v2.lookup({ id: 2001 });
    assert.equal(osu.tokensIssued - before, 3);
    // Wrong credentials: unavailable, with the cause in the message.
    const bad = new OsuApiV2({ egress, baseUrl: osu.url, clientId: '1', clientSecret: 'x', clock });
    await assert.rejects(bad.lookup({ id: 2001 }), /token request answered 401/);
  });

  test('world source: nothing configured → offline; v1 down → v2; .osu from the official host checked by md5', async () => {
    assert.equal(openWorldSources(loadBeatmapsConfig({}), { egress, clock: createManualClock(), log }).source, undefined);
    const file = Buffer.from('osu file format v14\n[Metadata]\nBeatmapID:1001\n');
    osu.maps[0]!.file = file;
    osu.maps[0]!.md5 = md5Of(file);
    const cfg = loadBeatmapsConfig({
      OSU_API_V1_KEY: 'key1',
      OSU_API_V1_URL: `${osu.url}/api`,
      OSU_API_V2_CLIENT_ID: '42',
      OSU_API_V2_CLIENT_SECRET: 'secret',
      OSU_API_V2_URL: osu.url,
      OSU_FILES_URL: `${osu.url}/osu`,
    });
    const { source } = openWorldSources(cfg, { egress, clock: createManualClock(), log });
    assert.ok(source?.lookup && source.osuFile);
    const v2Before = osu.count('/api/v2/');
    osu.script.push({ status: 403 });
    assert.equal((await source.lookup({ id: 1001 }))[0]?.md5, md5Of(file));
    assert.ok(osu.count('/api/v2/') > v2Before);
    assert.deepEqual(await source.osuFile(1001, md5Of(file)), file);
    // The host serves a file that is not the one asked for: not returned.
    assert.equal(await source.osuFile(1001, 'f'.repeat(32)), undefined);
    assert.equal(await source.osuFile(1002, osu.maps[1]!.md5), undefined);
  });
});
