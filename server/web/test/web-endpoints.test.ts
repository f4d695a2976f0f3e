/**
 * The /web/ side calls over real HTTP on both backends (SQLite embedded; MariaDB + Redis): replays
 * (raw and full .osr, parsed back), lastfm flags, ratings, favourites, friends, seasonal
 * backgrounds, getbeatmapinfo, comments, markasread, screenshots and /ss/, the fixed answers and
 * redirects, and score-service's small API. Success and bad input for each.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Mods } from '../../../protocol/osu/mods.js';
import { akatsukiReplayMd5, readOsr } from '../../../protocol/replay/index.js';
import { replayBytes } from '../../../protocol/replay/test/fixtures.js';
import { Privileges } from '../../domain/privileges.js';
import { replayKey } from '../../ports/blob-store.js';
import { loginBody, postBancho } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { addScore, beatmapRow, makeUser, md5, rawDb } from './web-fixtures.js';

const MAP = beatmapRow(201);
const PENDING = beatmapRow(202, { ranked: 0 });
const FRAMES = Buffer.from(readOsr(replayBytes('cc-example_replay.osr')).frames);

/** A structurally valid 1×1 PNG (CRCs are not checked by the server). */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([1, 2, 3])), chunk('IEND', Buffer.alloc(0))]);
}

const BACKENDS = [
  { label: 'SQLite', mode: 'embedded' },
  { label: 'MariaDB', mode: 'redis' },
  { label: "MariaDB on Akatsuki's own schema", mode: 'redis', database: 'akatsuki-fixture' },
] as const;

for (const backend of BACKENDS) {
  const { mode } = backend;
  describe(`/web/ side calls (${backend.label})`, () => {
    let server: TestServer;
    let alice: number;
    let bob: number;
    let erin: number;
    let bobScore: bigint;
    let bobRelax: bigint;
    let bobAp: bigint;
    const pw = md5('pw');

    const storage = () => server.servers[0]!.deps.storage;
    const get = async (path: string, params: Record<string, string | number> = {}, init: RequestInit = {}) => {
      const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
      const r = await fetch(`${server.url}${path}${Object.keys(params).length ? `?${q}` : ''}`, init);
      return { status: r.status, body: Buffer.from(await r.arrayBuffer()), headers: r.headers };
    };
    const text = async (path: string, params: Record<string, string | number> = {}) => {
      const r = await get(path, params);
      return { status: r.status, body: r.body.toString('utf8') };
    };
    const replaysWatched = async (userId: number, m: number) => (await storage().stats.get(userId, m as 0))?.replaysWatched;

    before(async () => {
      server = await startTestServer({ mode, config: { domain: 'hayate.test' }, ...('database' in backend ? { database: backend.database } : {}) });
      const s = storage();
      for (const b of [MAP, PENDING]) await s.beatmaps.upsert(b);
      alice = await makeUser(s, 'alice');
      bob = await makeUser(s, 'bob');
      erin = await makeUser(s, 'erin');
      await s.relationships.add(alice, erin);
      await s.relationships.add(alice, bob);
      bobScore = await addScore(s, 'vanilla', { userId: bob, beatmapMd5: MAP.beatmapMd5, score: 123_456, time: 1_700_000_123, mods: Mods.Hidden, fullCombo: true });
      bobRelax = await addScore(s, 'relax', { userId: bob, beatmapMd5: MAP.beatmapMd5, mods: Mods.Relax });
      bobAp = await addScore(s, 'autopilot', { userId: bob, beatmapMd5: MAP.beatmapMd5, mods: Mods.Autopilot });
      const blobs = server.servers[0]!.blobs;
      for (const id of [bobScore, bobRelax, bobAp]) await blobs.put(replayKey(id), FRAMES);
    });
    after(async () => {
      await server?.close();
    });

    describe('replays', () => {
      test('getreplay: the frames as stored; a view by another player counts for the owner in the score mode', async () => {
        const r = await get('/web/osu-getreplay.php', { u: 'alice', h: pw, c: String(bobScore), m: 0 });
        assert.equal(r.status, 200);
        assert.ok(r.body.equals(FRAMES));
        assert.equal(await replaysWatched(bob, 0), 1);
        await get('/web/osu-getreplay.php', { u: 'bob', h: pw, c: String(bobScore) });
        assert.equal(await replaysWatched(bob, 0), 1, 'the owner watching does not count');
        await get('/web/osu-getreplay.php', { u: 'alice', h: pw, c: String(bobRelax) });
        assert.equal(await replaysWatched(bob, 4), 1, 'relax std counts in mode 4');
        await get('/web/osu-getreplay.php', { u: 'alice', h: pw, c: String(bobAp) });
        assert.equal(await replaysWatched(bob, 8), 1, 'autopilot counts in mode 8');
      });

      test('getreplay: unknown score → "error: no"; no stored replay → empty; bad input', async () => {
        assert.equal((await text('/web/osu-getreplay.php', { u: 'alice', h: pw, c: '500999999' })).body, 'error: no');
        const noBlob = await addScore(storage(), 'vanilla', { userId: bob, beatmapMd5: MAP.beatmapMd5 });
        const r = await text('/web/osu-getreplay.php', { u: 'alice', h: pw, c: String(noBlob) });
        assert.deepEqual([r.status, r.body], [200, '']);
        assert.equal((await text('/web/osu-getreplay.php', { u: 'alice', h: md5('no'), c: String(bobScore) })).status, 401);
        assert.equal((await text('/web/osu-getreplay.php', { u: 'alice', h: pw, c: 'abc' })).status, 422);
        assert.equal((await text('/web/osu-getreplay.php', { u: 'alice', h: pw })).status, 422);
      });

      test('/web/replays/<id>: a full .osr that parses back to the score', async () => {
        const r = await get(`/web/replays/${bobScore}`);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-disposition'), `attachment; filename=replay-osu_${MAP.beatmapId}_${bobScore}.osr`);
        const osr = readOsr(new Uint8Array(r.body));
        const h = osr.header;
        assert.equal(h.mode, 0);
        assert.equal(h.gameVersion, 20211103);
        assert.equal(h.beatmapMd5, MAP.beatmapMd5);
        assert.equal(h.username, 'bob');
        assert.deepEqual([h.count300, h.count100, h.count50, h.countMiss, h.countKatu, h.countGeki], [500, 20, 3, 1, 5, 40]);
        assert.deepEqual([h.score, h.maxCombo, h.perfect, h.mods], [123_456, 900, true, Mods.Hidden]);
        assert.equal(h.timestampTicks, 1_700_000_123n * 10_000_000n + 621_355_968_000_000_000n);
        assert.equal(h.onlineScoreId, Number(bobScore));
        assert.equal(
          h.replayMd5,
          akatsukiReplayMd5({ scoreId: Number(bobScore), mode: 0, beatmapMd5: MAP.beatmapMd5, username: 'bob', count300: 500, count100: 20, count50: 3, countGeki: 40, countKatu: 5, countMiss: 1, score: 123_456, maxCombo: 900, perfect: true, mods: Mods.Hidden, playedAt: 1_700_000_123 }),
        );
        assert.ok(Buffer.from(osr.frames).equals(FRAMES));
      });

      test('/web/replays/<id>: an autopilot id above 2^53 is written exactly', async () => {
        const r = await get(`/web/replays/${bobAp}`);
        assert.equal(r.status, 200);
        assert.equal(r.body.readBigInt64LE(r.body.length - 8), bobAp);
      });

      test('/web/replays/<id>: missing pieces answer score-service texts; a bad id is 422', async () => {
        assert.equal((await text('/web/replays/500999999')).body, 'Score not found!');
        const noBlob = await addScore(storage(), 'vanilla', { userId: bob, beatmapMd5: MAP.beatmapMd5 });
        assert.equal((await text(`/web/replays/${noBlob}`)).body, 'Replay not found!');
        const orphan = await addScore(storage(), 'vanilla', { userId: bob, beatmapMd5: md5('no such map') });
        await server.servers[0]!.blobs.put(replayKey(orphan), FRAMES);
        assert.equal((await text(`/web/replays/${orphan}`)).body, 'Beatmap not found!');
        assert.equal((await text('/web/replays/12abc')).status, 422);
      });
    });

    test('lastfm: plain beatmap ids answer -3 and write nothing; flags are recorded with explanations', async () => {
      assert.equal((await text('/web/lastfm.php', { us: 'alice', ha: pw, b: '123' })).body, '-3');
      assert.equal((await text('/web/lastfm.php', { us: 'alice', ha: pw, b: `a${(1 << 1) | (1 << 8) | (1 << 30)}` })).body, '-3');
      const rows = await sql<{ user_id: number; flag_enum: number; flag_text: string }>`SELECT user_id, flag_enum, flag_text FROM lastfm_flags`.execute(rawDb(storage()));
      assert.equal(rows.rows.length, 1);
      assert.equal(Number(rows.rows[0]!.user_id), alice);
      assert.equal(Number(rows.rows[0]!.flag_enum), (1 << 1) | (1 << 8) | (1 << 30));
      assert.equal(rows.rows[0]!.flag_text.split('\n').length, 3);
      assert.match(rows.rows[0]!.flag_text, /flashlight remover/);
      assert.equal((await text('/web/lastfm.php', { us: 'alice', ha: pw, b: 'ajunk' })).status, 422);
      assert.equal((await text('/web/lastfm.php', { us: 'alice', ha: md5('x'), b: 'a2' })).status, 401);
    });

    test('osu-rate: unknown, unranked, ok, votes averaged, already voted; bad input', async () => {
      const rate = (u: string, params: Record<string, string | number>) => text('/web/osu-rate.php', { u, p: pw, ...params });
      assert.equal((await rate('alice', { c: md5('nope') })).body, 'no exist');
      assert.equal((await rate('alice', { c: PENDING.beatmapMd5 })).body, 'not ranked');
      assert.equal((await rate('alice', { c: MAP.beatmapMd5 })).body, 'ok');
      assert.equal((await rate('alice', { c: MAP.beatmapMd5, v: 7 })).body, 'alreadyvoting\n7.00');
      assert.equal((await rate('bob', { c: MAP.beatmapMd5, v: 8 })).body, 'alreadyvoting\n7.50');
      assert.equal((await rate('alice', { c: MAP.beatmapMd5, v: 1 })).body, 'alreadyvoted\n7.5');
      assert.equal((await rate('erin', { c: MAP.beatmapMd5, v: 11 })).status, 422);
      const bad = await text('/web/osu-rate.php', { u: 'erin', p: md5('x'), c: MAP.beatmapMd5 });
      assert.deepEqual([bad.status, bad.body], [401, '{"detail":"auth fail"}']);
    });

    test('favourites: add, add again, list; bad input', async () => {
      assert.equal((await text('/web/osu-addfavourite.php', { u: 'erin', h: pw, a: 1010 })).body, 'Added favourite!');
      assert.equal((await text('/web/osu-addfavourite.php', { u: 'erin', h: pw, a: 1010 })).body, "You've already favourited this beatmap!");
      assert.equal((await text('/web/osu-addfavourite.php', { u: 'erin', h: pw, a: 42 })).body, 'Added favourite!');
      assert.deepEqual((await text('/web/osu-getfavourites.php', { u: 'erin', h: pw })).body.split('\n').sort(), ['1010', '42']);
      assert.equal((await text('/web/osu-getfavourites.php', { u: 'bob', h: pw })).body, '');
      assert.equal((await text('/web/osu-addfavourite.php', { u: 'erin', h: pw, a: 'x' })).status, 422);
      assert.equal((await text('/web/osu-getfavourites.php', { u: 'erin', h: md5('x') })).status, 401);
    });

    test('getfriends and getseasonal', async () => {
      assert.deepEqual((await text('/web/osu-getfriends.php', { u: 'alice', h: pw })).body.split('\n').map(Number).sort(), [bob, erin].sort());
      assert.equal((await text('/web/osu-getfriends.php', { u: 'alice', h: md5('x') })).status, 401);
      const db = rawDb(storage());
      await sql`INSERT INTO seasonal_bg (enabled, url) VALUES (1, 'https://a.test/1.jpg'), (0, 'https://a.test/off.jpg'), (1, 'https://a.test/2.jpg')`.execute(db);
      const r = await get('/web/osu-getseasonal.php');
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.deepEqual(JSON.parse(r.body.toString()), ['https://a.test/1.jpg', 'https://a.test/2.jpg']);
    });

    test('getbeatmapinfo: known file names with status and the best grade per mode; bad body', async () => {
      const post = (body: string, u = 'bob') => fetch(`${server.url}/web/osu-getbeatmapinfo.php?u=${u}&h=${pw}`, { method: 'POST', body }).then(async (r) => ({ status: r.status, body: await r.text() }));
      const r = await post(JSON.stringify({ Filenames: ['unknown.osu', MAP.fileName], Ids: [] }));
      assert.equal(r.status, 200);
      // bob's best on MAP in std: 500/20/3/1 miss, HD → A (silver only for S and above).
      assert.equal(r.body, `1|${MAP.beatmapId}|${MAP.beatmapsetId}|${MAP.beatmapMd5}|1|A|N|N|N`);
      assert.equal((await post('not json')).status, 400);
      assert.equal((await post('{"Filenames": [1]}')).status, 400);
      assert.equal((await post('{}', 'nobody')).status, 401);
    });

    test('osu-comment: post to each target, get them back in order; formats, limits, duplicates', async () => {
      const s = storage();
      await s.users.setPrivileges(erin, Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.Donator);
      const post = (u: string, fields: Record<string, string | number>) =>
        fetch(`${server.url}/web/osu-comment.php`, { method: 'POST', body: new URLSearchParams(Object.entries({ u, p: pw, ...fields }).map(([k, v]): [string, string] => [k, String(v)])) }).then(async (r) => ({ status: r.status, body: await r.text() }));
      const ids = { b: MAP.beatmapId, s: MAP.beatmapsetId, r: String(bobScore), m: 0 };
      assert.equal((await post('alice', { ...ids, a: 'post', target: 'map', starttime: 5000, comment: 'nice\tjump' })).status, 200);
      assert.equal((await post('erin', { ...ids, a: 'post', target: 'song', starttime: 1000, comment: 'x'.repeat(200), f: 'ff00aa' })).status, 200);
      assert.equal((await post('bob', { ...ids, a: 'post', target: 'replay', starttime: 2000, comment: 'my run' })).status, 200);
      // Within 5 s of alice's own map comment: refused, nothing stored.
      assert.equal((await post('alice', { ...ids, a: 'post', target: 'map', starttime: 9000, comment: 'again' })).status, 200);
      const got = await post('alice', { ...ids, a: 'get' });
      assert.equal(got.body, ['5000\tmap\t\tnicejump', `1000\tsong\tsubscriber|ff00aa\t${'x'.repeat(128)}`, '2000\treplay\tplayer\tmy run'].join('\n'));
      assert.equal((await post('alice', { ...ids, a: 'post', target: 'elsewhere', starttime: 1, comment: 'x' })).status, 400);
      assert.equal((await post('alice', { ...ids, a: 'post', target: 'map', starttime: 'soon', comment: 'x' })).status, 400);
      assert.equal((await post('alice', { ...ids, a: 'post', target: 'map', starttime: 60_000, comment: '\r\n' })).status, 400);
      assert.equal((await post('alice', { ...ids, a: 'dance' })).status, 400);
      assert.equal((await post('nobody', { ...ids, a: 'get' })).status, 401);
    });

    test('markasread: the private messages from that player become read', async () => {
      const s = storage();
      await s.messages.store({ senderId: bob, recipientId: alice, recipientChannel: null, content: 'hi', createdAt: 1_700_000_000 });
      await s.messages.store({ senderId: erin, recipientId: alice, recipientChannel: null, content: 'yo', createdAt: 1_700_000_001 });
      assert.equal((await text('/web/osu-markasread.php', { u: 'alice', h: pw, channel: 'bob' })).body, '');
      assert.deepEqual((await s.messages.unreadFor(alice)).map((m) => m.senderId), [erin]);
      assert.equal((await text('/web/osu-markasread.php', { u: 'alice', h: pw })).status, 422);
      assert.equal((await text('/web/osu-markasread.php', { u: 'alice', h: md5('x'), channel: 'bob' })).status, 401);
    });

    test('screenshots: stored only for an online osu! client, once per 10 s per address, real images only; /ss/ serves them', async () => {
      const login = await postBancho(server.url, loginBody('alice', 'pw'));
      assert.ok(login.token, 'alice is online');
      const upload = async (u: string, image: Buffer, headers: Record<string, string>) => {
        const form = new FormData();
        form.set('u', u);
        form.set('p', pw);
        form.set('v', '1');
        form.set('ss', new Blob([new Uint8Array(image)]), 'ss.png');
        const r = await fetch(`${server.url}/web/osu-screenshot.php`, { method: 'POST', body: form, headers });
        return { status: r.status, body: await r.text() };
      };
      const png = tinyPng();
      const site = 'https://hayate.test/';
      const ok = await upload('alice', png, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.1' });
      assert.match(ok.body, /^[A-Za-z0-9]{8}\.png$/);
      const served = await get(`/ss/${ok.body}`);
      assert.equal(served.headers.get('content-type'), 'image/png');
      assert.deepEqual(served.body, png);
      assert.equal((await upload('alice', png, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.1' })).body, site, 'rate limited');
      assert.equal((await upload('alice', png, { 'User-Agent': 'curl', 'X-Forwarded-For': '10.0.0.2' })).body, site, 'not the client');
      assert.equal((await upload('bob', png, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.3' })).body, site, 'offline');
      const fake = Buffer.concat([png.subarray(0, 8), Buffer.from('not really a png at all, just text')]);
      assert.equal((await upload('alice', fake, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.4' })).body, site, 'not an image');
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), Buffer.alloc(32), Buffer.from([0xff, 0xd9])]);
      assert.match((await upload('alice', jpeg, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.5' })).body, /^[A-Za-z0-9]{8}\.jpeg$/);
      const big = Buffer.concat([png, Buffer.alloc(600_000)]);
      assert.equal((await upload('alice', big, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.6' })).status, 413);
      assert.equal((await upload('alice', png, { 'User-Agent': 'osu!', 'X-Forwarded-For': '10.0.0.7', })).body.length, 12);
      assert.equal((await upload('nobody', png, { 'User-Agent': 'osu!' })).status, 401);
      const notForm = await fetch(`${server.url}/web/osu-screenshot.php`, { method: 'POST', body: 'u=alice' });
      assert.equal(notForm.status, 400);
      assert.equal((await get('/ss/missing.png')).status, 404);
      assert.equal((await get('/ss/..%2Fx')).status, 404);
    });

    test('fixed answers, redirects and unimplemented calls never fail', async () => {
      for (const p of ['/web/bancho_connect.php?v=b2024&u=alice&h=x', '/web/bancho-connect.php', '/web/check-updates.php?action=check&stream=stable40', '/web/osu-session.php', '/web/osu-checktweets.php']) {
        const r = await text(p);
        assert.deepEqual([r.status, r.body], [200, ''], p);
      }
      const bm = await fetch(`${server.url}/web/osu-osz2-bmsubmit-getid.php`, { method: 'POST', body: 'x' });
      assert.equal(bm.status, 200);
      for (const p of ['/web/maps/Artist%20-%20Title.osu', '/beatmapsets/1', '/beatmaps/2', '/community/forums/topics/3']) {
        const r = await fetch(server.url + p, { redirect: 'manual' });
        assert.equal(r.status, 301, p);
        assert.equal(r.headers.get('location'), `https://osu.ppy.sh${p}`);
      }
      const dr = await fetch(`${server.url}/difficulty-rating`, { method: 'POST', body: '{}', redirect: 'manual' });
      assert.deepEqual([dr.status, dr.headers.get('location')], [307, 'https://osu.ppy.sh/difficulty-rating']);
      const peppy = await text('/p/doyoureallywanttoaskpeppy');
      assert.equal(peppy.status, 200);
      assert.ok(peppy.body.length > 0);
      const form = new FormData();
      form.set('u', 'alice');
      form.set('exception', 'System.Exception: boom');
      assert.equal((await fetch(`${server.url}/web/osu-error.php`, { method: 'POST', body: form })).status, 200);
      assert.equal((await fetch(`${server.url}/web/osu-error.php`, { method: 'POST', body: 'nope' })).status, 400);
    });

    test("score-service's API: status, total scores, pp without a pool and for unknown maps", async () => {
      assert.deepEqual(JSON.parse((await text('/api/v1/status')).body), { server_status: 1 });
      const counted = await sql<{ n: number }>`SELECT (SELECT COUNT(*) FROM scores) + (SELECT COUNT(*) FROM scores_relax) + (SELECT COUNT(*) FROM scores_ap) AS n`.execute(rawDb(storage()));
      assert.equal(Number((await text('/public/api/v1/aggregate-score-stats/total-scores-set')).body), Number(counted.rows[0]!.n));
      const unknown = await text('/api/v1/pp', { b: 999_999 });
      assert.equal(unknown.status, 400);
      assert.ok(JSON.parse(unknown.body).message);
      assert.equal((await text('/api/v1/pp', { b: MAP.beatmapId })).status, 503, 'this test server runs no compute pool');
      assert.equal((await text('/api/v1/pp', {})).status, 422);
      assert.equal((await text('/api/v1/pp', { b: MAP.beatmapId, a: 'x' })).status, 422);
    });
  });
}
