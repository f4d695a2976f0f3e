/**
 * akatsuki-api's public routes and the osu! API v1 compatibility routes over real HTTP, on both
 * backends: embedded (SQLite, in-process boards) and production (MariaDB, Redis boards).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../../test/support/start-test-server.js';
import { addBadge, addToken, seedWorld, type World } from './seed.js';
import { TokenPrivileges } from '../token-privileges.js';

type Json = Record<string, unknown> & { code: number };

for (const mode of ['embedded', 'redis'] as const) {
  describe(`public API (${mode === 'embedded' ? 'SQLite' : 'MariaDB + Redis'})`, () => {
    let server: TestServer;
    let w: World;
    before(async () => {
      server = await startTestServer({ mode, config: { publicCacheMs: 0 } });
      w = await seedWorld(server.servers[0]!);
      await addBadge(server.servers[0]!.deps.storage, w.alice, 'Tester', 'fa-check');
    });
    after(() => server.close());

    const raw = async (path: string, init?: RequestInit): Promise<{ status: number; text: string; type: string }> => {
      const res = await fetch(`${server.url}${path}`, init);
      return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
    };
    const get = async (path: string, init?: RequestInit): Promise<Json> => {
      const r = await raw(path, init);
      const body = JSON.parse(r.text) as Json;
      assert.equal(r.status, body.code, `HTTP status mirrors the envelope code for ${path}`);
      return body;
    };
    const names = (users: unknown): string[] => ((users ?? []) as Array<{ username: string }>).map((u) => u.username);

    test('ping: envelope, pretty-printed with tabs, anonymous without a token', async () => {
      const r = await raw('/api/v1/ping');
      assert.equal(r.status, 200);
      assert.match(r.type, /application\/json/);
      assert.match(r.text, /^\{\n\t"code": 200,/);
      const body = JSON.parse(r.text) as Json;
      assert.equal(body.user_id, 0);
      assert.equal(body.privileges, 0);
    });

    test('JSONP when callback= is given', async () => {
      const r = await raw('/api/v1/ping?callback=cb_1');
      assert.match(r.type, /javascript/);
      assert.match(r.text, /^\/\*\*\/ typeof cb_1 === 'function' && cb_1\(\{/);
      assert.ok(r.text.endsWith(');'));
    });

    test('users/full: core, stats per rx × mode with board ranks, badges, RFC 3339 times', async () => {
      const body = await get(`/api/v1/users/full?id=${w.alice}`);
      assert.equal(body.username, 'Alice');
      assert.equal(body.country, 'JP');
      assert.equal(body.registered_on, '2020-09-13T12:26:40Z');
      assert.deepEqual(body.user_title, { id: '', title: '' });
      const stats = body.stats as Array<Record<string, Record<string, unknown>>>;
      assert.equal(stats.length, 3);
      assert.equal(stats[0]!.std!.pp, 900);
      assert.equal(stats[0]!.std!.global_leaderboard_rank, 1, 'mallory is restricted and not on the board');
      assert.equal(stats[0]!.std!.country_leaderboard_rank, 1);
      assert.equal(stats[0]!.std!.playcount, 42);
      assert.deepEqual(stats[0]!.std!.grades, { xh_count: 0, x_count: 0, sh_count: 0, s_count: 3, a_count: 2, b_count: 0, c_count: 0, d_count: 0 });
      assert.ok((stats[0]!.std!.level as number) > 1);
      assert.equal(stats[1]!.std!.pp, 1800);
      assert.equal(stats[0]!.taiko!.global_leaderboard_rank, null);
      assert.equal(stats[2]!.taiko!.level, 0, 'autopilot taiko is never filled');
      assert.deepEqual(body.badges, [{ id: (body.badges as Array<{ id: number }>)[0]!.id, name: 'Tester', icon: 'fa-check', colour: 'blue' }]);
      assert.deepEqual(body.silence_info, { reason: '', end: '1970-01-01T00:00:00Z' });
      assert.equal(body.followers, 0);
      assert.equal('email' in body, false, 'email only for ManageUser tokens');
      assert.equal((await get('/api/v1/users/full?name=bob%20smith')).id, w.bob);
    });

    test('bad parameters: clear 400s in the envelope', async () => {
      assert.equal((await get('/api/v1/users/full?id=abc')).code, 400);
      assert.equal((await get('/api/v1/users/full')).code, 400);
      assert.equal((await get('/api/v1/leaderboard?rx=7')).code, 400);
      assert.equal((await get('/api/v1/leaderboard?country=japan')).code, 400);
      assert.equal((await get(`/api/v1/users/scores/best?id=${w.alice}&mode=9`)).code, 400);
      assert.equal((await get('/api/v1/score?id=1%3B%20DROP')).code, 400);
      assert.equal((await get('/api/v1/hypothetical-rank?mode=0&rx=0&pp=-5')).code, 400);
      assert.equal((await get('/api/v1/scores')).code, 422);
    });

    test('hidden users: restricted players 404 for others, visible to themselves and to MANAGE_USERS', async () => {
      assert.equal((await get(`/api/v1/users/full?id=${w.mallory}`)).code, 404);
      assert.equal((await get('/api/v1/users?name=mallory')).code, 404);
      assert.equal((await get('/api/v1/users/whatid?name=mallory')).code, 404);
      const own = await addToken(server.servers[0]!.deps.storage, w.mallory, 0);
      const self = await get('/api/v1/users/full?id=self', { headers: { 'X-Ripple-Token': own } });
      assert.equal(self.id, w.mallory);
      const staff = await addToken(server.servers[0]!.deps.storage, w.admin, 0);
      assert.equal((await get(`/api/v1/users/full?id=${w.mallory}`, { headers: { cookie: `rt=${staff}` } })).id, w.mallory);
      assert.equal((await get(`/api/v1/users/scores/best?id=${w.mallory}`)).scores, null);
      const top = await get('/api/v1/scores?b=101&l=10');
      assert.equal(names((top.scores as Array<{ user: unknown }>).map((s) => s.user)).includes('Mallory'), false);
    });

    test('users: filters, sort and pagination', async () => {
      assert.deepEqual(names((await get('/api/v1/users?country=JP')).users), ['Alice', 'Carol']);
      assert.deepEqual(names((await get('/api/v1/users?country=JP&l=1&p=2')).users), ['Carol']);
      assert.deepEqual(names((await get(`/api/v1/users?ids=${w.bob}&ids=${w.carol}&sort=id,desc`)).users), ['Carol', 'Bob Smith']);
      assert.deepEqual(names((await get('/api/v1/users?nname=Bob%20Smith')).users), ['Bob Smith']);
      assert.equal((await get('/api/v1/users?country=ZZ')).users, null);
      assert.deepEqual((await get('/api/v1/users/whatid?name=Carol')).id, w.carol);
      assert.deepEqual(names((await get('/api/v1/users/lookup?name=o')).users), ['Bob Smith', 'Carol']);
    });

    test('leaderboard: pp from the boards, country filter, score from user_stats, pages', async () => {
      assert.deepEqual(names((await get('/api/v1/leaderboard?mode=0')).users), ['Alice', 'Bob Smith', 'Carol', 'Admin']);
      assert.deepEqual(names((await get('/api/v1/leaderboard?mode=0&country=jp')).users), ['Alice', 'Carol']);
      assert.deepEqual(names((await get('/api/v1/leaderboard?mode=0&l=2&p=2')).users), ['Carol', 'Admin']);
      assert.deepEqual(names((await get('/api/v1/leaderboard?mode=0&sort=score')).users).slice(0, 4), ['Bob Smith', 'Carol', 'Alice', 'Admin']);
      assert.deepEqual(names((await get('/api/v1/leaderboard?mode=0&sort=score&country=JP')).users), ['Carol', 'Alice']);
      const rx = await get('/api/v1/leaderboard?mode=0&rx=1&l=1');
      const first = (rx.users as Array<{ chosen_mode: Record<string, unknown>; username: string }>)[0]!;
      assert.equal(first.username, 'Alice');
      assert.equal(first.chosen_mode.pp, 1800);
      assert.equal(first.chosen_mode.global_leaderboard_rank, 1);
      assert.equal((await get('/api/v1/leaderboard?mode=1')).users, null);
      assert.equal((await get('/api/v1/leaderboard?l=100000')).code, 200, 'l is clamped, not refused');
      assert.equal((await get('/api/v1/hypothetical-rank?mode=0&rx=0&pp=850')).rank, 2);
      assert.equal((await get('/api/v1/hypothetical-rank?mode=0&rx=0&pp=99999')).rank, 1);
      assert.equal((await get('/api/v1/hypothetical-rank?mode=0&rx=0&pp=0')).rank, 5);
    });

    test('users/scores/best|recent|pinned: joins, order, grade letter, limits', async () => {
      const best = (await get(`/api/v1/users/scores/best?id=${w.alice}&mode=0`)).scores as Array<Record<string, unknown>>;
      assert.deepEqual(best.map((s) => s.pp), [300, 200, 100], 'ranked maps only, completed = 3, pp desc');
      assert.equal(best[0]!.id, w.aliceBest.toString());
      assert.equal(typeof best[0]!.id, 'string');
      assert.equal((best[0]!.beatmap as Record<string, unknown>).song_name, 'Artist 101 - Song 101 [Insane]');
      assert.equal(best[0]!.rank, 'S', '450/490 300s, no miss, no 50');
      assert.equal(best[1]!.rank, 'SHD', 'hidden makes it silver');
      assert.match(String(best[0]!.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(((await get(`/api/v1/users/scores/best?id=${w.alice}&l=1&p=2`)).scores as unknown[]).length, 1);
      const recent = (await get(`/api/v1/users/scores/recent?name=alice`)).scores as Array<Record<string, unknown>>;
      assert.equal(recent.length, 4, 'the score from 2020 is older than 24 h');
      const pinned = (await get(`/api/v1/users/scores/pinned?id=${w.alice}`)).scores as Array<Record<string, unknown>>;
      assert.deepEqual(pinned.map((s) => s.id), [w.aliceBest.toString()]);
      assert.equal(pinned[0]!.pinned, true);
      const rx = (await get(`/api/v1/users/scores/best?id=${w.alice}&rx=1`)).scores as Array<Record<string, unknown>>;
      assert.deepEqual(rx.map((s) => s.pp), [600]);
    });

    test('score, scores (a map\'s top list), beatmaps', async () => {
      const one = await get(`/api/v1/score?id=${w.aliceBest}`);
      assert.equal((one.score as { user: { username: string } }).user.username, 'Alice');
      assert.equal((one.beatmap as { beatmap_id: number }).beatmap_id, 101);
      assert.equal((await get('/api/v1/score?id=123456789')).code, 404);
      const top = (await get('/api/v1/scores?b=101')).scores as Array<{ pp: number; user: { username: string } }>;
      assert.deepEqual(top.map((s) => s.user.username), ['Alice', 'Carol', 'Bob Smith']);
      const byScore = (await get(`/api/v1/scores?md5=${w.maps[0]!.beatmapMd5}&sort=score,desc`)).scores as Array<{ user: { username: string } }>;
      assert.deepEqual(byScore.map((s) => s.user.username), ['Bob Smith', 'Alice', 'Carol']);
      const rx = (await get('/api/v1/scores?b=101&relax=1')).scores as Array<{ user: { username: string } }>;
      assert.deepEqual(rx.map((s) => s.user.username), ['Alice', 'Bob Smith']);
      const map = await get('/api/v1/beatmaps?b=101');
      assert.equal(map.beatmap_md5, w.maps[0]!.beatmapMd5);
      assert.equal(map.latest_update, '2023-11-14T22:13:20Z');
      const set = await get('/api/v1/beatmaps?s=1020');
      assert.deepEqual((set.beatmaps as Array<{ beatmap_id: number }>).map((b) => b.beatmap_id), [102]);
      assert.equal((await get('/api/v1/beatmaps?b=999')).code, 404);
    });

    test('tokens: md5 in tokens.token, every source, privileges masked by the owner, routes gated', async () => {
      const storage = server.servers[0]!.deps.storage;
      const confidential = await addToken(storage, w.alice, TokenPrivileges.ReadConfidential);
      const writer = await addToken(storage, w.alice, TokenPrivileges.ReadConfidential | TokenPrivileges.Write);
      // tokens.privileges is a tinyint: staff powers come from private tokens (every bit, masked by the owner).
      const overreach = await addToken(storage, w.alice, 0, { private: true });
      const staff = await addToken(storage, w.admin, 0, { private: true });
      assert.equal((await get('/api/v1/friends')).code, 401);
      assert.equal((await get('/api/v1/friends?token=nonsense')).code, 401);
      const sources: RequestInit[] = [
        { headers: { 'X-Ripple-Token': confidential } },
        { headers: { cookie: `X-Ripple-Token=${confidential}` } },
        { headers: { cookie: `rt=${confidential}` } },
      ];
      for (const init of sources) {
        const r = await get('/api/v1/friends', init);
        assert.equal(r.code, 200);
      }
      assert.equal((await get(`/api/v1/ping?k=${confidential}`)).user_id, w.alice);
      assert.equal((await get(`/api/v1/ping?token=${confidential}`)).privileges, TokenPrivileges.ReadConfidential);
      const add = (token: string) => get('/api/v1/friends/add', { method: 'POST', headers: { 'X-Ripple-Token': token, 'content-type': 'application/json' }, body: JSON.stringify({ user: w.bob }) });
      assert.equal((await add(confidential)).code, 401, 'adding needs Write');
      assert.deepEqual(await add(writer), { code: 200, friend: true, mutual: false });
      const friends = (await get('/api/v1/friends', { headers: { 'X-Ripple-Token': writer } })).friends as Array<{ id: number; is_mutual: boolean }>;
      assert.deepEqual(friends.map((f) => f.id), [w.bob]);
      assert.equal((await get(`/api/v1/users/full?id=${w.bob}`)).followers, 1);
      // A private token of a normal player is masked to ReadConfidential | Write: no email.
      assert.equal((await get('/api/v1/ping', { headers: { 'X-Ripple-Token': overreach } })).privileges, TokenPrivileges.ReadConfidential | TokenPrivileges.Write);
      const masked = await get(`/api/v1/users/full?id=${w.bob}`, { headers: { 'X-Ripple-Token': overreach } });
      assert.equal('email' in masked, false);
      const full = await get(`/api/v1/users/full?id=${w.bob}`, { headers: { 'X-Ripple-Token': staff } });
      assert.equal(full.email, 'bob_smith@example.test');
      assert.equal((await get('/api/v1/friends/with?id=' + w.bob, { headers: { 'X-Ripple-Token': writer } })).friend, true);
    });

    test('users/self/settings and score pins: Write to change, ReadConfidential to read, own scores only', async () => {
      const storage = server.servers[0]!.deps.storage;
      const reader = await addToken(storage, w.carol, TokenPrivileges.ReadConfidential);
      const writer = await addToken(storage, w.carol, TokenPrivileges.ReadConfidential | TokenPrivileges.Write);
      const post = (path: string, token: string, body: unknown) =>
        get(path, { method: 'POST', headers: { 'X-Ripple-Token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const before = await get('/api/v1/users/self/settings', { headers: { 'X-Ripple-Token': reader } });
      assert.equal(before.username, 'Carol');
      assert.equal(before.favourite_mode, 0);
      assert.equal((await post('/api/v1/users/self/settings', reader, { favourite_mode: 2 })).code, 401);
      const after = await post('/api/v1/users/self/settings', writer, { favourite_mode: 9, leaderboard_size: 75, vanilla_pp_leaderboards: true });
      assert.deepEqual([after.favourite_mode, after.leaderboard_size, after.vanilla_pp_leaderboards], [3, 75, true], 'favourite_mode clamped to 0..3');
      assert.equal((await post('/api/v1/users/self/settings', writer, { leaderboard_size: 9999 })).code, 400);
      assert.equal((await post('/api/v1/users/self/settings', writer, 'nonsense')).code, 400);
      // Pins: carol's own score only.
      const carolScore = (((await get(`/api/v1/users/scores/best?id=${w.carol}`)).scores as Array<{ id: string }>)[0]!).id;
      assert.deepEqual(await post('/api/v1/users/scores/pin', writer, { id: carolScore }), { code: 200, score_id: carolScore });
      assert.deepEqual(((await get(`/api/v1/users/scores/pinned?id=${w.carol}`)).scores as Array<{ id: string }>).map((x) => x.id), [carolScore]);
      assert.equal((await post('/api/v1/users/scores/pin', writer, { id: w.aliceBest.toString() })).code, 404, "alice's score is not carol's");
      assert.equal((await post('/api/v1/users/scores/pin', writer, { id: 12 })).code, 400, 'ids are strings');
      assert.equal((await post('/api/v1/users/scores/unpin', writer, { id: carolScore })).code, 200);
      assert.equal((await get(`/api/v1/users/scores/pinned?id=${w.carol}`)).scores, null);
    });

    test('grades, countries, most_played, clans, badges, match', async () => {
      assert.deepEqual((await get(`/api/v1/grades?id=${w.alice}&mode=0`)).grades, { xh_count: 0, x_count: 0, sh_count: 0, s_count: 3, a_count: 2, b_count: 0, c_count: 0, d_count: 0 });
      assert.equal((await get(`/api/v1/grades?id=${w.mallory}&mode=0`)).code, 404);
      const countries = (await get('/api/v1/countries')).countries as Array<{ name: string; code: string }>;
      assert.deepEqual(countries.find((c) => c.code === 'JP'), { name: 'Japan', code: 'JP' });
      assert.equal(countries.some((c) => c.code === 'XX'), false);
      assert.equal((await get(`/api/v1/users/most_played?id=${w.alice}`)).most_played_beatmaps, null);
      assert.equal((await get('/api/v1/clans')).clans, null);
      assert.equal(((await get('/api/v1/badges')).badges as unknown[]).length, 1);
      const matchId = await server.servers[0]!.deps.storage.matches.create('Alice vs Bob', false, 1_700_000_000);
      await server.servers[0]!.deps.storage.matches.addEvent({ matchId, gameId: null, userId: w.alice, eventType: 'MATCH_USER_JOIN', timestamp: 1_700_000_001 });
      const m = await get(`/api/v1/match?id=${matchId}`);
      assert.deepEqual(m.match, { id: matchId, name: 'Alice vs Bob', start_time: '2023-11-14T22:13:20Z', end_time: null });
      assert.equal((m.events as Array<{ user: { username: string } }>)[0]!.user.username, 'Alice');
      assert.equal((await get('/api/v1/match?id=999999')).code, 404);
    });

    test('osu! API v1 compatibility: bare arrays, strings, [] on any problem, the rx rule', async () => {
      for (const prefix of ['/api', '/api/v1']) {
        const user = JSON.parse((await raw(`${prefix}/get_user?u=alice&rx=0`)).text) as Array<Record<string, unknown>>;
        assert.equal(user.length, 1);
        assert.equal(user[0]!.user_id, String(w.alice));
        assert.equal(user[0]!.pp_raw, '900');
        assert.equal(user[0]!.pp_rank, '1');
        assert.equal(user[0]!.pp_country_rank, '1');
        assert.equal(user[0]!.join_date, '2020-09-13 12:26:40');
        const rxUser = JSON.parse((await raw(`${prefix}/get_user?u=${w.alice}&rx=1&type=id`)).text) as Array<Record<string, unknown>>;
        assert.equal(rxUser[0]!.pp_raw, '1800');
        for (const bad of ['get_user?u=alice', 'get_user?u=mallory&rx=0', 'get_user?u=nobody&rx=0', 'get_scores', 'get_scores?b=abc', 'get_user_best', 'get_match?mp=x', 'get_beatmaps?b=x']) {
          const r = await raw(`${prefix}/${bad}`);
          assert.equal(r.status, 200, bad);
          assert.equal(r.text, '[]', bad);
        }
      }
      const scores = JSON.parse((await raw('/api/get_scores?b=101&m=0')).text) as Array<Record<string, unknown>>;
      assert.deepEqual(scores.map((s) => s.username), ['Bob Smith', 'Alice', 'Carol'], 'vanilla by score; restricted hidden');
      assert.equal(scores[1]!.score_id, w.aliceBest.toString());
      assert.equal(scores[1]!.perfect, '1');
      assert.equal(scores[1]!.enabled_mods, '0');
      const rx = JSON.parse((await raw('/api/get_scores?b=101&rx=1')).text) as Array<Record<string, unknown>>;
      assert.deepEqual(rx.map((s) => s.pp), ['600', '500'], 'relax by pp');
      const hd = JSON.parse((await raw('/api/get_scores?b=101&mods=8')).text) as unknown[];
      assert.equal(hd.length, 0);
      const maps = JSON.parse((await raw('/api/get_beatmaps?b=104')).text) as Array<Record<string, unknown>>;
      assert.equal(maps[0]!.approved, '4', 'loved 5 → 4');
      assert.equal(maps[0]!.artist, 'Artist 104');
      assert.equal(maps[0]!.version, 'Insane');
      const bests = JSON.parse((await raw('/api/get_user_best?u=alice&limit=2')).text) as Array<Record<string, unknown>>;
      assert.deepEqual(bests.map((s) => s.score), ['900000', '800000'], 'vanilla bests by score');
      assert.equal(bests[0]!.beatmap_id, '101');
      const recent = JSON.parse((await raw('/api/v1/get_user_recent?u=alice')).text) as unknown[];
      assert.equal(recent.length, 5);
    });

    test("rs's bancho API and performance-service routes on /api/v1 still answer", async () => {
      const r = JSON.parse((await raw(`/api/v1/isOnline?id=${w.alice}`)).text) as Record<string, unknown>;
      assert.deepEqual(r, { message: 'ok', status: 200, result: false });
      assert.equal((await raw('/api/v1/serverStatus')).status, 200);
    });
  });
}
